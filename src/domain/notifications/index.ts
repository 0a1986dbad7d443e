// Public face of the notification rules: event kinds, events read from the outbox, routing.
// Pure code, no I/O.
export {
  DEFAULT_ROUTE_KINDS,
  INCIDENT_EVENT_KINDS,
  MONITOR_EVENT_KINDS,
  NOTIFICATION_EVENT_KINDS,
  incidentEventKind,
  isNotificationEventKind,
} from './event-kinds.js';
export type { IncidentEventKind } from './event-kinds.js';
export { eventFromOutbox, outboxEventId, testEvent } from './events.js';
export type {
  IncidentComponentChange,
  IncidentEventDetails,
  MonitorEventDetails,
  NotificationEvent,
  OutboxRecord,
} from './events.js';
export { channelsForEvent, routeMatches, scopeOf } from './routing.js';
export type { EventScope, NotificationRoute } from './routing.js';
export {
  SUBSCRIBER_EVENT_KINDS,
  SUBSCRIBER_MESSAGE_KIND,
  isSubscriberMessageKind,
  subscriberAudience,
  subscriberMessageFromOutbox,
  subscriberMessagePayload,
  subscriberWantsEvent,
} from './subscriber-routing.js';
export type {
  SubscriberAudience,
  SubscriberMessage,
  SubscriberMessagePurpose,
} from './subscriber-routing.js';
