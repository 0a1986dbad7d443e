// Retention on both backends: day partitions older than the retention go with their results,
// newer ones stay, partitions ahead are made, rollups older than 400 days are pruned, and only
// the holder of the advisory lock does the work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createLogger } from '../observability/logger.js';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { listPartitions, utcDay } from './check-partitions.js';
import { CheckResultRepository } from './check-result-repository.js';
import { newId } from './ids.js';
import { MonitorRepository } from './monitor-repository.js';
import {
  applyRetentionOnce,
  PARTITIONS_AHEAD_DAYS,
  RETENTION_LOCK_KEY,
  startRetentionJob,
} from './retention.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-03-20T10:30:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

const settings = {
  intervalMs: 60_000,
  timeoutMs: 10_000,
  regions: ['eu'],
  failureThreshold: 3,
  successThreshold: 2,
  quorum: 1,
  degradedLatencyMs: null,
  paused: false,
};

for (const backend of await databaseBackends()) {
  describe(`check result retention on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let results: CheckResultRepository;
    let monitorId: string;

    before(async () => {
      database = await backend.create();
      results = new CheckResultRepository(database.db);
      monitorId = (
        await new MonitorRepository(database.db).insert({
          id: newId(),
          name: 'retained',
          type: 'http',
          spec: { url: 'http://127.0.0.1/' },
          settings,
          conditions: [],
        })
      ).id;
    });
    after(() => database.drop());

    const rollupDays = async (table: 'rollups_hourly' | 'rollups_daily') =>
      (
        await database.db
          .selectFrom(table)
          .select('bucket_start')
          .where('region', '=', '*')
          .orderBy('bucket_start')
          .execute()
      ).map((row) => utcDay(row.bucket_start));

    it('drops raw results older than the retention, keeps newer ones and makes days ahead', async () => {
      // One result a day from 20 days ago to today, each in its own day partition.
      await results.insertBatch(
        Array.from({ length: 21 }, (_, i) => ({
          id: `r${i}`,
          monitorId,
          region: 'eu',
          checkedAt: daysAgo(20 - i),
          passed: true,
          latencyMs: 10,
        })),
      );
      const outcome = await applyRetentionOnce(database, 14, NOW);
      assert.ok(outcome, 'the lock was free');
      const days = (await listPartitions(database.db)).map((partition) => partition.day);
      // The partition holding the moment 14 days ago is kept: it is not wholly past retention.
      assert.equal(days[0], utcDay(daysAgo(14)));
      assert.equal(
        outcome.droppedPartitions.length,
        6,
        'the 6 days wholly before the boundary are dropped',
      );
      assert.equal(days.at(-1), utcDay(new Date(NOW.getTime() + PARTITIONS_AHEAD_DAYS * DAY_MS)));
      assert.equal(outcome.createdPartitions.length, PARTITIONS_AHEAD_DAYS);

      const left = await results.listRecent(monitorId, { limit: 100 });
      assert.deepEqual(
        left.map((row) => utcDay(row.checked_at)).sort(),
        Array.from({ length: 15 }, (_, i) => utcDay(daysAgo(14 - i))),
      );

      const again = await applyRetentionOnce(database, 14, NOW);
      assert.deepEqual(
        again,
        {
          droppedPartitions: [],
          createdPartitions: [],
          prunedNotifications: { deliveries: 0, outbox: 0 },
        },
        'idempotent',
      );
    });

    it('prunes hourly and daily rollups older than 400 days and keeps younger ones', async () => {
      await results.recordRollups(
        [401, 400.5, 399, 1].map((days) => ({
          monitor_id: monitorId,
          region: 'eu',
          checked_at: daysAgo(days),
          passed: true,
          latency_ms: 5,
        })),
      );
      await applyRetentionOnce(database, 14, NOW);
      const kept = [399, 1, 0].map((days) => utcDay(daysAgo(days)));
      // 400.5 days ago began before the cutoff; 0 days ago is today's result of the first test.
      const daily = await rollupDays('rollups_daily');
      assert.ok(!daily.includes(utcDay(daysAgo(401))), '401 days old daily rollup pruned');
      assert.ok(!daily.includes(utcDay(daysAgo(400.5))), 'so is the one from 400.5 days ago');
      for (const day of kept) assert.ok(daily.includes(day), `daily ${day} kept`);
      const hourly = await rollupDays('rollups_hourly');
      assert.ok(!hourly.includes(utcDay(daysAgo(401))), '401 days old hourly rollup pruned');
      assert.ok(hourly.includes(utcDay(daysAgo(399))), '399 days old hourly rollup kept');
    });

    it('runs at start in the periodic job and stops cleanly', async () => {
      // The job runs on the real clock.
      const today = Date.now();
      const old = new Date(today - 40 * DAY_MS);
      await results.ensurePartitions(old, 2);
      const job = startRetentionJob({
        database,
        retentionDays: 30,
        logger: createLogger('silent'),
        intervalMs: 3_600_000,
      });
      const outcome = await job.lastRun;
      await job.stop();
      assert.ok(outcome);
      for (const day of [old, new Date(old.getTime() + DAY_MS)])
        assert.ok(
          outcome.droppedPartitions.includes(`check_results_p${utcDay(day).replaceAll('-', '')}`),
        );
      const days = (await listPartitions(database.db)).map((partition) => partition.day);
      assert.ok(days.every((day) => day >= utcDay(new Date(today - 30 * DAY_MS))));
      assert.ok(days.includes(utcDay(new Date(today + PARTITIONS_AHEAD_DAYS * DAY_MS))));
    });

    if (backend.name === 'postgres') {
      it('leaves the work to the instance holding the advisory lock', async () => {
        await results.ensurePartitions(daysAgo(30), 1);
        const other = new pg.Client({ connectionString: database.url });
        await other.connect();
        try {
          await other.query('SELECT pg_advisory_lock($1)', [RETENTION_LOCK_KEY]);
          assert.equal(await applyRetentionOnce(database, 14, NOW), null);
          const days = (await listPartitions(database.db)).map((partition) => partition.day);
          assert.ok(days.includes(utcDay(daysAgo(30))), 'nothing was dropped meanwhile');
          await other.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
          const outcome = await applyRetentionOnce(database, 14, NOW);
          assert.deepEqual(outcome?.droppedPartitions, [
            `check_results_p${utcDay(daysAgo(30)).replaceAll('-', '')}`,
          ]);
        } finally {
          await other.end();
        }
      });
    }
  });
}
