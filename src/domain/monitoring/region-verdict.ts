// The per-region rule: failing after F consecutive failed checks, recovered after S consecutive
// passed checks (hysteresis, so one odd result never flips a region).
import { evidenceOf, isAfter, isUsableResult } from './check-result.js';
import type { CheckResult, ResultEvidence } from './check-result.js';
import type { MonitorSettings } from './settings.js';

export interface RegionVerdict {
  region: string;
  failing: boolean;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /**
   * The latest result applied. It is also the fence against duplicates and late deliveries: a
   * result not strictly after it (by check time, then id) is ignored, which subsumes a set of
   * seen ids because a resent result carries the same id and time.
   */
  lastResult: ResultEvidence | null;
  /** The latest failed result, kept as the reason while the region fails. */
  lastFailure: ResultEvidence | null;
}

export function initialRegionVerdict(region: string): RegionVerdict {
  return {
    region,
    failing: false,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    lastResult: null,
    lastFailure: null,
  };
}

/** True when the reducer would apply `result` (right region, usable, newer than the last one). */
export function acceptsResult(verdict: RegionVerdict, result: CheckResult): boolean {
  return (
    result.region === verdict.region &&
    isUsableResult(result) &&
    isAfter(result, verdict.lastResult)
  );
}

/**
 * The verdict after one more result. Returns `previous` itself (same object) when the result is
 * ignored: another region's, unusable, a duplicate or older than the last one applied.
 */
export function nextRegionVerdict(
  previous: RegionVerdict,
  result: CheckResult,
  settings: Pick<MonitorSettings, 'failureThreshold' | 'successThreshold'>,
): RegionVerdict {
  if (!acceptsResult(previous, result)) return previous;
  const evidence = evidenceOf(result);
  if (result.passed) {
    const consecutiveSuccesses = previous.consecutiveSuccesses + 1;
    return {
      ...previous,
      failing: previous.failing && consecutiveSuccesses < settings.successThreshold,
      consecutiveFailures: 0,
      consecutiveSuccesses,
      lastResult: evidence,
    };
  }
  const consecutiveFailures = previous.consecutiveFailures + 1;
  return {
    ...previous,
    failing: previous.failing || consecutiveFailures >= settings.failureThreshold,
    consecutiveFailures,
    consecutiveSuccesses: 0,
    lastResult: evidence,
    lastFailure: evidence,
  };
}
