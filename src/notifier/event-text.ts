// The human-readable form of a notification event, shared by every channel that shows people a
// message (chat, push, email): a one-line title, a few lines of detail, and how bad it is. Channels
// lay these out in their service's format; the wording lives here so every channel says the same.
import type { NotificationEvent } from '../domain/notifications/index.js';

/** How an event should look: red for outages, amber for trouble, green for recoveries. */
export type EventSeverity = 'critical' | 'warning' | 'ok' | 'info';

export interface EventText {
  /** One line, e.g. "website is down". */
  title: string;
  /** Detail lines: reason, regions, incident update text ... (may be empty). */
  lines: string[];
  severity: EventSeverity;
}

const MONITOR_TITLES: Readonly<Record<string, string>> = {
  'monitor.down': 'is down',
  'monitor.degraded': 'is degraded',
  'monitor.recovered': 'has recovered',
  'monitor.up': 'is up',
  'monitor.stale': 'has no recent results',
  'monitor.pending': 'is pending',
  'monitor.paused': 'is paused',
  'monitor.maintenance': 'is in maintenance',
  'monitor.reminder': 'is still down',
  'monitor.certificate_expiring': 'has a TLS certificate about to expire',
};

export function eventText(event: NotificationEvent): EventText {
  if (event.subject === 'test') {
    return { title: 'Vigil test notification', lines: [event.message], severity: 'info' };
  }
  if (event.subject === 'monitor') {
    const { monitor } = event;
    const verb = MONITOR_TITLES[event.type] ?? `is ${monitor.status}`;
    if (monitor.certificate) {
      const cert = monitor.certificate;
      const left =
        cert.daysLeft < 0
          ? 'It has expired.'
          : `${cert.daysLeft} day${cert.daysLeft === 1 ? '' : 's'} left.`;
      const lines = [`Certificate expires ${cert.notAfter}: ${left}`];
      if (cert.subject !== null) lines.push(`Subject: ${cert.subject}`);
      if (cert.issuer !== null) lines.push(`Issuer: ${cert.issuer}`);
      return { title: `${monitor.name} ${verb}`, lines, severity: 'warning' };
    }
    const lines = [`Reason: ${monitor.reason.summary}`];
    if (monitor.reminder) lines.unshift(`Down for ${duration(monitor.reminder.downForMs)}`);
    const regions = monitor.reason;
    if (regions.failingRegions.length > 0) {
      lines.push(`Failing regions: ${regions.failingRegions.join(', ')}`);
    }
    if (regions.okRegions.length > 0) lines.push(`OK regions: ${regions.okRegions.join(', ')}`);
    if (regions.silentRegions.length > 0) {
      lines.push(`Silent regions: ${regions.silentRegions.join(', ')}`);
    }
    if (regions.slowRegions.length > 0) {
      lines.push(`Slow regions: ${regions.slowRegions.join(', ')}`);
    }
    lines.push(`Status: ${monitor.previousStatus} → ${monitor.status}`);
    return { title: `${monitor.name} ${verb}`, lines, severity: monitorSeverity(event.type) };
  }
  const { incident } = event;
  const what = incident.kind === 'maintenance' ? 'Maintenance' : 'Incident';
  const lines = [`Status: ${incident.update.status}`];
  if (incident.update.body.trim() !== '') lines.push(incident.update.body.trim());
  for (const change of incident.components) {
    lines.push(`${change.name}: ${change.oldStatus} → ${change.newStatus}`);
  }
  if (incident.scheduledFor !== null) {
    lines.push(
      `Scheduled: ${incident.scheduledFor}${incident.scheduledUntil ? ` to ${incident.scheduledUntil}` : ''}`,
    );
  }
  return {
    title: `${what} ${incidentVerb(event.type)}: ${incident.name}`,
    lines,
    severity: incidentSeverity(event.type, incident.impact),
  };
}

/** Title and lines as one plain-text message. */
export function eventPlainText(event: NotificationEvent): string {
  const text = eventText(event);
  return [text.title, ...text.lines].join('\n');
}

function monitorSeverity(type: string): EventSeverity {
  if (type === 'monitor.down' || type === 'monitor.reminder') return 'critical';
  if (type === 'monitor.degraded' || type === 'monitor.stale') return 'warning';
  if (type === 'monitor.recovered' || type === 'monitor.up') return 'ok';
  return 'info';
}

/** "2 h 5 min", "45 min", "3 d 4 h": how long a monitor has been down, for people. */
function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

function incidentVerb(type: string): string {
  switch (type) {
    case 'incident.created':
      return 'opened';
    case 'incident.resolved':
      return 'resolved';
    case 'maintenance.scheduled':
      return 'scheduled';
    case 'maintenance.started':
      return 'started';
    case 'maintenance.completed':
      return 'completed';
    default:
      return 'updated';
  }
}

function incidentSeverity(type: string, impact: string): EventSeverity {
  if (type === 'incident.resolved' || type === 'maintenance.completed') return 'ok';
  if (type.startsWith('maintenance.')) return 'info';
  if (impact === 'critical' || impact === 'major') return 'critical';
  return impact === 'none' ? 'info' : 'warning';
}
