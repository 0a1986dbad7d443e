// Notification events for channel tests, read from outbox rows as the notifier reads them: a
// monitor going down in two of three regions and recovering, an incident opened and resolved, a
// maintenance starting. Times are fixed so request bodies can be compared exactly.
import assert from 'node:assert/strict';
import type { AnyChannelType } from '../../src/notifier/channel.js';
import {
  eventFromOutbox,
  testEvent,
  type NotificationEvent,
} from '../../src/domain/notifications/index.js';

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

export const monitorDown = fromOutbox('monitor.down', {
  event_id: 'evt-down-1',
  monitor_id: 'm1',
  monitor_name: 'website',
  from: 'up',
  to: 'down',
  occurred_at: '2026-03-01T09:59:58.000Z',
  reason: {
    summary: '2 of 3 regions failing (quorum 2): eu-west, us-east',
    quorum: 2,
    failingRegions: ['eu-west', 'us-east'],
    okRegions: ['ap-south'],
    silentRegions: [],
    slowRegions: [],
  },
});

export const monitorRecovered = fromOutbox('monitor.recovered', {
  event_id: 'evt-up-2',
  monitor_id: 'm1',
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

function incident(kind: string, status: string, extra: Record<string, unknown> = {}) {
  return fromOutbox(kind, {
    event_id: `evt-${kind}`,
    incident_id: 'inc-7',
    incident_name: 'Database outage',
    incident_kind: 'incident',
    status,
    impact: 'major',
    page_id: 'p1',
    component_ids: ['c1'],
    components: [{ id: 'c1', name: 'API', old_status: 'operational', new_status: 'major_outage' }],
    occurred_at: '2026-03-01T10:01:00.000Z',
    update: { id: 'u1', status, body: 'We are looking into it.' },
    ...extra,
  });
}

export const incidentCreated = incident('incident.created', 'investigating');
export const incidentResolved = incident('incident.resolved', 'resolved', {
  previous_status: 'investigating',
  update: { id: 'u2', status: 'resolved', body: 'Fixed.' },
  components: [],
});
export const maintenanceStarted = incident('maintenance.started', 'in_progress', {
  incident_kind: 'maintenance',
  impact: 'none',
});

export const channelTest = testEvent('evt-test-9', new Date('2026-03-01T10:00:00Z'));

export const sendContext = (timeoutMs = 5000) => ({
  signal: AbortSignal.timeout(timeoutMs),
  attempt: 1,
  now: new Date('2026-03-01T10:00:05Z'),
});

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

/**
 * A channel type's validate as tests use it: `config` asserts the input is accepted (and that
 * the config validates to itself, as the stored form must) and returns the typed config,
 * `faults` lists the fields the errors name.
 */
export function configChecks<C>(channel: AnyChannelType) {
  return {
    config(input: Record<string, unknown>): C {
      const check = channel.validate(input);
      assert.ok(check.ok, JSON.stringify(check));
      // A stored config is validated again before each send: it must come back unchanged.
      const again = channel.validate(check.config as Record<string, unknown>);
      assert.deepEqual(again, check, 'validate(config) gives the same config');
      // The registry erases config types; C is what this type's validate returns.
      return check.config as C;
    },
    faults(input: Record<string, unknown>): string[] {
      const check = channel.validate(input);
      return check.ok ? [] : check.errors.map((error) => error.field);
    },
  };
}
