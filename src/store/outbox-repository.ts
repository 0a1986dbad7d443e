// SQL of the outbox, the queue of notification events: writers add rows inside the transaction
// that made the news; the notifier takes unprocessed rows with row locks and marks them processed.
import { sql, type Kysely } from 'kysely';
import type { OutboxRecord } from '../domain/notifications/index.js';
import type { Database } from './schema.js';

/** Channel of the notice sent when outbox rows or due deliveries appear (a trigger sends it too). */
export const OUTBOX_CHANNEL = 'vigil_outbox';

export interface OutboxEvent {
  kind: string;
  payload: Record<string, unknown>;
}

/** Adds an event; the table's trigger wakes the notifiers when the transaction commits. */
export async function insertOutboxEvent(
  db: Kysely<Database>,
  event: OutboxEvent,
  now = new Date(),
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ kind: event.kind, payload: JSON.stringify(event.payload), created_at: now })
    .execute();
}

/**
 * Up to `limit` unprocessed rows, oldest first, row-locked until the caller's transaction ends;
 * rows another notifier holds are skipped, so instances fan out disjoint rows at once.
 */
export async function lockUnprocessed(
  trx: Kysely<Database>,
  limit: number,
): Promise<OutboxRecord[]> {
  const rows = await trx
    .selectFrom('outbox')
    .select(['id', 'kind', 'payload', 'created_at'])
    .where('processed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    createdAt: row.created_at,
  }));
}

export async function markProcessed(
  trx: Kysely<Database>,
  ids: readonly number[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('outbox')
    .set({ processed_at: now })
    .where('id', '=', sql<number>`any(${[...ids]}::bigint[])`)
    .execute();
}

/** Wakes every notifier (for example after deliveries were made due by hand). */
export async function notifyOutbox(db: Kysely<Database>, payload = 'deliveries'): Promise<void> {
  await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, ${payload})`.execute(db);
}
