// Raw results on both backends: idempotent ingest, day partitions and retention, rollups,
// latency series and uptime.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { CheckResultRepository, type NewCheckResult } from './check-result-repository.js';
import { MonitorRepository } from './monitor-repository.js';
import { bucketIndex, emptyBuckets } from './latency-histogram.js';
import { newId } from './ids.js';

const settings = {
  intervalMs: 60_000,
  timeoutMs: 10_000,
  regions: ['eu', 'us'],
  failureThreshold: 3,
  successThreshold: 2,
  quorum: 2,
  degradedLatencyMs: null,
  paused: false,
};

function result(monitorId: string, checkedAt: string, extra: Partial<NewCheckResult> = {}) {
  return {
    id: newId(16),
    monitorId,
    region: 'eu',
    checkedAt: new Date(checkedAt),
    passed: true,
    latencyMs: 20,
    ...extra,
  } satisfies NewCheckResult;
}

for (const backend of await databaseBackends()) {
  describe(`check results on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let results: CheckResultRepository;
    let monitors: MonitorRepository;
    const newMonitor = async () =>
      (
        await monitors.insert({
          id: newId(),
          name: `m-${newId(6)}`,
          type: 'http',
          spec: { url: 'http://127.0.0.1/' },
          settings,
          conditions: ['status == 200'],
        })
      ).id;

    before(async () => {
      database = await backend.create();
      results = new CheckResultRepository(database.db);
      monitors = new MonitorRepository(database.db);
    });
    after(() => database.drop());

    it('has a check_results table partitioned by range of check time', async () => {
      const rows = await database.withSession((s) =>
        s.query<{ strategy: string; key: string }>(
          `SELECT p.partstrat AS strategy, pg_get_partkeydef(p.partrelid) AS key
           FROM pg_partitioned_table p WHERE p.partrelid = 'check_results'::regclass`,
        ),
      );
      assert.deepEqual(rows, [{ strategy: 'r', key: 'RANGE (checked_at)' }]);
    });

    it('stores a resent batch once and counts only the new results', async () => {
      const monitorId = await newMonitor();
      const batch = [
        result(monitorId, '2026-03-01T10:00:00Z'),
        result(monitorId, '2026-03-01T10:01:00Z', { passed: false, errorClass: 'timeout' }),
      ];
      assert.deepEqual((await results.insertBatch(batch)).inserted, 2);
      const again = await results.insertBatch([
        ...batch,
        result(monitorId, '2026-03-01T10:02:00Z'),
      ]);
      assert.equal(again.inserted, 1);
      assert.equal(again.ids.length, 1);
      const stored = await results.listRecent(monitorId);
      assert.equal(stored.length, 3);
      assert.equal(stored[0]!.checked_at.toISOString(), '2026-03-01T10:02:00.000Z');
      assert.equal(stored[1]!.error_class, 'timeout');
      // Duplicates inside one batch count once too.
      const twin = result(monitorId, '2026-03-01T10:03:00Z', { latencyMs: 12.6 });
      assert.equal((await results.insertBatch([twin, { ...twin }])).inserted, 1);
      assert.equal((await results.listRecent(monitorId, { limit: 1 }))[0]?.latency_ms, 13);
    });

    it('stores a batch sent twice at the same moment once, and rolls it up once', async () => {
      const monitorId = await newMonitor();
      const batch = Array.from({ length: 50 }, (_, i) =>
        result(monitorId, `2026-03-02T10:${String(i).padStart(2, '0')}:00Z`, { passed: i % 5 > 0 }),
      );
      const outcomes = await Promise.all([results.insertBatch(batch), results.insertBatch(batch)]);
      assert.equal(outcomes[0].inserted + outcomes[1].inserted, 50);
      const [day] = await results.latencySeries(
        monitorId,
        new Date('2026-03-02T00:00:00Z'),
        new Date('2026-03-03T00:00:00Z'),
        'day',
      );
      assert.deepEqual([day?.checks, day?.failures], [50, 10]);
    });

    it('puts results on both sides of midnight in two day partitions', async () => {
      const monitorId = await newMonitor();
      await results.insertBatch([
        result(monitorId, '2026-04-10T23:59:59.900Z'),
        result(monitorId, '2026-04-11T00:00:00.000Z'),
      ]);
      const rows = await database.withSession((s) =>
        s.query<{ part: string; n: number }>(
          `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM check_results
           WHERE monitor_id = $1 GROUP BY 1 ORDER BY 1`,
          [monitorId],
        ),
      );
      assert.deepEqual(rows, [
        { part: 'check_results_p20260410', n: 1 },
        { part: 'check_results_p20260411', n: 1 },
      ]);
    });

    it('creates partitions ahead idempotently, also when asked concurrently', async () => {
      const from = new Date('2027-01-30T15:00:00Z');
      const made = await Promise.all([
        results.ensurePartitions(from, 3),
        results.ensurePartitions(from, 3),
      ]);
      assert.deepEqual(made.flat().sort(), [
        'check_results_p20270130',
        'check_results_p20270131',
        'check_results_p20270201',
      ]);
      assert.deepEqual(await results.ensurePartitions(from, 3), []);
    });

    it('drops the partitions of old days only', async () => {
      const monitorId = await newMonitor();
      await results.insertBatch([
        result(monitorId, '2025-06-01T12:00:00Z'),
        result(monitorId, '2025-06-02T12:00:00Z'),
        result(monitorId, '2025-06-03T00:00:00Z'),
      ]);
      const dropped = await results.dropPartitionsBefore('2025-06-03');
      assert.ok(dropped.includes('check_results_p20250601'));
      assert.ok(dropped.includes('check_results_p20250602'));
      assert.ok(!dropped.includes('check_results_p20250603'));
      const left = await results.listRecent(monitorId);
      assert.deepEqual(
        left.map((row) => row.checked_at.toISOString()),
        ['2025-06-03T00:00:00.000Z'],
      );
      const days = (await results.listPartitions()).map((p) => p.day);
      assert.ok(days.every((day) => day >= '2025-06-03'));
      // Rollups outlive the raw results.
      const series = await results.latencySeries(
        monitorId,
        new Date('2025-06-01T00:00:00Z'),
        new Date('2025-06-04T00:00:00Z'),
        'day',
      );
      assert.equal(series.length, 3);
    });

    it('rolls up checks, failures and latencies per hour and day, additively', async () => {
      const monitorId = await newMonitor();
      await results.insertBatch([
        result(monitorId, '2026-05-05T08:10:00Z', { latencyMs: 12 }),
        result(monitorId, '2026-05-05T08:20:00Z', { latencyMs: 480, passed: false }),
        result(monitorId, '2026-05-05T08:30:00Z', { latencyMs: null, passed: false, region: 'us' }),
      ]);
      const resent = result(monitorId, '2026-05-05T08:40:00Z', { latencyMs: 3, region: 'us' });
      await results.insertBatch([
        resent,
        result(monitorId, '2026-05-05T09:05:00Z', { latencyMs: 60 }),
      ]);
      await results.insertBatch([resent]);

      const hourly = await database.db
        .selectFrom('rollups_hourly')
        .selectAll()
        .where('monitor_id', '=', monitorId)
        .orderBy('bucket_start')
        .orderBy('region')
        .execute();
      const all8 = hourly.find(
        (r) => r.region === '*' && r.bucket_start.toISOString() === '2026-05-05T08:00:00.000Z',
      )!;
      const expected = emptyBuckets();
      for (const latency of [12, 480, 3]) expected[bucketIndex(latency)]!++;
      assert.deepEqual(
        {
          checks: all8.checks,
          failures: all8.failures,
          count: all8.latency_count,
          sum: all8.latency_sum_ms,
          min: all8.latency_min_ms,
          max: all8.latency_max_ms,
          buckets: all8.latency_buckets,
        },
        { checks: 4, failures: 2, count: 3, sum: 495, min: 3, max: 480, buckets: expected },
      );
      const us8 = hourly.find((r) => r.region === 'us' && r.bucket_start.getUTCHours() === 8)!;
      assert.deepEqual([us8.checks, us8.failures, us8.latency_min_ms], [2, 1, 3]);
      assert.equal(hourly.filter((r) => r.region === '*').length, 2);

      const [day] = await database.db
        .selectFrom('rollups_daily')
        .selectAll()
        .where('monitor_id', '=', monitorId)
        .where('region', '=', '*')
        .execute();
      assert.deepEqual(
        [day!.checks, day!.failures, day!.latency_sum_ms, day!.latency_max_ms],
        [5, 2, 555, 480],
      );

      const series = await results.latencySeries(
        monitorId,
        new Date('2026-05-05T00:00:00Z'),
        new Date('2026-05-06T00:00:00Z'),
        'hour',
      );
      assert.equal(series.length, 2);
      assert.equal(series[0]!.avgMs, 165);
      assert.ok(series[0]!.p50Ms! >= 10 && series[0]!.p50Ms! < 20, `p50 ${series[0]!.p50Ms}`);
      assert.ok(series[0]!.p95Ms! >= 300 && series[0]!.p95Ms! <= 480);
    });

    it('reports uptime per day for a monitor and for the component it drives', async () => {
      const monitorId = await newMonitor();
      const now = new Date('2026-07-03T12:00:00Z');
      await results.insertBatch([
        result(monitorId, '2026-07-01T01:00:00Z'),
        result(monitorId, '2026-07-01T02:00:00Z', { passed: false }),
        result(monitorId, '2026-07-03T03:00:00Z'),
      ]);
      const byMonitor = await results.uptime({ monitorId }, 3, now);
      assert.deepEqual(
        byMonitor.days.map((d) => [d.day, d.checks, d.uptime]),
        [
          ['2026-07-01', 2, 0.5],
          ['2026-07-02', 0, null],
          ['2026-07-03', 1, 1],
        ],
      );
      assert.equal(byMonitor.uptime, 2 / 3);

      const pageId = newId();
      const componentId = newId();
      await database.db
        .insertInto('pages')
        .values({ id: pageId, slug: pageId, name: 'P' })
        .execute();
      await database.db
        .insertInto('components')
        .values({ id: componentId, page_id: pageId, name: 'C' })
        .execute();
      await monitors.setComponents(monitorId, [componentId]);
      const byComponent = await results.uptime({ componentId }, 3, now);
      assert.deepEqual(byComponent, byMonitor);
    });
  });
}
