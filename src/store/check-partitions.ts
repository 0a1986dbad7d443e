// Day partitions of check_results: created ahead (idempotent, serialised by an advisory lock so
// concurrent instances never race on the catalog) and dropped whole when past retention.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { withTransaction } from './transaction.js';

/** Arbitrary constant shared by every Vigil instance: the key of the partition advisory lock. */
const PARTITION_LOCK_KEY = 7_311_452_020;
const DAY_MS = 86_400_000;
const PARTITION_NAME = /^check_results_p(\d{4})(\d{2})(\d{2})$/;

/** The UTC day of a time, as YYYY-MM-DD. */
export function utcDay(time: Date): string {
  if (Number.isNaN(time.getTime())) throw new RangeError('invalid date');
  return time.toISOString().slice(0, 10);
}

/** Midnight UTC starting the day of `time`. */
export function startOfUtcDay(time: Date): Date {
  return new Date(Math.floor(time.getTime() / DAY_MS) * DAY_MS);
}

export function partitionName(day: string): string {
  return `check_results_p${day.replaceAll('-', '')}`;
}

/** Creates the partitions of `days` UTC days starting with the day of `from`; returns those made. */
export async function ensurePartitions(
  db: Kysely<Database>,
  from: Date,
  days: number,
): Promise<string[]> {
  const first = startOfUtcDay(from).getTime();
  const wanted = Array.from({ length: Math.max(0, days) }, (_, i) =>
    utcDay(new Date(first + i * DAY_MS)),
  );
  return createDays(db, wanted);
}

/** Creates the partitions of the given UTC days (YYYY-MM-DD) that do not exist yet. */
export async function ensurePartitionsForDays(
  db: Kysely<Database>,
  days: Iterable<string>,
): Promise<string[]> {
  const wanted = [...new Set(days)];
  if (wanted.length === 0) return [];
  // The common case (every partition exists) costs one catalog read and takes no lock.
  const missing = await missingDays(db, wanted);
  return missing.length === 0 ? [] : createDays(db, missing);
}

async function missingDays(db: Kysely<Database>, days: string[]): Promise<string[]> {
  const names = days.map(partitionName);
  const rows = await sql<{ name: string }>`
    SELECT n AS name FROM unnest(${names}::text[]) AS n WHERE to_regclass(n) IS NULL`.execute(db);
  const missing = new Set(rows.rows.map((row) => row.name));
  return days.filter((day) => missing.has(partitionName(day)));
}

async function createDays(db: Kysely<Database>, days: string[]): Promise<string[]> {
  return withTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`.execute(trx);
    const created: string[] = [];
    for (const day of await missingDays(trx, days)) {
      const start = new Date(`${day}T00:00:00Z`);
      const end = utcDay(new Date(start.getTime() + DAY_MS));
      // Names and bounds come from validated dates only, never from input text.
      await sql
        .raw(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF check_results ` +
            `FOR VALUES FROM ('${day} 00:00:00+00') TO ('${end} 00:00:00+00')`,
        )
        .execute(trx);
      created.push(partitionName(day));
    }
    return created;
  });
}

/** The existing day partitions, oldest first, with their UTC day. */
export async function listPartitions(
  db: Kysely<Database>,
): Promise<Array<{ name: string; day: string }>> {
  const rows = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'check_results'::regclass`.execute(db);
  return rows.rows
    .map((row) => ({ name: row.name, match: PARTITION_NAME.exec(row.name) }))
    .filter((row) => row.match !== null)
    .map((row) => ({ name: row.name, day: `${row.match![1]}-${row.match![2]}-${row.match![3]}` }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** Drops every day partition before the UTC day `day` (YYYY-MM-DD or a time); returns them. */
export async function dropPartitionsBefore(
  db: Kysely<Database>,
  day: string | Date,
): Promise<string[]> {
  const cutoff = typeof day === 'string' ? day : utcDay(day);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(cutoff)) throw new RangeError(`not a day: ${cutoff}`);
  return withTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`.execute(trx);
    const old = (await listPartitions(trx)).filter((partition) => partition.day < cutoff);
    for (const partition of old) await sql.raw(`DROP TABLE ${partition.name}`).execute(trx);
    return old.map((partition) => partition.name);
  });
}
