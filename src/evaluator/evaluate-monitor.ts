// Evaluation of monitors in one transaction: new results → state, transitions, outbox rows,
// component statuses and automatic incidents, all committed together or not at all. The loop
// evaluates a batch of monitors per transaction; evaluateOne is the batch of one.
import type { Kysely } from 'kysely';
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
  componentsUnderMaintenance,
  lockMonitors,
  pendingResultsOf,
  type LockedMonitor,
  type PendingPage,
} from './batch-reads.js';
import { applyComponentEffects, type EvaluatorState } from './component-effects.js';
import { saveStates, type StateToSave } from './save-states.js';
import { staleCheckAt } from './stale-check.js';
import { recordCertificateNotice } from './certificate-notices.js';
import { troubleStep, type Trouble } from '../domain/notifications/index.js';

export interface EvaluateOptions {
  /**
   * Skip (instead of waiting) monitors another evaluator holds the row lock of. The loop uses
   * this; a direct call waits for the lock instead.
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

export async function evaluateOne(
  db: Kysely<Database>,
  monitorId: string,
  now = new Date(),
  options: EvaluateOptions = {},
): Promise<EvaluationOutcome> {
  const outcomes = await evaluateBatch(db, [monitorId], now, options);
  return outcomes.get(monitorId)!;
}

/** Evaluates every monitor of `monitorIds` in one transaction; an outcome per requested id. */
export function evaluateBatch(
  db: Kysely<Database>,
  monitorIds: readonly string[],
  now = new Date(),
  options: EvaluateOptions = {},
): Promise<Map<string, EvaluationOutcome>> {
  return withTransaction(db, async (trx) => {
    const batch = await lockMonitors(trx, monitorIds, options.tryLock === true);
    const outcomes = new Map<string, EvaluationOutcome>();
    for (const id of batch.missing) outcomes.set(id, skipped('missing'));
    for (const id of batch.locked) outcomes.set(id, skipped('locked'));
    if (batch.monitors.length === 0) return outcomes;
    const pending = await pendingResultsOf(trx, batch.monitors);
    const maintained = await componentsUnderMaintenance(
      trx,
      batch.monitors.flatMap((monitor) => monitor.componentIds),
    );
    const unchanged: StateToSave[] = [];
    for (const monitor of batch.monitors) {
      const underMaintenance = monitor.componentIds.some((id) => maintained.has(id));
      const { outcome, save, changed } = await evaluateLocked(
        trx,
        monitor,
        pending.get(monitor.id)!,
        underMaintenance,
        now,
      );
      outcomes.set(monitor.id, outcome);
      // A changed monitor is saved at once: the next monitor of the same component reads it.
      if (changed) await saveStates(trx, [save], now);
      else unchanged.push(save);
    }
    await saveStates(trx, unchanged, now);
    return outcomes;
  });
}

async function evaluateLocked(
  trx: Kysely<Database>,
  monitor: LockedMonitor,
  page: PendingPage,
  underMaintenance: boolean,
  now: Date,
): Promise<{ outcome: EvaluationOutcome; save: StateToSave; changed: boolean }> {
  const previous = monitor.stored?.state ?? null;
  const evaluation = evaluateMonitor(previous, page.results, monitor.settings, now, {
    underMaintenance,
  });
  // The domain keeps what it does not know of the previous state, the auto-incident map too.
  let state: EvaluatorState = { ...evaluation.state };
  const previousStatus = previous?.status ?? 'pending';
  const trouble = await recordTransitions(
    trx,
    monitor,
    evaluation.transitions,
    previous?.trouble ?? null,
    now,
  );
  const certificateNotice = await recordCertificateNotice(
    trx,
    monitor,
    previous?.certificateNotice ?? null,
    page.certificate,
    { status: state.status, failingRegions: state.failingRegions },
    now,
  );
  state = { ...state, trouble, certificateNotice };
  // A component can change without the monitor's status changing: degraded by latency alone
  // (degraded_performance) and degraded by a failing region (partial_outage) look the same here.
  const componentView =
    previous !== null && componentStatusOfMonitor(previous) !== componentStatusOfMonitor(state);
  const changed = state.status !== previousStatus || componentView;
  if (changed) {
    const autoIncidents = await applyComponentEffects(trx, monitor.componentIds, {
      monitorId: monitor.id,
      monitorName: monitor.name,
      previous: previousStatus,
      state,
      transitions: evaluation.transitions,
      now,
    });
    state = { ...state, autoIncidents };
  }
  return {
    outcome: {
      evaluated: true,
      status: state.status,
      transitions: evaluation.transitions,
      more: page.more,
      recheckAt: staleCheckAt(state, monitor.settings),
    },
    save: { monitorId: monitor.id, state, expectedVersion: monitor.stored?.version ?? null },
    changed,
  };
}

/** Writes each new transition and its outbox row; returns the trouble after them (trouble.ts). */
async function recordTransitions(
  trx: Kysely<Database>,
  monitor: LockedMonitor,
  transitions: readonly Transition[],
  trouble: Trouble | null,
  now: Date,
): Promise<Trouble | null> {
  const states = new MonitorStateRepository(trx);
  let current = trouble;
  for (const transition of transitions) {
    const eventId = await states.insertTransition(monitor.id, transition);
    if (eventId === null) continue;
    const step = troubleStep(current, { from: transition.from, to: transition.to, eventId });
    current = step.trouble;
    await states.insertOutbox(
      {
        kind: step.kind,
        payload: {
          // A recovery names the trouble it ends, so fan-out can hold it back from channels that
          // never heard of that trouble (maintenance suppression).
          ...(step.endsEventIds.length > 0 ? { ends_event_ids: step.endsEventIds } : {}),
          event_id: eventId,
          monitor_id: monitor.id,
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
  return current;
}

/**
 * `monitor.down`, `monitor.recovered` (back to up from trouble), `monitor.degraded`, ... of a
 * transition alone; the evaluator also knows the trouble before a maintenance (trouble.ts).
 */
export function outboxKind(transition: Pick<Transition, 'from' | 'to'>): string {
  return troubleStep(null, { ...transition, eventId: '' }).kind;
}
