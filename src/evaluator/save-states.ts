// Saves evaluated monitor states, many in one statement each for new and for existing rows, with
// the version check that detects another writer (which the row locks make impossible among
// evaluators, but which keeps a stray writer from being silently overwritten).
import { sql, type Kysely } from 'kysely';
import type { MonitorState } from '../domain/monitoring/index.js';
import type { Database } from '../store/schema.js';

export interface StateToSave {
  monitorId: string;
  state: MonitorState;
  /** The version read before evaluating; null when the monitor had no state row yet. */
  expectedVersion: number | null;
}

export class StateConflictError extends Error {
  constructor(readonly monitorIds: readonly string[]) {
    super(`monitors ${monitorIds.join(', ')} were evaluated concurrently`);
    this.name = 'StateConflictError';
  }
}

/** Throws StateConflictError (so the caller's transaction rolls back) when a version moved. */
export async function saveStates(
  trx: Kysely<Database>,
  saves: readonly StateToSave[],
  now: Date,
): Promise<void> {
  const fresh = saves.filter((save) => save.expectedVersion === null);
  const known = saves.filter((save) => save.expectedVersion !== null);
  const written = new Set<string>();
  if (fresh.length > 0) {
    const inserted = await trx
      .insertInto('monitor_states')
      .values(
        fresh.map((save) => ({
          monitor_id: save.monitorId,
          state: JSON.stringify(save.state),
          status: save.state.status,
          updated_at: now,
        })),
      )
      .onConflict((conflict) => conflict.column('monitor_id').doNothing())
      .returning('monitor_id')
      .execute();
    for (const row of inserted) written.add(row.monitor_id);
  }
  if (known.length > 0) {
    const { rows } = await sql<{ monitor_id: string }>`
      UPDATE monitor_states AS s
      SET state = v.state::jsonb, status = v.status, version = s.version + 1, updated_at = ${now}
      FROM unnest(${known.map((save) => save.monitorId)}::text[],
                  ${known.map((save) => JSON.stringify(save.state))}::text[],
                  ${known.map((save) => save.state.status)}::text[],
                  ${known.map((save) => save.expectedVersion!)}::int[])
        AS v(monitor_id, state, status, version)
      WHERE s.monitor_id = v.monitor_id AND s.version = v.version
      RETURNING s.monitor_id`.execute(trx);
    for (const row of rows) written.add(row.monitor_id);
  }
  const lost = saves.filter((save) => !written.has(save.monitorId)).map((save) => save.monitorId);
  if (lost.length > 0) throw new StateConflictError(lost);
}
