// One evaluation of one monitor, in one transaction: new results → state, transitions, outbox
// rows, component statuses and automatic incidents, all committed together or not at all.
import { sql, type Kysely } from 'kysely';
import {
  componentStatusOfMonitor,
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
   * Skip (instead of waiting) when another evaluator holds the monitor's advisory lock. The loop
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
    if (options.tryLock && !(await tryAdvisoryLock(trx, monitorId))) return skipped('locked');
    // Locks the monitor (not its state row, which may not exist yet) so evaluations of one monitor
    // queue up; NO KEY UPDATE still lets results referencing the monitor be inserted meanwhile.
    const monitor = await trx
      .selectFrom('monitors')
      .select(['id', 'name', 'settings'])
      .where('id', '=', monitorId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!monitor) return skipped('missing');
    const states = new MonitorStateRepository(trx);
    const stored = await states.load<EvaluatorState>(monitorId, { forUpdate: true });
    const previous = stored?.state ?? null;
    const componentIds = (
      await trx
        .selectFrom('monitor_components')
        .select('component_id')
        .where('monitor_id', '=', monitorId)
        .orderBy('component_id')
        .execute()
    ).map((row) => row.component_id);
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

async function tryAdvisoryLock(trx: Kysely<Database>, monitorId: string): Promise<boolean> {
  // hashtext is stable across sessions and servers; a rare collision only delays another monitor.
  const result = await sql<{
    locked: boolean;
  }>`SELECT pg_try_advisory_xact_lock(hashtext(${`vigil.evaluate:${monitorId}`})) AS locked`.execute(
    trx,
  );
  return result.rows[0]?.locked === true;
}
