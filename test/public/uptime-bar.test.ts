// The 90-day uptime bar on the public page, on both databases: shown with its percentage for a
// monitored component once results are stored, a title per day with date, uptime and incidents,
// no bar for a component without monitors, and no database statement per page request.
import { after as afterAll, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { utcDay } from '../../src/store/check-partitions.js';
import { CheckResultRepository } from '../../src/store/check-result-repository.js';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, type TestWeb } from '../support/web.js';
import { after, count, pageWhere } from './support/public-client.js';
import { statementCounter } from '../support/statement-counter.js';
import { momentsEarlierToday } from '../support/utc-days.js';

const DAY_MS = 86_400_000;

const outcomesAt = (outcomes: boolean[], moments: Date[]) =>
  outcomes.map((passed, i) => ({ passed, at: moments[i]! }));

for (const backend of await databaseBackends()) {
  describe(`public uptime bars on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    const counter = statementCounter();
    // One clock reading gives the data's days and the days the page is expected to show: the
    // page may be drawn after midnight, but the day holding today's data is still among its 90.
    const now = Date.now();
    const today = utcDay(new Date(now));
    const twoDaysAgo = utcDay(new Date(now - 2 * DAY_MS));

    before(async () => {
      const database = await backend.create();
      // Every statement of the server goes through the counter.
      web = await startTestWeb({ ...database, db: database.db.withPlugin(counter) });
      const { pages, monitors, incidents } = web.services;
      const page = await pages.createPage({ slug: 'main', name: 'Acme' });
      const api = await pages.createComponent(page.id, { name: 'API' });
      await pages.createComponent(page.id, { name: 'Website' });
      const monitor = await monitors.create({
        name: 'api health',
        type: 'http',
        target: { url: 'http://127.0.0.1:9/health' },
        regions: ['eu'],
        components: [api.id],
      });
      await incidents.createIncident(
        page.id,
        {
          name: 'Slow <API> answers',
          body: 'Looking into it.',
          components: { [api.id]: 'degraded_performance' },
        },
        new Date(now),
      );
      const outcomes = [
        // Today: 3 of 4 passed; two days ago: all 4 passed.
        ...outcomesAt([true, true, true, false], momentsEarlierToday(now, 4)),
        ...outcomesAt([true, true, true, true], momentsEarlierToday(now - 2 * DAY_MS, 4)),
      ];
      await new CheckResultRepository(web.database.db).insertBatch(
        outcomes.map(({ passed, at }, i) => ({
          id: `r${i}`,
          monitorId: monitor.monitor.id,
          region: 'eu',
          checkedAt: at,
          passed,
          latencyMs: 40,
        })),
      );
    });
    afterAll(() => web?.close());

    it('shows the bar and the 90-day percentage under a monitored component only', async () => {
      const { response, body } = await pageWhere(web, '/', (html) =>
        html.includes('class="uptime-bar"'),
      );
      assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.doesNotMatch(body, /<script|\sstyle=|<style/i, 'no inline script or style');
      assert.equal(count(body, 'class="uptime-bar"'), 1, 'only the monitored component has one');
      const api = after(body, '<span class="component-name">API</span>', 60_000);
      const apiItem = api.slice(0, api.indexOf('</li>'));
      assert.match(
        apiItem,
        /<svg class="uptime-bar"[^>]* role="img" aria-label="API: 87\.50 % uptime over the last 90 days"/,
      );
      assert.match(apiItem, /<span class="uptime-summary">87\.50 % uptime over the last 90 days</);
      assert.equal(count(apiItem, '<rect '), 90, 'one bar per day');
      assert.ok(
        apiItem.includes(
          `<title>${today}: 75.00 % uptime, 1 incident: Slow &lt;API> answers</title>`,
        ),
        'today says its date, uptime and incident, escaped',
      );
      assert.ok(apiItem.includes(`<title>${twoDaysAgo}: 100 % uptime, no incidents</title>`));
      assert.ok(apiItem.includes('uptime-day uptime-critical'), 'today is coloured by 75 %');

      const website = after(body, '<span class="component-name">Website</span>', 2_000);
      assert.ok(!website.slice(0, website.indexOf('</li>')).includes('uptime'));
    });

    it('serves the page from its snapshot without a database statement per request', async () => {
      await pageWhere(web, '/', (html) => html.includes('class="uptime-bar"'));
      await web.retention.lastRun;
      const before = counter.count;
      assert.ok(before > 0, "the counter sees the server's statements");
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${web.baseUrl}/`);
        assert.equal(response.status, 200);
        assert.match(await response.text(), /87\.50 % uptime/);
        const summary = await fetch(`${web.baseUrl}/api/v2/summary.json`);
        assert.equal(summary.status, 200);
        await summary.arrayBuffer();
      }
      assert.equal(counter.count, before);
    });
  });
}
