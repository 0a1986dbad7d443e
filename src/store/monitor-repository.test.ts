// Monitors on both backends: CRUD with unique names, region assignment, component links and the
// auto-incident flag, and deletes that take results, state, transitions and rollups along.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import type { MonitorSettings } from '../domain/monitoring/index.js';
import { MonitorRepository } from './monitor-repository.js';
import { CheckResultRepository } from './check-result-repository.js';
import { isUniqueViolation } from './sql-errors.js';
import { newId } from './ids.js';

const settings: MonitorSettings = {
  intervalMs: 30_000,
  timeoutMs: 5_000,
  regions: ['eu-west', 'us-east'],
  failureThreshold: 2,
  successThreshold: 1,
  quorum: 2,
  degradedLatencyMs: 800,
  paused: false,
};

for (const backend of await databaseBackends()) {
  describe(`monitors on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let monitors: MonitorRepository;
    let componentIds: string[];

    before(async () => {
      database = await backend.create();
      monitors = new MonitorRepository(database.db);
      const pageId = newId();
      componentIds = [newId(), newId()];
      await database.db.insertInto('pages').values({ id: pageId, slug: 'p', name: 'P' }).execute();
      await database.db
        .insertInto('components')
        .values(componentIds.map((id, i) => ({ id, page_id: pageId, name: `C${i}` })))
        .execute();
    });
    after(() => database.drop());

    it('creates, reads, updates and deletes a monitor, keeping JSON and conditions as given', async () => {
      const created = await monitors.insert({
        id: newId(),
        name: 'website',
        type: 'http',
        spec: { url: 'http://127.0.0.1:8080/health', method: 'GET', headers: { a: 'b' } },
        settings,
        conditions: ['status == 200', 'body contains "ok, fine"'],
      });
      assert.deepEqual(created.settings, settings);
      assert.deepEqual(created.conditions, ['status == 200', 'body contains "ok, fine"']);
      assert.deepEqual((await monitors.findByName('website'))?.spec, created.spec);

      const paused = { ...settings, paused: true };
      const updated = await monitors.update(created.id, { name: 'site', settings: paused });
      assert.equal(updated?.name, 'site');
      assert.equal(updated?.settings.paused, true);
      assert.equal(await monitors.update('missing', { name: 'x' }), undefined);
      assert.equal(await monitors.delete(created.id), true);
      assert.equal(await monitors.find(created.id), undefined);
      assert.equal(await monitors.delete(created.id), false);
    });

    it('refuses a second monitor with a taken name', async () => {
      const base = { type: 'tcp' as const, spec: {}, settings, conditions: [] };
      await monitors.insert({ id: newId(), name: 'db', ...base });
      const other = await monitors.insert({ id: newId(), name: 'db2', ...base });
      await assert.rejects(
        monitors.insert({ id: newId(), name: 'db', ...base }),
        isUniqueViolation,
      );
      await assert.rejects(monitors.update(other.id, { name: 'db' }), isUniqueViolation);
    });

    it('lists what a region checks: not paused, not heartbeats, in id order', async () => {
      const make = (name: string, regions: string[], extra: Partial<MonitorSettings> = {}) =>
        monitors.insert({
          id: `r-${name}`,
          name: `region-${name}`,
          type: 'http',
          spec: {},
          settings: { ...settings, regions, ...extra },
          conditions: [],
        });
      await make('b', ['asia']);
      await make('a', ['asia', 'eu']);
      await make('c', ['eu']);
      await make('d', ['asia'], { paused: true });
      await monitors.insert({
        id: 'r-e',
        name: 'region-e',
        type: 'heartbeat',
        spec: {},
        settings: { ...settings, regions: ['asia'] },
        conditions: [],
        heartbeatSecretHash: 'f'.repeat(64),
      });
      const ids = async (options = {}) =>
        (await monitors.listByRegion('asia', options)).map((m) => m.id);
      assert.deepEqual(await ids(), ['r-a', 'r-b']);
      assert.deepEqual(await ids({ includePaused: true, includeHeartbeats: true }), [
        'r-a',
        'r-b',
        'r-d',
        'r-e',
      ]);
      assert.equal((await monitors.findByHeartbeatHash('f'.repeat(64)))?.id, 'r-e');
    });

    it('links components and keeps the per-component auto-incident flag', async () => {
      const monitor = await monitors.insert({
        id: newId(),
        name: 'linked',
        type: 'dns',
        spec: { name: 'example.test', record: 'A' },
        settings,
        conditions: [],
      });
      await monitors.setComponents(monitor.id, [
        componentIds[0]!,
        componentIds[1]!,
        componentIds[0]!,
      ]);
      assert.deepEqual(await monitors.componentIds(monitor.id), [...componentIds].sort());
      await monitors.setComponents(monitor.id, [componentIds[1]!]);
      assert.deepEqual(await monitors.componentIds(monitor.id), [componentIds[1]]);
      assert.deepEqual(
        (await monitors.listByComponent(componentIds[1]!)).map((m) => m.id),
        [monitor.id],
      );
      assert.equal(await monitors.autoIncident(componentIds[1]!), false);
      assert.equal(await monitors.setAutoIncident(componentIds[1]!, true), true);
      assert.equal(await monitors.autoIncident(componentIds[1]!), true);
      assert.equal(await monitors.setAutoIncident('missing', true), false);
    });

    it('deletes results, state, transitions, rollups and links with the monitor', async () => {
      const monitor = await monitors.insert({
        id: newId(),
        name: 'doomed',
        type: 'http',
        spec: {},
        settings,
        conditions: [],
      });
      await monitors.setComponents(monitor.id, [componentIds[0]!]);
      const results = new CheckResultRepository(database.db);
      await results.insertBatch([
        { id: 'x1', monitorId: monitor.id, region: 'eu-west', checkedAt: new Date(), passed: true },
      ]);
      const at = new Date().toISOString();
      await database.db
        .insertInto('monitor_states')
        .values({
          monitor_id: monitor.id,
          status: 'up',
          state: JSON.stringify({
            status: 'up',
            since: at,
            evaluatedAt: at,
            observingSince: at,
            regions: {},
            failingRegions: [],
          }),
        })
        .execute();
      await database.db
        .insertInto('monitor_transitions')
        .values({
          id: newId(),
          monitor_id: monitor.id,
          from_status: 'stale',
          to_status: 'up',
          at,
          reason: JSON.stringify({ summary: 'all regions ok' }),
        })
        .execute();

      await monitors.delete(monitor.id);
      const count = async (table: string) =>
        (
          await database.withSession((s) =>
            s.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM ${table} WHERE monitor_id = $1`,
              [monitor.id],
            ),
          )
        )[0]!.n;
      for (const table of [
        'check_results',
        'monitor_states',
        'monitor_transitions',
        'rollups_hourly',
        'rollups_daily',
        'monitor_components',
      ]) {
        assert.equal(await count(table), 0, table);
      }
    });
  });
}
