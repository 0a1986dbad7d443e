// The across-regions rule: a monitor's status at a moment from its region verdicts, its
// settings and what is known around it (paused, under maintenance), with a fixed precedence.
import type { RegionVerdict } from './region-verdict.js';
import type { MonitorSettings } from './settings.js';

export const MONITOR_STATUSES = [
  'pending',
  'up',
  'degraded',
  'down',
  'stale',
  'paused',
  'maintenance',
] as const;
/**
 * `pending` is a monitor with no recent result yet that is not old enough to be `stale`: just
 * created or just resumed. Saying `up` there would claim a check nobody has made.
 */
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

export function isMonitorStatus(value: unknown): value is MonitorStatus {
  return typeof value === 'string' && (MONITOR_STATUSES as readonly string[]).includes(value);
}

/** A region's data counts only while it is younger than this many intervals. */
export const STALE_AFTER_INTERVALS = 3;

export interface EvaluationContext {
  /** True while a maintenance covers the components this monitor drives. */
  underMaintenance: boolean;
}

/** The status and the region facts that decided it. Region lists follow the settings' order. */
export interface MonitorAssessment {
  status: MonitorStatus;
  /** Regions reporting recently and failing by their thresholds. */
  failingRegions: string[];
  /** Regions reporting recently and not failing. */
  okRegions: string[];
  /** Regions with no result for STALE_AFTER_INTERVALS intervals: they count neither way. */
  silentRegions: string[];
  /** Non-failing regions whose latest passed check was slower than the degraded limit. */
  slowRegions: string[];
}

export interface AssessmentInput {
  /** One verdict per configured region, in the settings' order. */
  verdicts: readonly RegionVerdict[];
  settings: Pick<MonitorSettings, 'intervalMs' | 'quorum' | 'degradedLatencyMs' | 'paused'>;
  context: EvaluationContext;
  /** The moment assessed, in epoch milliseconds. */
  atMs: number;
  /** Since when results are expected (creation or last resume): silence is measured from here. */
  observingSinceMs: number;
}

/**
 * Precedence, highest first:
 * 1. paused: the operator stopped the checks, so nothing below means anything.
 * 2. maintenance: planned work explains failures and silence alike; it suppresses alerts, so it
 *    also beats stale (probes are often stopped during maintenance).
 * 3. stale / pending: with no region reporting there is no evidence for up, degraded or down.
 *    Silent regions are left out of the counts, so a monitor whose every region went quiet
 *    cannot stay down (or up) on old data.
 * 4. down: at least quorum recent regions failing.
 * 5. degraded: some region failing below quorum, or a recent passed check over the latency limit.
 * 6. up.
 */
export function assessMonitor(input: AssessmentInput): MonitorAssessment {
  const { settings, atMs } = input;
  const windowMs = STALE_AFTER_INTERVALS * settings.intervalMs;
  const assessment: MonitorAssessment = {
    status: 'up',
    failingRegions: [],
    okRegions: [],
    silentRegions: [],
    slowRegions: [],
  };
  for (const verdict of input.verdicts) {
    const last = verdict.lastResult;
    if (last === null || atMs - Date.parse(last.checkedAt) >= windowMs) {
      assessment.silentRegions.push(verdict.region);
    } else if (verdict.failing) {
      assessment.failingRegions.push(verdict.region);
    } else {
      assessment.okRegions.push(verdict.region);
      if (isSlow(last.passed, last.latencyMs, settings.degradedLatencyMs))
        assessment.slowRegions.push(verdict.region);
    }
  }
  assessment.status = statusOf(assessment, input, windowMs);
  return assessment;
}

function statusOf(
  regions: Omit<MonitorAssessment, 'status'>,
  input: AssessmentInput,
  windowMs: number,
): MonitorStatus {
  if (input.settings.paused) return 'paused';
  if (input.context.underMaintenance) return 'maintenance';
  if (regions.failingRegions.length === 0 && regions.okRegions.length === 0)
    return input.atMs - input.observingSinceMs >= windowMs ? 'stale' : 'pending';
  if (regions.failingRegions.length >= input.settings.quorum) return 'down';
  if (regions.failingRegions.length > 0 || regions.slowRegions.length > 0) return 'degraded';
  return 'up';
}

/** Failed checks count through the thresholds; latency only judges checks that passed. */
function isSlow(passed: boolean, latencyMs: number | null, limitMs: number | null): boolean {
  return passed && latencyMs !== null && limitMs !== null && latencyMs > limitMs;
}
