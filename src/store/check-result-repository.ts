// SQL for raw check results: idempotent batch ingest (with its rollups, in one transaction),
// recent results, day-partition maintenance and the chart and uptime reads over rollups.
import type { Kysely } from 'kysely';
import type { CheckResultRow, Database } from './schema.js';
import { withTransaction } from './transaction.js';
import {
  dropPartitionsBefore,
  ensurePartitions,
  ensurePartitionsForDays,
  listPartitions,
  utcDay,
} from './check-partitions.js';
import {
  latencySeries,
  pruneRollups,
  recordRollups,
  uptime,
  type LatencyPoint,
  type RollupGranularity,
  type RollupInput,
  type Uptime,
  type UptimeTarget,
} from './rollups.js';

/** One result as the ingest hands it over (already validated: known monitor, right region). */
export interface NewCheckResult {
  /** Made by the probe; with `checkedAt` it identifies the result, so a resend is stored once. */
  id: string;
  monitorId: string;
  region: string;
  checkedAt: Date;
  passed: boolean;
  latencyMs?: number | null;
  errorClass?: string | null;
  errorMessage?: string | null;
  conditionResults?: unknown[];
  facts?: Record<string, unknown>;
  timings?: Record<string, number>;
}

export interface InsertedBatch {
  /** How many results were new (the rest had been stored before). */
  inserted: number;
  /** Ids of the new results. */
  ids: string[];
}

/** Rows per INSERT statement: 12 parameters each stays far below PostgreSQL's 65,535. */
const CHUNK = 1000;

export class CheckResultRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores the results not stored before and adds exactly those to the rollups, all in one
   * transaction, so a resent batch changes nothing and a failure leaves nothing behind.
   */
  async insertBatch(
    results: readonly NewCheckResult[],
    receivedAt = new Date(),
  ): Promise<InsertedBatch> {
    const unique = new Map<string, NewCheckResult>();
    for (const result of results)
      unique.set(`${result.id}\u0000${result.checkedAt.toISOString()}`, result);
    if (unique.size === 0) return { inserted: 0, ids: [] };
    const days = [...unique.values()].map((result) => utcDay(result.checkedAt));
    // Outside the batch transaction: partition creation locks the parent table briefly.
    await ensurePartitionsForDays(this.db, days);
    return withTransaction(this.db, async (trx) => {
      const stored: RollupInput[] = [];
      const ids: string[] = [];
      const rows = [...unique.values()].map((result) => toRow(result, receivedAt));
      for (let i = 0; i < rows.length; i += CHUNK) {
        const inserted = await trx
          .insertInto('check_results')
          .values(rows.slice(i, i + CHUNK))
          .onConflict((conflict) => conflict.doNothing())
          .returning(['id', 'monitor_id', 'region', 'checked_at', 'passed', 'latency_ms'])
          .execute();
        stored.push(...inserted);
        ids.push(...inserted.map((row) => row.id));
      }
      await recordRollups(trx, stored);
      return { inserted: ids.length, ids };
    });
  }

  /**
   * The latest results of a monitor, newest first (by check time, then id). `after` continues a
   * list from the last result of its previous page, exactly, even among results of the same time.
   */
  listRecent(
    monitorId: string,
    options: {
      limit?: number;
      region?: string;
      since?: Date;
      before?: Date;
      after?: { checkedAt: Date; id: string };
    } = {},
  ): Promise<CheckResultRow[]> {
    let query = this.db
      .selectFrom('check_results')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .orderBy('checked_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(options.limit ?? 100, 1), 10_000));
    if (options.region !== undefined) query = query.where('region', '=', options.region);
    if (options.since !== undefined) query = query.where('checked_at', '>=', options.since);
    if (options.before !== undefined) query = query.where('checked_at', '<', options.before);
    const after = options.after;
    if (after !== undefined) {
      query = query.where((eb) =>
        eb(eb.refTuple('checked_at', 'id'), '<', eb.tuple(after.checkedAt, after.id)),
      );
    }
    return query.execute();
  }

  /** Creates the day partitions of `days` days from the day of `from` (idempotent). */
  ensurePartitions(from: Date, days: number): Promise<string[]> {
    return ensurePartitions(this.db, from, days);
  }
  /** Drops the raw results of every UTC day before `day` (retention). */
  dropPartitionsBefore(day: string | Date): Promise<string[]> {
    return dropPartitionsBefore(this.db, day);
  }
  listPartitions(): Promise<Array<{ name: string; day: string }>> {
    return listPartitions(this.db);
  }

  /** Adds stored results to the rollups (insertBatch already does, in its transaction). */
  recordRollups(results: readonly RollupInput[]): Promise<void> {
    return recordRollups(this.db, results);
  }
  latencySeries(
    monitorId: string,
    from: Date,
    to: Date,
    bucket: RollupGranularity,
    region?: string,
  ): Promise<LatencyPoint[]> {
    return latencySeries(this.db, monitorId, from, to, bucket, region);
  }
  uptime(target: UptimeTarget, days: number, now?: Date): Promise<Uptime> {
    return uptime(this.db, target, days, now);
  }
  pruneRollups(hourlyBefore: Date, dailyBefore: Date): Promise<void> {
    return pruneRollups(this.db, hourlyBefore, dailyBefore);
  }
}

function toRow(result: NewCheckResult, receivedAt: Date) {
  return {
    id: result.id,
    monitor_id: result.monitorId,
    region: result.region,
    checked_at: result.checkedAt,
    received_at: receivedAt,
    passed: result.passed,
    // The column is whole milliseconds; PostgreSQL would refuse a fraction rather than round it.
    latency_ms: result.latencyMs == null ? null : Math.round(result.latencyMs),
    error_class: result.errorClass ?? null,
    error_message: result.errorMessage ?? null,
    condition_results: JSON.stringify(result.conditionResults ?? []),
    facts: JSON.stringify(result.facts ?? {}),
    timings: JSON.stringify(result.timings ?? {}),
  };
}
