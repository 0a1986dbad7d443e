// When a component with automatic incidents should open or resolve one after a monitor changes.
import type { MonitorStatus } from './monitor-status.js';

export type AutoIncidentAction = 'open' | 'resolve' | 'none';

/**
 * Opens on entering `down` (not on every evaluation while down, so an incident a person
 * resolved by hand is not reopened at once) and resolves only on `up`. Degraded, stale, paused
 * and maintenance leave an open incident alone: they are not a recovery, and degraded alone is
 * too noisy to page anyone with an incident.
 */
export function autoIncidentAction(
  previousStatus: MonitorStatus,
  newStatus: MonitorStatus,
  hasOpenAutoIncident: boolean,
): AutoIncidentAction {
  if (newStatus === 'down' && previousStatus !== 'down' && !hasOpenAutoIncident) return 'open';
  if (newStatus === 'up' && hasOpenAutoIncident) return 'resolve';
  return 'none';
}
