// Notification events for channel tests, typed as channels receive them: a monitor going down in
// two of three regions (its name full of characters chat markup reads), and an incident opening.
import type { NotificationEvent } from '../../src/domain/notifications/index.js';

type MonitorEvent = Extract<NotificationEvent, { subject: 'monitor' }>;
type IncidentEvent = Extract<NotificationEvent, { subject: 'incident' }>;

/** A monitor named with &, <, > and Markdown stars, down in eu-west and us-east. */
export const monitorDown: MonitorEvent = {
  id: 'evt-down-1',
  type: 'monitor.down',
  occurredAt: '2026-03-01T09:59:58.000Z',
  subject: 'monitor',
  monitor: {
    id: 'm1',
    name: 'checkout <api> & *cart*',
    status: 'down',
    previousStatus: 'up',
    reason: {
      summary: '2 of 3 regions failing (quorum 2): eu-west, us-east',
      quorum: 2,
      failingRegions: ['eu-west', 'us-east'],
      okRegions: ['ap-south'],
      silentRegions: [],
      slowRegions: [],
    },
  },
};

export const incidentCreated: IncidentEvent = {
  id: 'update-u1',
  type: 'incident.created',
  occurredAt: '2026-03-01T10:02:11.000Z',
  subject: 'incident',
  incident: {
    id: 'i1',
    name: 'API errors',
    kind: 'incident',
    status: 'investigating',
    previousStatus: null,
    impact: 'major',
    pageId: 'p1',
    componentIds: ['c1'],
    components: [{ id: 'c1', name: 'API', oldStatus: 'operational', newStatus: 'major_outage' }],
    scheduledFor: null,
    scheduledUntil: null,
    update: {
      id: 'u1',
      status: 'investigating',
      body: 'We are looking into it.',
      displayAt: '2026-03-01T10:02:11.000Z',
    },
  },
};

/** A send context with a generous deadline (tests that hang pass their own). */
export function sendContext(timeoutMs = 5000) {
  return {
    signal: AbortSignal.timeout(timeoutMs),
    attempt: 1,
    now: new Date('2026-03-01T10:00:05Z'),
  };
}
