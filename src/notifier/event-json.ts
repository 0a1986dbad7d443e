// The public JSON form of a notification event, as webhook receivers get it (documented in
// docs/notifications.md): snake_case, times in ISO 8601 UTC, the monitor or the incident whole.
import type { NotificationEvent } from '../domain/notifications/index.js';

export function eventJson(event: NotificationEvent): Record<string, unknown> {
  const header = { id: event.id, type: event.type, occurred_at: event.occurredAt };
  if (event.subject === 'test') return { ...header, message: event.message };
  if (event.subject === 'monitor') {
    const { monitor } = event;
    return {
      ...header,
      monitor: {
        id: monitor.id,
        name: monitor.name,
        status: monitor.status,
        previous_status: monitor.previousStatus,
        reason: monitor.reason.summary,
        quorum: monitor.reason.quorum,
        regions: {
          failing: monitor.reason.failingRegions,
          ok: monitor.reason.okRegions,
          silent: monitor.reason.silentRegions,
          slow: monitor.reason.slowRegions,
        },
        ...(monitor.reminder
          ? {
              reminder: {
                down_since: monitor.reminder.downSince,
                down_for_seconds: Math.round(monitor.reminder.downForMs / 1000),
                sequence: monitor.reminder.sequence,
              },
            }
          : {}),
        ...(monitor.certificate
          ? {
              certificate: {
                not_after: monitor.certificate.notAfter,
                subject: monitor.certificate.subject,
                issuer: monitor.certificate.issuer,
                days_left: monitor.certificate.daysLeft,
                threshold_days: monitor.certificate.thresholdDays,
              },
            }
          : {}),
      },
    };
  }
  const { incident } = event;
  return {
    ...header,
    incident: {
      id: incident.id,
      name: incident.name,
      kind: incident.kind,
      status: incident.status,
      previous_status: incident.previousStatus,
      impact: incident.impact,
      page_id: incident.pageId,
      component_ids: incident.componentIds,
      components: incident.components.map((change) => ({
        id: change.id,
        name: change.name,
        old_status: change.oldStatus,
        new_status: change.newStatus,
      })),
      scheduled_for: incident.scheduledFor,
      scheduled_until: incident.scheduledUntil,
      update: {
        id: incident.update.id,
        status: incident.update.status,
        body: incident.update.body,
        display_at: incident.update.displayAt,
      },
    },
  };
}
