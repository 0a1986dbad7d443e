// Reading outbox rows as events: the evaluator's and the incident service's payloads as they
// write them, a stable id for rows without one, and damaged or unknown rows refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { incidentEventKind } from './event-kinds.js';
import { eventFromOutbox, outboxEventId } from './events.js';

const createdAt = new Date('2026-01-02T03:04:05.000Z');

describe('eventFromOutbox', () => {
  it('reads a monitor transition with its reason and regions', () => {
    const event = eventFromOutbox({
      id: 7,
      kind: 'monitor.down',
      createdAt,
      payload: {
        event_id: 'abc123',
        monitor_id: 'm1',
        monitor_name: 'website',
        from: 'up',
        to: 'down',
        occurred_at: '2026-01-02T03:04:00.000Z',
        reason: {
          summary: '2 of 3 regions failing (quorum 2): eu, us',
          quorum: 2,
          failingRegions: ['eu', 'us'],
          okRegions: ['ap'],
          silentRegions: [],
          slowRegions: [],
          triggeredBy: null,
          evidence: [],
        },
      },
    });
    assert.deepEqual(event, {
      id: 'abc123',
      type: 'monitor.down',
      occurredAt: '2026-01-02T03:04:00.000Z',
      subject: 'monitor',
      monitor: {
        id: 'm1',
        name: 'website',
        status: 'down',
        previousStatus: 'up',
        reason: {
          summary: '2 of 3 regions failing (quorum 2): eu, us',
          quorum: 2,
          failingRegions: ['eu', 'us'],
          okRegions: ['ap'],
          silentRegions: [],
          slowRegions: [],
        },
      },
    });
  });

  it('reads an incident update', () => {
    const event = eventFromOutbox({
      id: 8,
      kind: 'incident.created',
      createdAt,
      payload: {
        event_id: 'update-u1',
        incident_id: 'i1',
        incident_name: 'API errors',
        incident_kind: 'incident',
        status: 'investigating',
        previous_status: null,
        impact: 'major',
        page_id: 'p1',
        component_ids: ['c1'],
        components: [
          { id: 'c1', name: 'API', old_status: 'operational', new_status: 'major_outage' },
        ],
        scheduled_for: null,
        scheduled_until: null,
        update: {
          id: 'u1',
          status: 'investigating',
          body: 'Looking',
          display_at: createdAt.toISOString(),
        },
        occurred_at: createdAt.toISOString(),
      },
    });
    assert.equal(event?.subject, 'incident');
    assert.equal(event?.id, 'update-u1');
    assert.deepEqual(event?.subject === 'incident' && event.incident.components, [
      { id: 'c1', name: 'API', oldStatus: 'operational', newStatus: 'major_outage' },
    ]);
  });

  it('gives a row without an event id one derived from the row, the same every time', () => {
    assert.equal(outboxEventId({ id: 42, payload: {} }), 'outbox-42');
    assert.equal(outboxEventId({ id: 42, payload: { event_id: 'x' } }), 'x');
  });

  it('refuses unknown kinds and payloads without what channels need', () => {
    assert.equal(eventFromOutbox({ id: 1, kind: 'billing.paid', payload: {}, createdAt }), null);
    assert.equal(eventFromOutbox({ id: 1, kind: 'monitor.down', payload: {}, createdAt }), null);
    assert.equal(eventFromOutbox({ id: 1, kind: 'monitor.down', payload: 'x', createdAt }), null);
    assert.equal(
      eventFromOutbox({
        id: 1,
        kind: 'incident.created',
        payload: { incident_id: 'i' },
        createdAt,
      }),
      null,
    );
  });
});

describe('incidentEventKind', () => {
  it('names incident updates', () => {
    assert.equal(incidentEventKind('incident', null, 'investigating'), 'incident.created');
    assert.equal(incidentEventKind('incident', 'investigating', 'identified'), 'incident.updated');
    assert.equal(incidentEventKind('incident', 'monitoring', 'resolved'), 'incident.resolved');
    assert.equal(incidentEventKind('incident', 'resolved', 'resolved'), 'incident.updated');
  });

  it('names maintenance schedules, starts and ends', () => {
    assert.equal(incidentEventKind('maintenance', null, 'scheduled'), 'maintenance.scheduled');
    assert.equal(incidentEventKind('maintenance', null, 'in_progress'), 'maintenance.started');
    assert.equal(
      incidentEventKind('maintenance', 'scheduled', 'in_progress'),
      'maintenance.started',
    );
    assert.equal(
      incidentEventKind('maintenance', 'in_progress', 'verifying'),
      'maintenance.updated',
    );
    assert.equal(
      incidentEventKind('maintenance', 'verifying', 'completed'),
      'maintenance.completed',
    );
    assert.equal(incidentEventKind('maintenance', 'scheduled', 'scheduled'), 'maintenance.updated');
  });
});
