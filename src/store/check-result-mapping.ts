// A stored check result as the domain's CheckResult: the error class and message in one line,
// and the failed conditions in words, the same for the evaluator's reasons and the admin's views.
import type { CheckResult } from '../domain/monitoring/index.js';
import type { CheckResultRow } from './schema.js';

export function toCheckResult(row: CheckResultRow): CheckResult {
  const error =
    row.error_class === null
      ? null
      : row.error_message
        ? `${row.error_class}: ${row.error_message}`
        : row.error_class;
  return {
    id: row.id,
    region: row.region,
    checkedAt: row.checked_at,
    passed: row.passed,
    latencyMs: row.latency_ms,
    error,
    failedConditions: failedConditions(row.condition_results),
  };
}

/** Stored condition outcomes that failed, in words; anything unexpected is skipped, not thrown on. */
function failedConditions(outcomes: unknown): string[] {
  if (!Array.isArray(outcomes)) return [];
  const failed: string[] = [];
  for (const outcome of outcomes) {
    if (typeof outcome !== 'object' || outcome === null) continue;
    const { condition, passed, error, observed } = outcome as Record<string, unknown>;
    if (passed !== false || typeof condition !== 'string') continue;
    if (typeof error === 'string') failed.push(`${condition} failed: ${error}`);
    else if (observed && typeof observed === 'object' && Object.keys(observed).length > 0)
      failed.push(`${condition} failed: ${JSON.stringify(observed)}`);
    else failed.push(`${condition} failed`);
  }
  return failed;
}
