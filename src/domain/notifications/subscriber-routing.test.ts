// Subscriber routing: incident and maintenance events of a page reach the subscribers who chose
// none or some of its components; monitor events and test events never reach subscribers; a
// subscriber message is read back from its outbox row exactly as written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INCIDENT_EVENT_KINDS, MONITOR_EVENT_KINDS } from './event-kinds.js';
import { testEvent, type NotificationEvent } from './events.js';
import {
  SUBSCRIBER_MESSAGE_KIND,
  subscriberAudience,
  subscriberMessageFromOutbox,
  subscriberMessagePayload,
  subscriberWantsEvent,
} from './subscriber-routing.js';

function incidentEvent(type: string, componentIds: string[], pageId = 'page1'): NotificationEvent {
  return {
    id: 'e1',
    type,
    occurredAt: '2026-01-01T00:00:00.000Z',
    subject: 'incident',
    incident: {
      id: 'i1',
      name: 'Slow API',
      kind: type.startsWith('maintenance.') ? 'maintenance' : 'incident',
      status: 'investigating',
      previousStatus: null,
      impact: 'minor',
      pageId,
      componentIds,
      components: [],
      scheduledFor: null,
      scheduledUntil: null,
      update: { id: 'u1', status: 'investigating', body: 'Looking', displayAt: '' },
    },
  };
}

describe('subscriberAudience', () => {
  it('is the page and components of every incident and maintenance event', () => {
    for (const kind of INCIDENT_EVENT_KINDS) {
      assert.deepEqual(subscriberAudience(incidentEvent(kind, ['api'])), {
        pageId: 'page1',
        componentIds: ['api'],
      });
    }
  });

  it('is null for monitor events, test events and incidents without a page', () => {
    for (const kind of MONITOR_EVENT_KINDS) {
      const event: NotificationEvent = {
        id: 'e2',
        type: kind,
        occurredAt: '2026-01-01T00:00:00.000Z',
        subject: 'monitor',
        monitor: {
          id: 'm1',
          name: 'site',
          status: 'down',
          previousStatus: 'up',
          reason: {
            summary: 'x',
            quorum: null,
            failingRegions: [],
            okRegions: [],
            silentRegions: [],
            slowRegions: [],
          },
        },
      };
      assert.equal(subscriberAudience(event), null, kind);
    }
    assert.equal(subscriberAudience(testEvent('t', new Date())), null);
    assert.equal(subscriberAudience(incidentEvent('incident.created', ['api'], '')), null);
  });
});

describe('subscriberWantsEvent', () => {
  const audience = { pageId: 'page1', componentIds: ['api', 'db'] };

  it('sends everything to a subscriber who chose no components', () => {
    assert.equal(subscriberWantsEvent([], audience), true);
    assert.equal(subscriberWantsEvent([], { pageId: 'page1', componentIds: [] }), true);
  });

  it('sends to a subscriber whose choice meets the event, and only then', () => {
    assert.equal(subscriberWantsEvent(['db'], audience), true);
    assert.equal(subscriberWantsEvent(['web', 'api'], audience), true);
    assert.equal(subscriberWantsEvent(['web'], audience), false);
    assert.equal(subscriberWantsEvent(['web'], { pageId: 'page1', componentIds: [] }), false);
  });
});

describe('subscriber messages', () => {
  it('reads back what was written', () => {
    const message = { id: 'sub-1', subscriberId: 's1', purpose: 'already_subscribed' as const };
    const payload = subscriberMessagePayload(message, new Date('2026-01-01T00:00:00Z'));
    assert.deepEqual(
      subscriberMessageFromOutbox({ kind: SUBSCRIBER_MESSAGE_KIND, payload }),
      message,
    );
  });

  it('is null for other kinds and damaged payloads', () => {
    assert.equal(subscriberMessageFromOutbox({ kind: 'incident.created', payload: {} }), null);
    assert.equal(subscriberMessageFromOutbox({ kind: SUBSCRIBER_MESSAGE_KIND, payload: [] }), null);
    assert.equal(
      subscriberMessageFromOutbox({ kind: SUBSCRIBER_MESSAGE_KIND, payload: { event_id: 'x' } }),
      null,
    );
  });
});
