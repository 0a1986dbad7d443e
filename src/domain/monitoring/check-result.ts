// A check result as the evaluator sees it, the order results are applied in, and the evidence
// of a result kept in monitor state and transition reasons.

/** One check of one monitor from one region, after its conditions were evaluated. */
export interface CheckResult {
  /** Made by the probe, so a resent result is recognised as the same one. */
  id: string;
  region: string;
  checkedAt: Date;
  passed: boolean;
  latencyMs?: number | null;
  /** The target error class and message (DNS failure, refused, timeout, ...), if any. */
  error?: string | null;
  /** The conditions that did not hold, with the values seen (the condition evaluator's text). */
  failedConditions?: readonly string[];
}

/** What state and transition reasons keep of a result: plain JSON, times as ISO 8601 UTC. */
export interface ResultEvidence {
  resultId: string;
  checkedAt: string;
  passed: boolean;
  latencyMs: number | null;
  error: string | null;
  failedConditions: string[];
}

export function evidenceOf(result: CheckResult): ResultEvidence {
  return {
    resultId: result.id,
    checkedAt: result.checkedAt.toISOString(),
    passed: result.passed,
    latencyMs: finiteOrNull(result.latencyMs),
    error: result.error ?? null,
    failedConditions: [...(result.failedConditions ?? [])],
  };
}

/** A result the rules can place in time; anything else is ignored rather than thrown on. */
export function isUsableResult(result: CheckResult): boolean {
  return Number.isFinite(result.checkedAt.getTime()) && typeof result.passed === 'boolean';
}

/**
 * Total order of results: by check time, then id, then region. Applying results in this order
 * makes a batch's outcome independent of the order it arrived in, and ties on the same
 * millisecond resolve the same way on every evaluator.
 */
export function compareResults(a: CheckResult, b: CheckResult): number {
  return (
    a.checkedAt.getTime() - b.checkedAt.getTime() ||
    compareText(a.id, b.id) ||
    compareText(a.region, b.region)
  );
}

/** True when `result` comes strictly after the already applied `last` (same order as above). */
export function isAfter(result: CheckResult, last: ResultEvidence | null): boolean {
  if (last === null) return true;
  const delta = result.checkedAt.getTime() - Date.parse(last.checkedAt);
  return delta > 0 || (delta === 0 && compareText(result.id, last.resultId) > 0);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
