// Which events status-page subscribers hear, and which subscribers: the rule as pure functions.
// Subscribers hear the incidents and maintenances of their page (creation, every update, the end;
// schedules, starts and completions), never monitor events (those are for the operators' channels),
// and only for the components they chose — or all of them when they chose none. The fan-out SQL
// (store/subscriber-repository.ts insertEventDeliveries) applies the same rule in one statement.
import { INCIDENT_EVENT_KINDS } from './event-kinds.js';
import type { NotificationEvent, OutboxRecord } from './events.js';

/** The kinds of events that reach subscribers. */
export const SUBSCRIBER_EVENT_KINDS: readonly string[] = INCIDENT_EVENT_KINDS;

/**
 * A message for one subscriber only (its confirmation mail, or "you are already subscribed"):
 * written to the outbox like any event, so it is durable and retried like everything else.
 */
export const SUBSCRIBER_MESSAGE_KIND = 'subscriber.confirm';

export type SubscriberMessagePurpose = 'confirm' | 'already_subscribed';

export interface SubscriberMessage {
  /** Stable event id (the deliveries' unique key). */
  id: string;
  subscriberId: string;
  purpose: SubscriberMessagePurpose;
}

/** Who among the subscribers an event concerns: a page and some of its components. */
export interface SubscriberAudience {
  pageId: string;
  /** Every component the incident concerns. */
  componentIds: readonly string[];
}

/** The audience of an event, or null when subscribers do not hear of it. */
export function subscriberAudience(event: NotificationEvent): SubscriberAudience | null {
  if (event.subject !== 'incident') return null;
  if (!SUBSCRIBER_EVENT_KINDS.includes(event.type)) return null;
  if (event.incident.pageId === '') return null;
  return { pageId: event.incident.pageId, componentIds: event.incident.componentIds };
}

/**
 * Whether a confirmed subscriber of the audience's page who chose `chosenComponentIds` hears the
 * event: no choice means every component; otherwise at least one chosen component must be
 * concerned (so an incident that names no component reaches only those who chose none).
 */
export function subscriberWantsEvent(
  chosenComponentIds: readonly string[],
  audience: SubscriberAudience,
): boolean {
  if (chosenComponentIds.length === 0) return true;
  return chosenComponentIds.some((id) => audience.componentIds.includes(id));
}

export function isSubscriberMessageKind(kind: string): boolean {
  return kind === SUBSCRIBER_MESSAGE_KIND;
}

/** The outbox payload of a subscriber message (the inverse of subscriberMessageFromOutbox). */
export function subscriberMessagePayload(
  message: SubscriberMessage,
  occurredAt: Date,
): Record<string, unknown> {
  return {
    event_id: message.id,
    subscriber_id: message.subscriberId,
    purpose: message.purpose,
    occurred_at: occurredAt.toISOString(),
  };
}

/** Reads a subscriber message from its outbox row; null for other rows or a damaged payload. */
export function subscriberMessageFromOutbox(
  record: Pick<OutboxRecord, 'kind' | 'payload'>,
): SubscriberMessage | null {
  if (!isSubscriberMessageKind(record.kind)) return null;
  const payload = record.payload;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const { event_id: id, subscriber_id: subscriberId, purpose } = payload as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof subscriberId !== 'string') return null;
  return {
    id,
    subscriberId,
    purpose: purpose === 'already_subscribed' ? 'already_subscribed' : 'confirm',
  };
}
