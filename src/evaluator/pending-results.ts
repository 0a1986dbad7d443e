// Reads the results a monitor's state has not seen yet (after each region's last applied
// result), a bounded page at a time, as the domain's CheckResult values.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { CheckResult, MonitorState } from '../domain/monitoring/index.js';
import { toCheckResult } from '../store/check-result-mapping.js';
import type { Database } from '../store/schema.js';

/** Results read per evaluation; more waiting means the monitor is evaluated again at once. */
export const RESULT_PAGE = 1000;

export interface PendingResults {
  results: CheckResult[];
  /** True when the page was full, so more results may be waiting. */
  more: boolean;
}

/**
 * Each configured region continues after its own last applied result (by check time, then id,
 * the order the domain applies results in), so a region that never reported cannot hold the
 * others back and nothing already applied is read again.
 */
export async function pendingResults(
  db: Kysely<Database>,
  monitorId: string,
  regions: readonly string[],
  state: MonitorState | null,
  limit = RESULT_PAGE,
): Promise<PendingResults> {
  if (regions.length === 0) return { results: [], more: false };
  const rows = await db
    .selectFrom('check_results')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .where((eb) => {
      const perRegion: Array<Expression<SqlBool>> = regions.map((region) => {
        const last = state?.regions[region]?.lastResult ?? null;
        if (last === null) return eb('region', '=', region);
        const at = new Date(last.checkedAt);
        return eb.and([
          eb('region', '=', region),
          sql<SqlBool>`(checked_at, id) > (${at}::timestamptz, ${last.resultId})`,
        ]);
      });
      return eb.or(perRegion);
    })
    .orderBy('checked_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return { results: rows.map(toCheckResult), more: rows.length >= limit };
}
