// The kinds of notification events, which of them a route hears by default, and which kind an
// incident or maintenance update announces.
import type { IncidentStatus, MaintenanceStatus } from '../status.js';

/** Written by the evaluator per transition (see evaluator/evaluate-monitor.ts `outboxKind`). */
export const MONITOR_EVENT_KINDS = [
  'monitor.down',
  'monitor.degraded',
  'monitor.recovered',
  'monitor.up',
  'monitor.stale',
  'monitor.pending',
  'monitor.paused',
  'monitor.maintenance',
] as const;

/**
 * Written about a monitor by something other than a transition: "still down" reminders (by the
 * notifier, for routes with remind_every, see reminders.ts) and certificates about to expire (by
 * the evaluator from TLS facts, see certificate-expiry.ts).
 */
export const MONITOR_NOTICE_KINDS = ['monitor.reminder', 'monitor.certificate_expiring'] as const;

/** Written by the incident service with every incident or maintenance it opens or updates. */
export const INCIDENT_EVENT_KINDS = [
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'maintenance.scheduled',
  'maintenance.started',
  'maintenance.updated',
  'maintenance.completed',
] as const;

export const NOTIFICATION_EVENT_KINDS: readonly string[] = [
  ...MONITOR_EVENT_KINDS,
  ...MONITOR_NOTICE_KINDS,
  ...INCIDENT_EVENT_KINDS,
];

export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/**
 * What a route that names no kinds hears: every change somebody may have to act on. Left out are
 * the bookkeeping transitions — a new monitor's first `up` after `pending`, pauses, and entering
 * maintenance (which the maintenance's own events announce) — so a channel is not flooded with
 * news nobody asked for; a route can still name them.
 */
export const DEFAULT_ROUTE_KINDS: readonly string[] = [
  'monitor.down',
  'monitor.degraded',
  'monitor.recovered',
  'monitor.stale',
  // Reminders go only to the channel of the route that asked for them (remind_every); listed so
  // that such a route hears them with the default kinds.
  'monitor.reminder',
  // Something to act on before it becomes an outage.
  'monitor.certificate_expiring',
  ...INCIDENT_EVENT_KINDS,
];

export function isNotificationEventKind(kind: string): boolean {
  return NOTIFICATION_EVENT_KINDS.includes(kind);
}

/**
 * The kind of event an incident or maintenance update announces: `previous` is the status before
 * the update, null when the update is the one that opens it.
 */
export function incidentEventKind(
  kind: 'incident' | 'maintenance',
  previous: IncidentStatus | MaintenanceStatus | null,
  next: IncidentStatus | MaintenanceStatus,
): IncidentEventKind {
  if (kind === 'incident') {
    if (previous === null) return 'incident.created';
    return next === 'resolved' && previous !== 'resolved'
      ? 'incident.resolved'
      : 'incident.updated';
  }
  const changed = previous !== next;
  if (changed && next === 'in_progress') return 'maintenance.started';
  if (changed && next === 'completed') return 'maintenance.completed';
  return previous === null ? 'maintenance.scheduled' : 'maintenance.updated';
}
