// Which incidents and maintenances the public history shows, and in which order; one rule for the
// paged history (in memory and in SQL) and the recent days of the status page.
import type { MaintenanceStatus } from '../../domain/status.js';
import type { IncidentRow } from '../../store/schema.js';

/**
 * The rule, as on Atlassian Statuspage:
 * - an incident is history from the moment it is opened, resolved or not (an open one is marked
 *   "ongoing"): visitors who arrive during an outage find it there too;
 * - a maintenance is history once its window has begun, that is once it is in progress, verifying
 *   or completed. While it is only scheduled it is announced under "Upcoming maintenance" instead
 *   (it may still move or be cancelled), even when its start time has passed without it being
 *   started (automatic transition off). So each maintenance is in exactly one of the two places.
 * Status, not the clock, decides, so a page's history changes only with its snapshot.
 */
export const HISTORY_MAINTENANCE_STATUSES: readonly MaintenanceStatus[] = [
  'in_progress',
  'verifying',
  'completed',
];

type HistoryFields = Pick<IncidentRow, 'id' | 'kind' | 'status' | 'created_at' | 'scheduled_for'>;

export function inHistory(entry: Pick<IncidentRow, 'kind' | 'status'>): boolean {
  return (
    entry.kind !== 'maintenance' ||
    (HISTORY_MAINTENANCE_STATUSES as readonly string[]).includes(entry.status)
  );
}

/** When an entry happened, for ordering: an incident when opened, a maintenance when it begins. */
export function historyTime(entry: HistoryFields): Date {
  return entry.kind === 'maintenance' && entry.scheduled_for
    ? entry.scheduled_for
    : entry.created_at;
}

/**
 * Newest first, ties by id compared by code unit: the order IncidentRepository.listHistory gives,
 * so pages served from a snapshot and pages read from the database agree (down to the millisecond
 * a JavaScript date keeps; rows apart by less may swap, which no visitor can tell).
 */
export function newestFirst(a: HistoryFields, b: HistoryFields): number {
  const byTime = historyTime(b).getTime() - historyTime(a).getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
