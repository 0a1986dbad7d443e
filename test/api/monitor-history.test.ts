// A monitor's history through the management API on both backends: raw results and transitions
// paged by cursor, current state (pending before any evaluation), uptime of a monitor and of a
// component per UTC day, latency percentiles, and 404/400 answers naming what is wrong.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitorState, Transition } from '../../src/domain/monitoring/index.js';
import { utcDay } from '../../src/store/check-partitions.js';
import {
  CheckResultRepository,
  type NewCheckResult,
} from '../../src/store/check-result-repository.js';
import { MonitorStateRepository } from '../../src/store/monitor-state-repository.js';
import { databaseBackends } from '../support/databases.js';
import { withUtcDays } from '../support/utc-days.js';
import { errorOf, ISO_UTC, serveForSuite, type ApiResponse, type Call } from './client.js';

/** An item of a list as the API sent it (tests assert on it field by field). */
type Item = ApiResponse['body'];

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Every item of a cursor-paged list, following next_cursor; checks the Link header on the way. */
async function allPages(call: Call, path: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = cursor ? `${path}${separator}cursor=${cursor}` : path;
    const response = await call('GET', url);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    items.push(...response.body.data);
    cursor = response.body.next_cursor;
    if (cursor === null) {
      assert.equal(response.headers.get('link'), null, 'no next link on the last page');
      return items;
    }
    assert.match(
      response.headers.get('link') ?? '',
      /^<\/api\/v1\/monitors\/[^>]+cursor=[^>]+>; rel="next"$/,
    );
  }
  throw new Error('the pages never ended');
}

for (const backend of await databaseBackends()) {
  describe(`management API of monitor history on ${backend.name}`, { skip: backend.skip }, () => {
    // A read key: everything here is reading.
    const server = serveForSuite(backend, { scope: 'read' });
    const { call } = server;
    let monitorId: string;
    let componentId: string;
    let results: NewCheckResult[];

    async function setUp(): Promise<void> {
      const { pages, monitors } = server.web.services;
      const page = await pages.createPage({ slug: 'history', name: 'History' });
      componentId = (await pages.createComponent(page.id, { name: 'API' })).id;
      monitorId = (
        await monitors.create({
          name: 'api',
          type: 'http',
          target: { url: 'http://127.0.0.1:9/health' },
          regions: ['eu', 'us'],
          components: [componentId],
        })
      ).monitor.id;
      const now = Date.now();
      const at = (msAgo: number) => new Date(now - msAgo);
      const result = (id: string, region: string, checkedAt: Date, passed = true) => ({
        id,
        monitorId,
        region,
        checkedAt,
        passed,
        latencyMs: 100 + id.length,
      });
      results = [
        ...[5, 4, 3, 2, 1].map((minutes) =>
          result(`eu-${minutes}`, 'eu', at(minutes * MINUTE_MS), minutes !== 3),
        ),
        // Same moment as eu-2: the cursor must not skip or repeat either of them.
        result('us-2', 'us', at(2 * MINUTE_MS)),
        result('old-1', 'eu', at(2 * DAY_MS)),
        result('old-2', 'us', at(2 * DAY_MS + MINUTE_MS), false),
      ];
      await new CheckResultRepository(server.web.database.db).insertBatch(results);
    }

    it('lists raw results newest first in cursor pages, by region too', async () => {
      await setUp();
      const whole = await call('GET', `/monitors/${monitorId}/results?limit=100`);
      assert.equal(whole.status, 200);
      assert.equal(whole.body.next_cursor, null);
      const expected = [...results]
        .sort(
          (a, b) =>
            b.checkedAt.getTime() - a.checkedAt.getTime() ||
            (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
        )
        .map((r) => r.id);
      assert.deepEqual(
        whole.body.data.map((r: { id: string }) => r.id),
        expected,
      );
      const failed = whole.body.data.find((r: { id: string }) => r.id === 'eu-3');
      assert.equal(failed.passed, false);
      assert.equal(failed.region, 'eu');
      assert.match(failed.checked_at, ISO_UTC);
      assert.equal(failed.latency_ms, 104);
      assert.deepEqual(failed.condition_results, []);

      const paged = await allPages(call, `/monitors/${monitorId}/results?limit=3`);
      assert.deepEqual(
        paged.map((r: Item) => r.id),
        expected,
        'pages of 3 give every result once, in order',
      );

      const us = await call('GET', `/monitors/${monitorId}/results?region=us`);
      assert.deepEqual(
        us.body.data.map((r: { id: string }) => r.id),
        ['us-2', 'old-2'],
      );
    });

    it('lists transitions with their reasons in cursor pages', async () => {
      const states = new MonitorStateRepository(server.web.database.db);
      const base = Date.now() - 10 * MINUTE_MS;
      const transition = (minute: number, from: string, to: string): Transition =>
        ({
          from,
          to,
          at: new Date(base + minute * MINUTE_MS).toISOString(),
          reason: {
            summary: `${to} at minute ${minute}`,
            quorum: 1,
            failingRegions: to === 'down' ? ['eu'] : [],
            okRegions: to === 'down' ? ['us'] : ['eu', 'us'],
            silentRegions: [],
            slowRegions: [],
            triggeredBy: { region: 'eu', resultId: `eu-${minute}` },
            evidence: [
              {
                region: 'eu',
                resultId: `eu-${minute}`,
                checkedAt: new Date(base).toISOString(),
                passed: to !== 'down',
                latencyMs: 12,
                error: null,
                failedConditions: [],
              },
            ],
          },
        }) as Transition;
      await states.insertTransition(monitorId, transition(1, 'pending', 'up'));
      await states.insertTransition(monitorId, transition(2, 'up', 'down'));
      await states.insertTransition(monitorId, transition(3, 'down', 'up'));

      const paged = await allPages(call, `/monitors/${monitorId}/transitions?limit=2`);
      assert.equal(paged.length, 3);
      const [latest, middle] = paged;
      assert.equal(latest.from, 'down');
      assert.equal(latest.to, 'up');
      assert.match(latest.at, ISO_UTC);
      const reason = middle.reason;
      assert.equal(reason.summary, 'down at minute 2');
      assert.deepEqual(reason.failing_regions, ['eu']);
      assert.deepEqual(reason.triggered_by, { region: 'eu', result_id: 'eu-2' });
      assert.equal(reason.evidence[0].passed, false);
    });

    it('answers pending before any evaluation, then the stored state with region verdicts', async () => {
      const pending = await call('GET', `/monitors/${monitorId}/status`);
      assert.equal(pending.status, 200);
      assert.equal(pending.body.status, 'pending');
      assert.equal(pending.body.evaluated_at, null);
      assert.deepEqual(
        pending.body.regions.map((r: { region: string; last_result: unknown }) => [
          r.region,
          r.last_result,
        ]),
        [
          ['eu', null],
          ['us', null],
        ],
      );

      const since = new Date(Date.now() - MINUTE_MS).toISOString();
      const evidence = {
        resultId: 'eu-1',
        checkedAt: since,
        passed: false,
        latencyMs: 30,
        error: 'connection refused',
        failedConditions: ['status == 200'],
      };
      const state: MonitorState = {
        status: 'degraded',
        since,
        evaluatedAt: since,
        observingSince: since,
        regions: {
          eu: {
            region: 'eu',
            failing: true,
            consecutiveFailures: 3,
            consecutiveSuccesses: 0,
            lastResult: evidence,
            lastFailure: evidence,
          },
        },
        failingRegions: ['eu'],
      };
      const states = new MonitorStateRepository(server.web.database.db);
      assert.ok(await states.save(monitorId, state, null));
      const current = await call('GET', `/monitors/${monitorId}/status`);
      assert.equal(current.body.status, 'degraded');
      assert.equal(current.body.since, since);
      assert.deepEqual(current.body.failing_regions, ['eu']);
      const [eu, us] = current.body.regions;
      assert.equal(eu.consecutive_failures, 3);
      assert.equal(eu.last_failure.error, 'connection refused');
      assert.deepEqual(eu.last_failure.failed_conditions, ['status == 200']);
      assert.equal(us.region, 'us', 'a region without a verdict yet is listed as such');
      assert.equal(us.last_result, null);
    });

    it('gives the uptime of a monitor and of its component per UTC day', async () => {
      const perDay = new Map<string, { checks: number; failures: number }>();
      for (const result of results) {
        const day = perDay.get(utcDay(result.checkedAt)) ?? { checks: 0, failures: 0 };
        day.checks++;
        if (!result.passed) day.failures++;
        perDay.set(utcDay(result.checkedAt), day);
      }
      for (const path of [`/monitors/${monitorId}/uptime`, `/components/${componentId}/uptime`]) {
        const { value: response, days } = await withUtcDays(() => call('GET', `${path}?days=5`));
        assert.equal(response.status, 200, JSON.stringify(response.body));
        const body = response.body;
        assert.equal(body.days, 5);
        assert.equal(body.daily.length, 5);
        assert.ok(days.includes(body.daily.at(-1).date), 'ends today, the day it answered');
        assert.equal(body.checks, 8);
        assert.equal(body.failures, 2);
        assert.equal(body.uptime_percent, 75);
        for (const day of body.daily) {
          const expected = perDay.get(day.date);
          assert.equal(day.checks, expected?.checks ?? 0, day.date);
          assert.equal(
            day.uptime_percent,
            expected ? ((expected.checks - expected.failures) / expected.checks) * 100 : null,
          );
        }
      }
      const standard = await call('GET', `/monitors/${monitorId}/uptime`);
      assert.equal(standard.body.days, 90, '90 days unless asked');
    });

    it('gives latency percentiles over 24 hours, 7 days or 30 days', async () => {
      const day = await call('GET', `/monitors/${monitorId}/latency`);
      assert.equal(day.status, 200, JSON.stringify(day.body));
      assert.equal(day.body.range, '24h');
      assert.equal(day.body.bucket, 'hour');
      const sum = (points: Array<{ checks: number }>) =>
        points.reduce((total, point) => total + point.checks, 0);
      assert.equal(sum(day.body.points), 6, 'only the results of the last 24 hours');
      for (const point of day.body.points) {
        assert.ok(point.p50_ms >= point.min_ms && point.p50_ms <= point.max_ms);
        assert.ok(point.p95_ms >= point.p50_ms && point.p95_ms <= point.max_ms);
      }
      const week = await call('GET', `/monitors/${monitorId}/latency?range=7d`);
      assert.equal(week.body.bucket, 'hour');
      assert.equal(sum(week.body.points), 8);
      const month = await call('GET', `/monitors/${monitorId}/latency?range=30d`);
      assert.equal(month.body.bucket, 'day');
      assert.equal(sum(month.body.points), 8);
      assert.ok(month.body.points.length <= 3);
    });

    it('answers 404 for an unknown monitor or component', async () => {
      for (const path of [
        '/monitors/nope/results',
        '/monitors/nope/transitions',
        '/monitors/nope/status',
        '/monitors/nope/uptime',
        '/monitors/nope/latency',
        '/components/nope/uptime',
      ]) {
        const response = await call('GET', path);
        assert.equal(response.status, 404, path);
        assert.equal(errorOf(response).code, 'not_found', path);
      }
    });

    it('answers 400 naming the query field at fault', async () => {
      const forged = Buffer.from('{"not":"a cursor"}').toString('base64url');
      const cases: Array<[string, string]> = [
        [`/monitors/${monitorId}/results?limit=0`, 'limit'],
        [`/monitors/${monitorId}/results?limit=1001`, 'limit'],
        [`/monitors/${monitorId}/results?limit=ten`, 'limit'],
        [`/monitors/${monitorId}/results?cursor=%21%21`, 'cursor'],
        [`/monitors/${monitorId}/results?cursor=${forged}`, 'cursor'],
        [`/monitors/${monitorId}/results?region=`, 'region'],
        [`/monitors/${monitorId}/results?colour=red`, 'colour'],
        [`/monitors/${monitorId}/transitions?limit=-1`, 'limit'],
        [`/monitors/${monitorId}/transitions?cursor=${forged}`, 'cursor'],
        [`/monitors/${monitorId}/uptime?days=0`, 'days'],
        [`/monitors/${monitorId}/uptime?days=401`, 'days'],
        [`/components/${componentId}/uptime?days=1.5`, 'days'],
        [`/monitors/${monitorId}/latency?range=1y`, 'range'],
      ];
      for (const [path, field] of cases) {
        const response = await call('GET', path);
        assert.equal(response.status, 400, path);
        const error = errorOf(response);
        assert.equal(error.code, 'validation_failed', path);
        assert.equal(error.field, field, path);
      }
    });
  });
}
