// Hourly and daily rollups of check results (per region and for all regions as '*'): additive
// upserts at ingest, and the reads behind latency charts and uptime bars.
import { sql, type Kysely } from 'kysely';
import type { Database, RollupRow } from './schema.js';
import { bucketIndex, emptyBuckets, estimatePercentile } from './latency-histogram.js';
import { startOfUtcDay, utcDay } from './check-partitions.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const ALL_REGIONS = '*';

export type RollupGranularity = 'hour' | 'day';
type RollupTable = 'rollups_hourly' | 'rollups_daily';

const TABLES: Record<RollupGranularity, RollupTable> = {
  hour: 'rollups_hourly',
  day: 'rollups_daily',
};

/** What a rollup needs of a stored result. */
export interface RollupInput {
  monitor_id: string;
  region: string;
  checked_at: Date;
  passed: boolean;
  latency_ms: number | null;
}

interface Aggregate {
  monitor_id: string;
  region: string;
  bucket_start: Date;
  checks: number;
  failures: number;
  latency_count: number;
  latency_sum_ms: number;
  latency_min_ms: number | null;
  latency_max_ms: number | null;
  latency_buckets: number[];
}

/** Adds results to the hourly and daily rollups; call it in the transaction that stored them. */
export async function recordRollups(
  db: Kysely<Database>,
  results: readonly RollupInput[],
): Promise<void> {
  for (const granularity of ['hour', 'day'] as const) {
    const rows = aggregate(results, granularity === 'hour' ? HOUR_MS : DAY_MS);
    if (rows.length === 0) continue;
    const table = TABLES[granularity];
    const column = (name: string) => sql.ref(`${table}.${name}`);
    // Chunks keep a statement's parameters (10 a row) far below the protocol's 65,535: a probe
    // resending a large buffered batch must not make a statement the database cannot take.
    for (let start = 0; start < rows.length; start += ROLLUP_CHUNK) {
      await db
        .insertInto(table)
        .values(rows.slice(start, start + ROLLUP_CHUNK))
        .onConflict((conflict) =>
          conflict.columns(['monitor_id', 'region', 'bucket_start']).doUpdateSet({
            checks: sql`${column('checks')} + excluded.checks`,
            failures: sql`${column('failures')} + excluded.failures`,
            latency_count: sql`${column('latency_count')} + excluded.latency_count`,
            latency_sum_ms: sql`${column('latency_sum_ms')} + excluded.latency_sum_ms`,
            // least/greatest skip NULLs, so a bucket without latencies yet takes the new ones.
            latency_min_ms: sql`least(${column('latency_min_ms')}, excluded.latency_min_ms)`,
            latency_max_ms: sql`greatest(${column('latency_max_ms')}, excluded.latency_max_ms)`,
            latency_buckets: sql`ARRAY(
            SELECT coalesce(u.a, 0) + coalesce(u.b, 0)
            FROM unnest(${column('latency_buckets')}, excluded.latency_buckets)
              WITH ORDINALITY AS u(a, b, i)
            ORDER BY u.i)`,
          }),
        )
        .execute();
    }
  }
}

/** Rollup rows per upsert statement. */
const ROLLUP_CHUNK = 1000;

/** Sums results per (monitor, region, bucket) and per (monitor, '*', bucket), in key order. */
function aggregate(results: readonly RollupInput[], widthMs: number): Aggregate[] {
  const byKey = new Map<string, Aggregate>();
  for (const result of results) {
    const start = new Date(Math.floor(result.checked_at.getTime() / widthMs) * widthMs);
    for (const region of [result.region, ALL_REGIONS]) {
      const key = `${result.monitor_id}\u0000${region}\u0000${start.toISOString()}`;
      let row = byKey.get(key);
      if (!row) {
        row = {
          monitor_id: result.monitor_id,
          region,
          bucket_start: start,
          checks: 0,
          failures: 0,
          latency_count: 0,
          latency_sum_ms: 0,
          latency_min_ms: null,
          latency_max_ms: null,
          latency_buckets: emptyBuckets(),
        };
        byKey.set(key, row);
      }
      row.checks++;
      if (!result.passed) row.failures++;
      const latency = result.latency_ms;
      if (latency !== null && Number.isFinite(latency)) {
        row.latency_count++;
        row.latency_sum_ms += latency;
        row.latency_min_ms = Math.min(row.latency_min_ms ?? latency, latency);
        row.latency_max_ms = Math.max(row.latency_max_ms ?? latency, latency);
        row.latency_buckets[bucketIndex(latency)]!++;
      }
    }
  }
  // A fixed order of upserted keys keeps concurrent ingest transactions from deadlocking.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
}

export interface LatencyPoint {
  start: Date;
  checks: number;
  failures: number;
  avgMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Latency per hour or day in [from, to) for one monitor (all regions unless one is given). */
export async function latencySeries(
  db: Kysely<Database>,
  monitorId: string,
  from: Date,
  to: Date,
  bucket: RollupGranularity,
  region = ALL_REGIONS,
): Promise<LatencyPoint[]> {
  const rows = await db
    .selectFrom(TABLES[bucket])
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .where('region', '=', region)
    .where('bucket_start', '>=', from)
    .where('bucket_start', '<', to)
    .orderBy('bucket_start')
    .execute();
  return rows.map(toPoint);
}

function toPoint(row: RollupRow): LatencyPoint {
  const observed = { min: row.latency_min_ms, max: row.latency_max_ms };
  return {
    start: row.bucket_start,
    checks: row.checks,
    failures: row.failures,
    avgMs: row.latency_count > 0 ? row.latency_sum_ms / row.latency_count : null,
    minMs: row.latency_min_ms,
    maxMs: row.latency_max_ms,
    p50Ms: estimatePercentile(row.latency_buckets, 0.5, observed),
    p95Ms: estimatePercentile(row.latency_buckets, 0.95, observed),
  };
}

export interface UptimeDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  checks: number;
  failures: number;
  /** Share of passed checks, 0..1; null when nothing was checked that day. */
  uptime: number | null;
}

export interface Uptime {
  days: UptimeDay[];
  checks: number;
  failures: number;
  uptime: number | null;
}

export type UptimeTarget = { monitorId: string } | { componentId: string };

/**
 * Passed-check share per UTC day over the last `days` days up to `now` (oldest first, every day
 * present), for one monitor or for all monitors driving a component.
 */
export async function uptime(
  db: Kysely<Database>,
  target: UptimeTarget,
  days: number,
  now = new Date(),
): Promise<Uptime> {
  const first = uptimeWindowStart(now, days);
  let query = db
    .selectFrom('rollups_daily as r')
    .select((eb) => [
      'r.bucket_start',
      eb.fn.sum<number>('r.checks').as('checks'),
      eb.fn.sum<number>('r.failures').as('failures'),
    ])
    .where('r.region', '=', ALL_REGIONS)
    .where('r.bucket_start', '>=', first)
    .groupBy('r.bucket_start');
  query =
    'monitorId' in target
      ? query.where('r.monitor_id', '=', target.monitorId)
      : query
          .innerJoin('monitor_components as mc', 'mc.monitor_id', 'r.monitor_id')
          .where('mc.component_id', '=', target.componentId);
  return uptimeOverDays(await query.execute(), first, days);
}

/** First UTC day of a window of `days` days ending with the day of `now`. */
export function uptimeWindowStart(now: Date, days: number): Date {
  return new Date(startOfUtcDay(now).getTime() - (Math.max(1, days) - 1) * DAY_MS);
}

/**
 * Daily rows (summed checks and failures per day start) spread over every day of the window from
 * `first`, oldest first: days without a row count as unchecked, so a gap never shifts the days.
 */
export function uptimeOverDays(
  rows: ReadonlyArray<{ bucket_start: Date; checks: number | string; failures: number | string }>,
  first: Date,
  days: number,
): Uptime {
  const byDay = new Map(rows.map((row) => [utcDay(row.bucket_start), row]));
  const result: Uptime = { days: [], checks: 0, failures: 0, uptime: null };
  for (let i = 0; i < Math.max(1, days); i++) {
    const day = utcDay(new Date(first.getTime() + i * DAY_MS));
    const row = byDay.get(day);
    const checks = Number(row?.checks ?? 0);
    const failures = Number(row?.failures ?? 0);
    result.days.push({ day, checks, failures, uptime: ratio(checks, failures) });
    result.checks += checks;
    result.failures += failures;
  }
  result.uptime = ratio(result.checks, result.failures);
  return result;
}

function ratio(checks: number, failures: number): number | null {
  return checks > 0 ? (checks - failures) / checks : null;
}

/** Deletes rollups older than the given times (retention of about a year). */
export async function pruneRollups(
  db: Kysely<Database>,
  hourlyBefore: Date,
  dailyBefore: Date,
): Promise<void> {
  await db.deleteFrom('rollups_hourly').where('bucket_start', '<', hourlyBefore).execute();
  await db.deleteFrom('rollups_daily').where('bucket_start', '<', dailyBefore).execute();
}
