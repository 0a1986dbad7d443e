// Timestamps an incident or maintenance takes on as its status moves, and maintenance windows
// that move by themselves at their scheduled times.
import type { IncidentStatus, MaintenanceStatus } from './status.js';

export interface LifecycleTimestamps {
  monitoring_at: Date | null;
  resolved_at: Date | null;
}

const CLOSED_INCIDENT: ReadonlySet<string> = new Set(['resolved', 'postmortem']);

export function isIncidentOpen(status: IncidentStatus): boolean {
  return !CLOSED_INCIDENT.has(status);
}

export function isMaintenanceOpen(status: MaintenanceStatus): boolean {
  return status !== 'completed';
}

/** `resolved_at` in Vigil also marks a completed maintenance, so one index finds everything open. */
export function timestampsAfterStatus(
  previous: LifecycleTimestamps,
  status: IncidentStatus | MaintenanceStatus,
  now: Date,
): LifecycleTimestamps {
  const closed = status === 'resolved' || status === 'postmortem' || status === 'completed';
  return {
    monitoring_at:
      status === 'monitoring' ? (previous.monitoring_at ?? now) : previous.monitoring_at,
    resolved_at: closed ? (previous.resolved_at ?? now) : null,
  };
}

export interface MaintenanceWindow {
  status: MaintenanceStatus;
  scheduled_for: Date;
  scheduled_until: Date;
  auto_transition: boolean;
}

/** The status a maintenance should have at `now`, or null when it should stay as it is. */
export function dueMaintenanceStatus(
  window: MaintenanceWindow,
  now: Date,
): MaintenanceStatus | null {
  if (!window.auto_transition) return null;
  const started = now.getTime() >= window.scheduled_for.getTime();
  const ended = now.getTime() >= window.scheduled_until.getTime();
  if (window.status === 'scheduled' && ended) return 'completed';
  if (window.status === 'scheduled' && started) return 'in_progress';
  if ((window.status === 'in_progress' || window.status === 'verifying') && ended)
    return 'completed';
  return null;
}

/** Default text of the update written when a maintenance moves by itself. */
export function automaticMaintenanceMessage(status: MaintenanceStatus): string {
  switch (status) {
    case 'in_progress':
      return 'Scheduled maintenance is currently in progress. We will provide updates as necessary.';
    case 'completed':
      return 'The scheduled maintenance has been completed.';
    case 'verifying':
      return 'Maintenance work is done; we are verifying that everything works as expected.';
    case 'scheduled':
      return 'Maintenance has been scheduled.';
  }
}
