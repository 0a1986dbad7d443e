// Notification events for channel and event-text tests, read from outbox rows as the notifier
// reads them, with fixed times so request bodies can be compared exactly: a monitor going down in
// two of three regions and recovering, an incident opened and resolved, a maintenance starting,
// a channel test; and for the chat channels and event text, a monitor named with characters chat
// markup reads and an incident as incident-events.ts writes it (event id from its update).
import {
  eventFromOutbox,
  testEvent,
  type NotificationEvent,
} from '../../src/domain/notifications/index.js';

type MonitorEvent = Extract<NotificationEvent, { subject: 'monitor' }>;
type IncidentEvent = Extract<NotificationEvent, { subject: 'incident' }>;

function fromOutbox(kind: string, payload: Record<string, unknown>): NotificationEvent {
  const event = eventFromOutbox({
    id: 1,
    kind,
    createdAt: new Date('2026-03-01T10:00:00Z'),
    payload,
  });
  if (!event) throw new Error(`not an event: ${kind}`);
  return event;
}

function monitorEvent(kind: string, payload: Record<string, unknown>): MonitorEvent {
  const event = fromOutbox(kind, { monitor_id: 'm1', ...payload });
  if (event.subject !== 'monitor') throw new Error(`not a monitor event: ${kind}`);
  return event;
}

function incidentEvent(kind: string, payload: Record<string, unknown>): IncidentEvent {
  const event = fromOutbox(kind, {
    incident_kind: 'incident',
    impact: 'major',
    page_id: 'p1',
    component_ids: ['c1'],
    components: [{ id: 'c1', name: 'API', old_status: 'operational', new_status: 'major_outage' }],
    ...payload,
  });
  if (event.subject !== 'incident') throw new Error(`not an incident event: ${kind}`);
  return event;
}

const downReason = {
  summary: '2 of 3 regions failing (quorum 2): eu-west, us-east',
  quorum: 2,
  failingRegions: ['eu-west', 'us-east'],
  okRegions: ['ap-south'],
  silentRegions: [],
  slowRegions: [],
};

const down = (name: string) =>
  monitorEvent('monitor.down', {
    event_id: 'evt-down-1',
    monitor_name: name,
    from: 'up',
    to: 'down',
    occurred_at: '2026-03-01T09:59:58.000Z',
    reason: downReason,
  });

export const monitorDown = down('website');

/** monitorDown of a monitor named with &, <, > and Markdown stars, for chat markup. */
export const chatMonitorDown = down('checkout <api> & *cart*');

export const monitorRecovered = monitorEvent('monitor.recovered', {
  event_id: 'evt-up-2',
  monitor_name: 'website',
  from: 'down',
  to: 'up',
  occurred_at: '2026-03-01T10:04:00.000Z',
  reason: {
    summary: '3 of 3 regions ok',
    quorum: 2,
    failingRegions: [],
    okRegions: ['eu-west', 'us-east', 'ap-south'],
    silentRegions: [],
    slowRegions: [],
  },
});

function databaseOutage(kind: string, status: string, extra: Record<string, unknown> = {}) {
  return incidentEvent(kind, {
    event_id: `evt-${kind}`,
    incident_id: 'inc-7',
    incident_name: 'Database outage',
    status,
    occurred_at: '2026-03-01T10:01:00.000Z',
    update: { id: 'u1', status, body: 'We are looking into it.' },
    ...extra,
  });
}

export const incidentCreated = databaseOutage('incident.created', 'investigating');
export const incidentResolved = databaseOutage('incident.resolved', 'resolved', {
  previous_status: 'investigating',
  update: { id: 'u2', status: 'resolved', body: 'Fixed.' },
  components: [],
});
export const maintenanceStarted = databaseOutage('maintenance.started', 'in_progress', {
  incident_kind: 'maintenance',
  impact: 'none',
});

/** An incident opening as incident-events.ts writes it: ids and display time from its update. */
export const chatIncidentCreated = incidentEvent('incident.created', {
  event_id: 'update-u1',
  incident_id: 'i1',
  incident_name: 'API errors',
  status: 'investigating',
  occurred_at: '2026-03-01T10:02:11.000Z',
  update: {
    id: 'u1',
    status: 'investigating',
    body: 'We are looking into it.',
    display_at: '2026-03-01T10:02:11.000Z',
  },
});

export const channelTest = testEvent('evt-test-9', new Date('2026-03-01T10:00:00Z'));

/** The detail lines eventText gives for `monitorDown` and `monitorRecovered`, one message each. */
export const DOWN_TEXT = [
  'Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east',
  'Failing regions: eu-west, us-east',
  'OK regions: ap-south',
  'Status: up → down',
].join('\n');
export const RECOVERED_TEXT = [
  'Reason: 3 of 3 regions ok',
  'OK regions: eu-west, us-east, ap-south',
  'Status: down → up',
].join('\n');
