// The evaluator's pure step: previous monitor state + new results + the clock → new state and
// the transitions it went through, each with its reason. Deterministic and idempotent.
import { compareResults, isUsableResult } from './check-result.js';
import type { CheckResult, ResultEvidence } from './check-result.js';
import { STALE_AFTER_INTERVALS, assessMonitor } from './monitor-status.js';
import type { EvaluationContext, MonitorAssessment, MonitorStatus } from './monitor-status.js';
import { initialRegionVerdict, nextRegionVerdict } from './region-verdict.js';
import type { RegionVerdict } from './region-verdict.js';
import type { MonitorSettings } from './settings.js';

/** Everything the evaluator keeps about a monitor between steps; plain JSON, times ISO 8601 UTC. */
export interface MonitorState {
  status: MonitorStatus;
  /** When the current status began. */
  since: string;
  /** The latest moment evaluated (results' check times and the clock); never moves back. */
  evaluatedAt: string;
  /** Since when results are expected: creation, or the last resume after a pause. */
  observingSince: string;
  /** One verdict per configured region, keyed by region, in the settings' order. */
  regions: Record<string, RegionVerdict>;
  /** Recent regions failing by their thresholds at `evaluatedAt` (drives partial outages). */
  failingRegions: string[];
}

/** Why a monitor changed status: the region facts at that moment and the results behind them. */
export interface TransitionReason {
  /** One line for people, e.g. "2 of 3 regions failing (quorum 2): eu-west, us-east". */
  summary: string;
  quorum: number;
  failingRegions: string[];
  okRegions: string[];
  silentRegions: string[];
  slowRegions: string[];
  /** The result that caused the change, or null when the clock, settings or context did. */
  triggeredBy: { region: string; resultId: string } | null;
  /** Per recent region, the deciding result: its latest failure while failing, else its latest. */
  evidence: Array<{ region: string } & ResultEvidence>;
}

export interface Transition {
  from: MonitorStatus;
  to: MonitorStatus;
  at: string;
  reason: TransitionReason;
}

export interface Evaluation {
  state: MonitorState;
  /** In the order they happened; empty when the status did not change. */
  transitions: Transition[];
  /** Results left out: unknown region, bad time, duplicate, or older than the region's last. */
  ignored: number;
}

export function initialMonitorState(
  settings: Pick<MonitorSettings, 'regions'>,
  now: Date,
): MonitorState {
  const at = now.toISOString();
  return {
    status: 'pending',
    since: at,
    evaluatedAt: at,
    observingSince: at,
    regions: alignRegions({}, settings.regions),
    failingRegions: [],
  };
}

/**
 * Applies `results` in their total order (so a batch's order does not matter), re-assessing the
 * status at each result's check time, then once more at `now` (which is how staleness and
 * changes of settings or context show up without new results). Settings and context are the
 * current ones at every step, as nothing records them as of each result's time. A null state
 * is a new monitor observed from `now`. Feeding the same results again changes nothing.
 */
export function evaluateMonitor(
  previous: MonitorState | null,
  results: readonly CheckResult[],
  settings: MonitorSettings,
  now: Date,
  context: EvaluationContext,
): Evaluation {
  if (!Number.isFinite(now.getTime())) throw new RangeError('now must be a valid date');
  let state: MonitorState = previous ?? initialMonitorState(settings, now);
  state = { ...state, regions: alignRegions(state.regions, settings.regions) };
  const transitions: Transition[] = [];
  let ignored = 0;
  for (const result of [...results].sort(compareResults)) {
    const verdict = verdictOf(state.regions, result.region);
    const next = verdict && nextRegionVerdict(verdict, result, settings);
    const applied = next !== undefined && next !== verdict;
    if (applied) state = { ...state, regions: { ...state.regions, [result.region]: next } };
    else ignored += 1;
    if (!isUsableResult(result)) continue;
    // Even an ignored result shows the clock reached its time, as one fed alone with that time
    // as `now` would: this is what makes a batch equal to its results fed one by one.
    const atMs = Math.max(Date.parse(state.evaluatedAt), result.checkedAt.getTime());
    state = settle(
      state,
      settings,
      context,
      atMs,
      transitions,
      applied ? { region: result.region, resultId: result.id } : null,
    );
  }
  const atMs = Math.max(Date.parse(state.evaluatedAt), now.getTime());
  state = settle(state, settings, context, atMs, transitions, null);
  return { state, transitions, ignored };
}

/** Re-assesses at `atMs`, recording a transition when the status changes. */
function settle(
  state: MonitorState,
  settings: MonitorSettings,
  context: EvaluationContext,
  atMs: number,
  transitions: Transition[],
  triggeredBy: TransitionReason['triggeredBy'],
): MonitorState {
  const at = new Date(atMs).toISOString();
  // Leaving a pause restarts the silence clock, so a resumed monitor is pending, not stale.
  const resumed = state.status === 'paused' && !settings.paused;
  const observingSince = resumed ? at : state.observingSince;
  const verdicts = settings.regions.map(
    (region) => verdictOf(state.regions, region) ?? initialRegionVerdict(region),
  );
  const assessment = assessMonitor({
    verdicts,
    settings,
    context,
    atMs,
    observingSinceMs: Date.parse(observingSince),
  });
  const changed = assessment.status !== state.status;
  if (changed)
    transitions.push({
      from: state.status,
      to: assessment.status,
      at,
      reason: reasonFor(assessment, verdicts, settings.quorum, triggeredBy),
    });
  return {
    ...state,
    status: assessment.status,
    since: changed ? at : state.since,
    evaluatedAt: at,
    observingSince,
    failingRegions: assessment.failingRegions,
  };
}

function reasonFor(
  assessment: MonitorAssessment,
  verdicts: readonly RegionVerdict[],
  quorum: number,
  triggeredBy: TransitionReason['triggeredBy'],
): TransitionReason {
  const recent = new Set([...assessment.failingRegions, ...assessment.okRegions]);
  const evidence: TransitionReason['evidence'] = [];
  for (const verdict of verdicts) {
    const deciding = verdict.failing ? verdict.lastFailure : verdict.lastResult;
    if (recent.has(verdict.region) && deciding)
      evidence.push({ region: verdict.region, ...deciding });
  }
  return {
    summary: summarize(assessment, verdicts.length, quorum),
    quorum,
    failingRegions: assessment.failingRegions,
    okRegions: assessment.okRegions,
    silentRegions: assessment.silentRegions,
    slowRegions: assessment.slowRegions,
    triggeredBy,
    evidence,
  };
}

function summarize(assessment: MonitorAssessment, regionCount: number, quorum: number): string {
  const { failingRegions, okRegions, slowRegions, silentRegions } = assessment;
  const silent = silentRegions.length > 0 ? `; silent: ${silentRegions.join(', ')}` : '';
  switch (assessment.status) {
    case 'paused':
      return 'monitor paused';
    case 'maintenance':
      return 'components under maintenance';
    case 'pending':
      return 'waiting for the first results';
    case 'stale':
      return `no region reported for ${STALE_AFTER_INTERVALS} intervals`;
    case 'up':
      return `${okRegions.length} of ${regionCount} regions passing${silent}`;
    default: {
      const parts: string[] = [];
      if (failingRegions.length > 0)
        parts.push(
          `${failingRegions.length} of ${regionCount} regions failing (quorum ${quorum}): ${failingRegions.join(', ')}`,
        );
      if (slowRegions.length > 0) parts.push(`slow in ${slowRegions.join(', ')}`);
      return parts.join('; ') + silent;
    }
  }
}

/** One verdict per configured region: new regions start fresh, removed regions are forgotten. */
function alignRegions(
  regions: Record<string, RegionVerdict>,
  configured: readonly string[],
): Record<string, RegionVerdict> {
  const aligned: Record<string, RegionVerdict> = {};
  for (const region of configured)
    aligned[region] = verdictOf(regions, region) ?? initialRegionVerdict(region);
  return aligned;
}

/** Own properties only, so a region named like an Object.prototype member is not found there. */
function verdictOf(
  regions: Record<string, RegionVerdict>,
  region: string,
): RegionVerdict | undefined {
  return Object.hasOwn(regions, region) ? regions[region] : undefined;
}
