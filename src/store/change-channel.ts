// Tells every Vigil process that a status page changed, through PostgreSQL NOTIFY inside the
// writing transaction: the message is sent on commit and never for a rolled-back change.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export const CHANGE_CHANNEL = 'vigil_changes';
/** Payload meaning "anything may have changed" (for example users or API keys, or after a reconnect). */
export const ALL_PAGES = '*';

export async function notifyPageChanged(db: Kysely<Database>, pageId: string): Promise<void> {
  await sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${pageId})`.execute(db);
}

/** New check results of a monitor (payload: the monitor id): wakes the evaluator. */
export const RESULTS_CHANNEL = 'vigil_results';

export async function notifyResultsStored(
  db: Kysely<Database>,
  monitorIds: string | readonly string[],
): Promise<void> {
  const ids = typeof monitorIds === 'string' ? [monitorIds] : [...new Set(monitorIds)];
  if (ids.length === 0) return;
  // One statement for a whole batch: a round trip per monitor would cap ingest at the latency.
  await sql`SELECT pg_notify(${RESULTS_CHANNEL}, id) FROM unnest(${ids}::text[]) AS id`.execute(db);
}
