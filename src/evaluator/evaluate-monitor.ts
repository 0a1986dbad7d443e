// One evaluation of one monitor, in one transaction: new results → state, transitions, outbox
// rows, component statuses and automatic incidents, all committed together or not at all.
import { sql, type Kysely } from 'kysely';
import {
  componentStatusOfMonitor,
  type MonitorSettings,
  evaluateMonitor,
  type MonitorStatus,
  type Transition,
} from '../domain/monitoring/index.js';
import { MonitorStateRepository } from '../store/monitor-state-repository.js';
import type { Database } from '../store/schema.js';
import { withTransaction } from '../store/transaction.js';
import {
  applyComponentEffects,
  underMaintenance,
  type EvaluatorState,
} from './component-effects.js';
import { pendingResults } from './pending-results.js';
import { staleCheckAt } from './stale-check.js';

export interface EvaluateOptions {
  /**
   * Skip (instead of waiting) when another evaluator holds the monitor's row lock. The loop
   * uses this; a direct call waits for the row lock instead.
   */
  tryLock?: boolean;
}

export interface EvaluationOutcome {
  /** False when the monitor does not exist or another evaluator held it (tryLock). */
  evaluated: boolean;
  /** Why nothing was evaluated. */
  skipped?: 'missing' | 'locked';
  status: MonitorStatus | null;
  transitions: Transition[];
  /** More results are waiting than one page held: evaluate again. */
  more: boolean;
  /** When the monitor may turn stale with no new results (null: it cannot). */
  recheckAt: Date | null;
}

function skipped(reason: 'missing' | 'locked'): EvaluationOutcome {
  return {
    evaluated: false,
    skipped: reason,
    status: null,
    transitions: [],
    more: false,
    recheckAt: null,
  };
}

export function evaluateOne(
  db: Kysely<Database>,
  monitorId: string,
  now = new Date(),
  options: EvaluateOptions = {},
): Promise<EvaluationOutcome> {
  return withTransaction(db, async (trx) => {
    const locked = await lockMonitor(trx, monitorId, options.tryLock === true);
    if (locked === 'missing' || locked === 'locked') return skipped(locked);
    const { monitor, stored, componentIds } = locked;
    const states = new MonitorStateRepository(trx);
    const previous = stored?.state ?? null;
    const { results, more } = await pendingResults(
      trx,
      monitorId,
      monitor.settings.regions,
      previous,
    );
    const context = { underMaintenance: await underMaintenance(trx, componentIds) };
    const evaluation = evaluateMonitor(previous, results, monitor.settings, now, context);
    let state: EvaluatorState = { ...evaluation.state };
    const previousStatus = previous?.status ?? 'pending';

    for (const transition of evaluation.transitions) {
      const eventId = await states.insertTransition(monitorId, transition);
      if (eventId === null) continue;
      await states.insertOutbox(
        {
          kind: outboxKind(transition),
          payload: {
            event_id: eventId,
            monitor_id: monitorId,
            monitor_name: monitor.name,
            from: transition.from,
            to: transition.to,
            reason: transition.reason,
            occurred_at: transition.at,
          },
        },
        now,
      );
    }
    // A component can change without the monitor's status changing: degraded by latency alone
    // (degraded_performance) and degraded by a failing region (partial_outage) look the same here.
    const componentView =
      previous !== null && componentStatusOfMonitor(previous) !== componentStatusOfMonitor(state);
    if (state.status !== previousStatus || componentView) {
      const autoIncidents = await applyComponentEffects(trx, componentIds, {
        monitorId,
        monitorName: monitor.name,
        previous: previousStatus,
        state,
        transitions: evaluation.transitions,
        now,
      });
      state = { ...state, autoIncidents };
    }
    if (!(await states.save(monitorId, state, stored?.version ?? null, now))) {
      // Another writer saved first; rolling back keeps its transitions and ours from doubling.
      throw new StateConflictError(monitorId);
    }
    return {
      evaluated: true,
      status: state.status,
      transitions: evaluation.transitions,
      more,
      recheckAt: staleCheckAt(state, monitor.settings),
    };
  });
}

export class StateConflictError extends Error {
  constructor(readonly monitorId: string) {
    super(`monitor ${monitorId} was evaluated concurrently`);
    this.name = 'StateConflictError';
  }
}

/** `monitor.down`, `monitor.recovered` (back to up from trouble), `monitor.degraded`, ... */
export function outboxKind(transition: Pick<Transition, 'from' | 'to'>): string {
  const fromTrouble = transition.from === 'down' || transition.from === 'degraded';
  if (transition.to === 'up' && fromTrouble) return 'monitor.recovered';
  return `monitor.${transition.to}`;
}

interface LockedMonitor {
  monitor: { id: string; name: string; settings: MonitorSettings };
  stored: { state: EvaluatorState; version: number } | null;
  componentIds: string[];
}

/**
 * Row-locks the monitor (not its state row, which may not exist yet), so evaluations of one
 * monitor queue up while results keep arriving: NO KEY UPDATE does not block the inserts that
 * reference the monitor. With `skip`, a monitor another evaluator holds is skipped instead of
 * waited for. State and components are read by a second statement: under READ COMMITTED only a
 * statement started after the lock was granted sees what the previous holder committed.
 */
async function lockMonitor(
  trx: Kysely<Database>,
  monitorId: string,
  skip: boolean,
): Promise<LockedMonitor | 'missing' | 'locked'> {
  let query = trx
    .selectFrom('monitors')
    .select(['id', 'name', 'settings'])
    .where('id', '=', monitorId)
    .forNoKeyUpdate();
  if (skip) query = query.skipLocked();
  const monitor = await query.executeTakeFirst();
  if (!monitor) {
    if (!skip) return 'missing';
    const exists = await trx
      .selectFrom('monitors')
      .select('id')
      .where('id', '=', monitorId)
      .executeTakeFirst();
    return exists ? 'locked' : 'missing';
  }
  const { rows } = await sql<{
    state: EvaluatorState | null;
    version: number | null;
    component_ids: string[];
  }>`
    SELECT s.state, s.version,
           coalesce((SELECT array_agg(mc.component_id ORDER BY mc.component_id)
                     FROM monitor_components mc WHERE mc.monitor_id = ${monitorId}), '{}') AS component_ids
    FROM (SELECT 1) AS one LEFT JOIN monitor_states s ON s.monitor_id = ${monitorId}`.execute(trx);
  const row = rows[0]!;
  return {
    monitor,
    stored:
      row.state === null || row.version === null
        ? null
        : { state: row.state, version: row.version },
    componentIds: row.component_ids,
  };
}
