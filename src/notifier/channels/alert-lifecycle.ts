// What an event means to an alerting service with open/close semantics (PagerDuty, Opsgenie):
// open (or update) an alert under a stable key, close the alert under that key, or nothing.
// The key is the same for a monitor's down and its recovery, so the service closes the very
// alert the outage opened; and the same for an incident's creation, updates and resolution.
import type { NotificationEvent } from '../../domain/notifications/index.js';

export type AlertAction =
  { kind: 'open'; key: string } | { kind: 'close'; key: string } | { kind: 'skip'; why: string };

const OPENING_MONITOR_KINDS = ['monitor.down', 'monitor.degraded', 'monitor.stale'];
const CLOSING_MONITOR_KINDS = ['monitor.recovered', 'monitor.up'];

export function alertAction(event: NotificationEvent): AlertAction {
  if (event.subject === 'test') return { kind: 'open', key: `vigil-test-${event.id}` };
  if (event.subject === 'monitor') {
    const key = `vigil-monitor-${event.monitor.id}`;
    if (OPENING_MONITOR_KINDS.includes(event.type)) return { kind: 'open', key };
    if (CLOSING_MONITOR_KINDS.includes(event.type)) return { kind: 'close', key };
    return { kind: 'skip', why: `${event.type} is bookkeeping, not an alert` };
  }
  // Planned work is announced to people (chat, mail, status page), not paged: a maintenance
  // window that wakes the on-call engineer at its start would teach them to ignore pages.
  if (event.incident.kind === 'maintenance') {
    return { kind: 'skip', why: 'maintenance is not paged' };
  }
  const key = `vigil-incident-${event.incident.id}`;
  if (event.type === 'incident.resolved') return { kind: 'close', key };
  return { kind: 'open', key };
}
