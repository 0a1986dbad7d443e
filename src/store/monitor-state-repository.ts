// SQL for what the evaluator writes: monitor state (optimistic concurrency on `version`), the
// transitions with their reasons, and the outbox rows that announce them.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { MonitorState, Transition, TransitionReason } from '../domain/monitoring/index.js';
import { insertOutboxEvent, type OutboxEvent } from './outbox-repository.js';
import type { Database } from './schema.js';

export type { OutboxEvent } from './outbox-repository.js';

export interface StoredMonitorState<S extends MonitorState = MonitorState> {
  monitorId: string;
  state: S;
  status: string;
  version: number;
}

export interface StoredTransition {
  id: string;
  monitorId: string;
  from: string;
  to: string;
  at: Date;
  reason: TransitionReason;
}

export class MonitorStateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The state of a monitor; `forUpdate` row-locks it until the transaction ends. */
  async load<S extends MonitorState = MonitorState>(
    monitorId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<StoredMonitorState<S> | undefined> {
    let query = this.db
      .selectFrom('monitor_states')
      .select(['monitor_id', 'state', 'status', 'version'])
      .where('monitor_id', '=', monitorId);
    if (options.forUpdate) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && toStored<S>(row);
  }

  async loadMany<S extends MonitorState = MonitorState>(
    monitorIds: readonly string[],
  ): Promise<Array<StoredMonitorState<S>>> {
    if (monitorIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('monitor_states')
      .select(['monitor_id', 'state', 'status', 'version'])
      .where('monitor_id', 'in', [...monitorIds])
      .execute();
    return rows.map((row) => toStored<S>(row));
  }

  /**
   * Saves `state` if nobody saved since `expectedVersion` was read (null: there was no row).
   * Returns false when another writer won; the caller's transaction should then roll back.
   */
  async save(
    monitorId: string,
    state: MonitorState,
    expectedVersion: number | null,
    now = new Date(),
  ): Promise<boolean> {
    const json = JSON.stringify(state);
    if (expectedVersion === null) {
      const inserted = await this.db
        .insertInto('monitor_states')
        .values({ monitor_id: monitorId, state: json, status: state.status, updated_at: now })
        .onConflict((conflict) => conflict.column('monitor_id').doNothing())
        .returning('monitor_id')
        .executeTakeFirst();
      return inserted !== undefined;
    }
    const updated = await this.db
      .updateTable('monitor_states')
      .set({ state: json, status: state.status, version: expectedVersion + 1, updated_at: now })
      .where('monitor_id', '=', monitorId)
      .where('version', '=', expectedVersion)
      .returning('monitor_id')
      .executeTakeFirst();
    return updated !== undefined;
  }

  /**
   * Stores a transition under an id derived from what it is (monitor, time, from, to), so the
   * same transition computed twice is stored once; returns that id, or null if it existed.
   */
  async insertTransition(monitorId: string, transition: Transition): Promise<string | null> {
    const id = transitionId(monitorId, transition);
    const inserted = await this.db
      .insertInto('monitor_transitions')
      .values({
        id,
        monitor_id: monitorId,
        from_status: transition.from,
        to_status: transition.to,
        at: new Date(transition.at),
        reason: JSON.stringify(transition.reason),
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined ? id : null;
  }

  insertOutbox(event: OutboxEvent, now = new Date()): Promise<void> {
    return insertOutboxEvent(this.db, event, now);
  }

  /**
   * Transitions of a monitor, newest first (by time, then id); pass the last `at` seen as
   * `before`, or the last transition as `after` to continue exactly after it, for the next page.
   */
  async listTransitions(
    monitorId: string,
    options: { limit?: number; before?: Date; after?: { at: Date; id: string } } = {},
  ): Promise<StoredTransition[]> {
    let query = this.db
      .selectFrom('monitor_transitions')
      .selectAll()
      .where('monitor_id', '=', monitorId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(options.limit ?? 50, 1), 1000));
    if (options.before !== undefined) query = query.where('at', '<', options.before);
    const after = options.after;
    if (after !== undefined) {
      query = query.where((eb) => eb(eb.refTuple('at', 'id'), '<', eb.tuple(after.at, after.id)));
    }
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      monitorId: row.monitor_id,
      from: row.from_status,
      to: row.to_status,
      at: row.at,
      reason: row.reason,
    }));
  }

  /** Outbox rows of a kind prefix, oldest first (tests and the notifier's inspection). */
  listOutbox(kindPrefix = ''): Promise<Array<{ id: number; kind: string; payload: unknown }>> {
    return this.db
      .selectFrom('outbox')
      .select(['id', 'kind', 'payload'])
      .where(sql<boolean>`starts_with(kind, ${kindPrefix})`)
      .orderBy('id')
      .execute();
  }
}

/** Stable id of a transition: the same change of the same monitor at the same time. */
export function transitionId(monitorId: string, transition: Transition): string {
  return createHash('sha256')
    .update(`${monitorId}\u0000${transition.at}\u0000${transition.from}\u0000${transition.to}`)
    .digest('hex')
    .slice(0, 24);
}

function toStored<S extends MonitorState>(row: {
  monitor_id: string;
  state: MonitorState;
  status: string;
  version: number;
}): StoredMonitorState<S> {
  // The column holds what the evaluator saved, which is S (MonitorState plus its own bookkeeping).
  return {
    monitorId: row.monitor_id,
    state: row.state as S,
    status: row.status,
    version: row.version,
  };
}
