// Page snapshots on both backends: the uptime part holds monitored components only, with their
// incidents per day; serving a snapshot reads nothing, and the uptime part is refreshed by age
// (in the background, the stale snapshot served meanwhile) without any change notice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServices, type Services } from '../services/index.js';
import { utcDay } from '../store/check-partitions.js';
import { CheckResultRepository } from '../store/check-result-repository.js';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { PageSnapshots } from './page-snapshots.js';
import { SNAPSHOT_UPTIME_DAYS } from './page-uptime.js';
import { statementCounter } from '../../test/support/statement-counter.js';
import { momentsEarlierToday } from '../../test/support/utc-days.js';

for (const backend of await databaseBackends()) {
  describe(`page snapshots with uptime on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    let pageId: string;
    let apiId: string;
    let websiteId: string;
    let monitorId: string;
    let clock = Date.now();
    const counter = statementCounter();
    let snapshots: PageSnapshots;
    let results: CheckResultRepository;

    // Checks just before the snapshots' clock and in its UTC day, whenever the test runs.
    const checks = (prefix: string, passed: boolean[]) => {
      const moments = momentsEarlierToday(clock, passed.length);
      return results.insertBatch(
        passed.map((ok, i) => ({
          id: `${prefix}-${i}`,
          monitorId,
          region: 'eu',
          checkedAt: moments[i]!,
          passed: ok,
          latencyMs: 50,
        })),
      );
    };

    before(async () => {
      database = await backend.create();
      services = createServices(database.db, { sessionTtlMs: 3_600_000 });
      results = new CheckResultRepository(database.db);
      const page = await services.pages.createPage({ slug: 'snap', name: 'Snap' });
      pageId = page.id;
      apiId = (await services.pages.createComponent(pageId, { name: 'API' })).id;
      websiteId = (await services.pages.createComponent(pageId, { name: 'Website' })).id;
      monitorId = (
        await services.monitors.create({
          name: 'api',
          type: 'http',
          target: { url: 'http://127.0.0.1:9/' },
          regions: ['eu'],
          components: [apiId],
        })
      ).monitor.id;
      await services.incidents.createIncident(
        pageId,
        {
          name: 'Slow answers',
          body: 'Looking.',
          components: { [apiId]: 'degraded_performance' },
        },
        new Date(clock),
      );
      await checks('a', [true, true, true, false]);
      snapshots = new PageSnapshots(database.db.withPlugin(counter), {
        now: () => clock,
        uptimeRefreshMs: 60_000,
      });
    });
    after(() => database.drop());

    it('holds 90 days of uptime for monitored components only, with their incidents', async () => {
      const snapshot = (await snapshots.getById(pageId))!;
      assert.ok(!snapshot.uptime.has(websiteId), 'a component without monitors has no uptime');
      const api = snapshot.uptime.get(apiId);
      assert.ok(api);
      assert.equal(api.days.length, SNAPSHOT_UPTIME_DAYS);
      assert.equal(api.ratio, 0.75);
      const today = api.days.at(-1)!;
      assert.equal(today.date, utcDay(new Date(clock)));
      assert.equal(today.checks, 4);
      assert.deepEqual(today.incidents, [{ name: 'Slow answers', impact: 'minor' }]);
      assert.deepEqual(api.days.at(-2)!.incidents, [], 'the incident began today');
    });

    it('serves a built snapshot without reading the database', async () => {
      const first = await snapshots.getById(pageId);
      // The slug is resolved once, then known.
      assert.equal(await snapshots.get('snap'), first);
      const before = counter.count;
      for (let i = 0; i < 5; i++) {
        assert.equal(await snapshots.getById(pageId), first);
        assert.equal(await snapshots.get('snap'), first);
      }
      assert.equal(counter.count, before);
    });

    it('refreshes the uptime part once it is older than the refresh time', async () => {
      const old = (await snapshots.getById(pageId))!;
      await checks('b', [false, false, false, false]);
      clock += 30_000;
      assert.equal(await snapshots.getById(pageId), old, 'still fresh enough');

      clock += 31_000;
      const before = counter.count;
      assert.equal(await snapshots.getById(pageId), old, 'the stale one is served meanwhile');
      await snapshots.idle();
      const fresh = (await snapshots.getById(pageId))!;
      assert.notEqual(fresh, old);
      assert.equal(fresh.uptime.get(apiId)?.ratio, 3 / 8);
      assert.ok(fresh.version > old.version, 'a new version, so rendered pages are new too');
      assert.equal(fresh.uptimeReadAt.getTime(), clock);
      assert.equal(fresh.components, old.components, 'the rest of the snapshot is kept');
      assert.ok(counter.count > before);

      const afterRefresh = counter.count;
      assert.equal(await snapshots.getById(pageId), fresh);
      assert.equal(counter.count, afterRefresh, 'one refresh, then memory again');
    });

    it('rebuilds with fresh uptime on a change notice, dropping a refresh under way', async () => {
      clock += 61_000;
      const stale = await snapshots.getById(pageId); // starts a refresh
      snapshots.invalidate(pageId);
      const rebuilt = (await snapshots.getById(pageId))!;
      assert.notEqual(rebuilt, stale);
      // The refresh that was under way must not replace the rebuilt snapshot.
      await snapshots.idle();
      assert.equal(await snapshots.getById(pageId), rebuilt);
      assert.equal(rebuilt.uptime.get(apiId)?.ratio, 3 / 8);
    });
  });
}
