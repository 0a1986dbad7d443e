// A component's status from the monitors that drive it, and the manual status (open incident or
// maintenance) that overrides it.
import { worstComponentStatus } from '../status.js';
import type { ComponentStatus } from '../status.js';
import type { MonitorState } from './evaluate.js';

/** What a component needs to know of each of its monitors. */
export type MonitorHealth = Pick<MonitorState, 'status' | 'failingRegions'>;

/**
 * How one monitor's status shows on a component. Only evidence of trouble changes a component:
 * pending, stale and paused mean "no recent checks", which is not an outage, and maintenance is
 * shown by the maintenance itself (through the override), only on the components it covers.
 */
export function componentStatusOfMonitor(monitor: MonitorHealth): ComponentStatus {
  switch (monitor.status) {
    case 'down':
      return 'major_outage';
    case 'degraded':
      // Failing regions below quorum: the service is out for some users, not merely slow.
      return monitor.failingRegions.length > 0 ? 'partial_outage' : 'degraded_performance';
    default:
      return 'operational';
  }
}

/** The worst of the monitors' statuses; operational for a component without monitors. */
export function componentStatusFromMonitors(monitors: Iterable<MonitorHealth>): ComponentStatus {
  const statuses: ComponentStatus[] = [];
  for (const monitor of monitors) statuses.push(componentStatusOfMonitor(monitor));
  return worstComponentStatus(statuses);
}

/**
 * The status a component shows: a status set by hand through an open incident or an active
 * maintenance wins over the monitors (a person who says "under maintenance" or "partial
 * outage" knows more than the checks); null means nobody set one.
 */
export function effectiveComponentStatus(
  fromMonitors: ComponentStatus,
  manualOverride: ComponentStatus | null,
): ComponentStatus {
  return manualOverride ?? fromMonitors;
}
