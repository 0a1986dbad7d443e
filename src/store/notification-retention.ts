// Notification retention: delivered and dead deliveries (with their attempt log) and processed
// outbox rows older than VIGIL_NOTIFICATION_RETENTION_DAYS are deleted, a bounded batch per
// statement so that no delete holds many locks or runs long. Never deleted: a pending delivery,
// an unprocessed outbox row, or an outbox row one of whose deliveries is pending or was touched
// after the cutoff (an admin's retry of an old dead letter keeps it).
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface NotificationPruneOutcome {
  deliveries: number;
  outbox: number;
}

export interface PruneOptions {
  /** Rows per delete statement. */
  batchSize?: number;
  /** Statements per table and run, at most; what is left goes on the next run. */
  maxBatches?: number;
}

export async function pruneNotifications(
  db: Kysely<Database>,
  cutoff: Date,
  options: PruneOptions = {},
): Promise<NotificationPruneOutcome> {
  const batchSize = options.batchSize ?? 1000;
  const maxBatches = options.maxBatches ?? 100;
  const outcome = { deliveries: 0, outbox: 0 };
  for (let batch = 0; batch < maxBatches; batch++) {
    // Attempts go with their delivery (ON DELETE CASCADE).
    const deleted = await db
      .deleteFrom('deliveries')
      .where(
        'id',
        'in',
        db
          .selectFrom('deliveries')
          .select('id')
          .where('status', '<>', 'pending')
          .where('updated_at', '<', cutoff)
          .limit(batchSize),
      )
      .executeTakeFirst();
    const count = Number(deleted.numDeletedRows);
    outcome.deliveries += count;
    if (count < batchSize) break;
  }
  for (let batch = 0; batch < maxBatches; batch++) {
    const deleted = await db
      .deleteFrom('outbox')
      .where(
        'id',
        'in',
        db
          .selectFrom('outbox as o')
          .select('o.id')
          .where('o.processed_at', '<', cutoff)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('deliveries as d')
                  .select(sql<number>`1`.as('one'))
                  .whereRef('d.outbox_id', '=', 'o.id')
                  .where((eb) =>
                    eb.or([eb('d.status', '=', 'pending'), eb('d.updated_at', '>=', cutoff)]),
                  ),
              ),
            ),
          )
          .limit(batchSize),
      )
      .executeTakeFirst();
    const count = Number(deleted.numDeletedRows);
    outcome.outbox += count;
    if (count < batchSize) break;
  }
  return outcome;
}
