// What the probes benchmark reads off the database after (or during) a run: results stored in a
// window, the evaluator's backlog, and bytes on disk per stored result.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export interface StoredFigures {
  /** Results received by web within the window. */
  storedInWindow: number;
  totalResults: number;
  /** Results stored but not yet applied by the evaluator (per region, after its last applied). */
  backlog: number;
  monitorsEvaluated: number;
  rawBytes: number;
  databaseBytes: number;
}

export async function storedFigures(
  db: Kysely<Database>,
  window: { from: Date; to: Date },
): Promise<StoredFigures> {
  const stored = await db
    .selectFrom('check_results')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('received_at', '>=', window.from)
    .where('received_at', '<', window.to)
    .executeTakeFirstOrThrow();
  const total = await db
    .selectFrom('check_results')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const backlog = await sql<{ n: string; evaluated: string }>`
    SELECT
      (SELECT count(*) FROM monitor_states) AS evaluated,
      (SELECT count(*) FROM check_results c
         LEFT JOIN monitor_states s ON s.monitor_id = c.monitor_id
         WHERE s.monitor_id IS NULL
            OR s.state -> 'regions' -> c.region -> 'lastResult' IS NULL
            OR s.state -> 'regions' -> c.region -> 'lastResult' = 'null'::jsonb
            OR c.checked_at > (s.state -> 'regions' -> c.region -> 'lastResult' ->> 'checkedAt')::timestamptz
      ) AS n`.execute(db);
  const bytes = await sql<{ raw: string; whole: string }>`
    SELECT
      coalesce((SELECT sum(pg_total_relation_size(inhrelid))
                FROM pg_inherits WHERE inhparent = 'check_results'::regclass), 0) AS raw,
      pg_database_size(current_database()) AS whole`.execute(db);
  return {
    storedInWindow: Number(stored.n),
    totalResults: Number(total.n),
    backlog: Number(backlog.rows[0]!.n),
    monitorsEvaluated: Number(backlog.rows[0]!.evaluated),
    rawBytes: Number(bytes.rows[0]!.raw),
    databaseBytes: Number(bytes.rows[0]!.whole),
  };
}
