// The subscriber half of fan-out, called by fan-out.ts inside its transaction: an incident or
// maintenance event becomes one delivery per confirmed subscriber of its page who wants it (one
// INSERT ... SELECT per event, however many subscribers), and a subscriber message (the
// confirmation mail) becomes one delivery to its subscriber.
import type { Kysely } from 'kysely';
import {
  subscriberAudience,
  subscriberMessageFromOutbox,
  type NotificationEvent,
  type OutboxRecord,
} from '../../domain/notifications/index.js';
import type { Database } from '../../store/schema.js';
import { SubscriberRepository } from '../../store/subscriber-repository.js';

export interface FanOutItem {
  row: OutboxRecord;
  /** The row read as a notification event; null for rows that are not one (e.g. messages). */
  event: NotificationEvent | null;
}

/** Creates the subscriber deliveries of a batch; returns how many were created. */
export async function fanOutToSubscribers(
  trx: Kysely<Database>,
  items: readonly FanOutItem[],
): Promise<number> {
  const subscribers = new SubscriberRepository(trx);
  let created = 0;
  for (const { row, event } of items) {
    const message = subscriberMessageFromOutbox(row);
    if (message) {
      created += await subscribers.insertDirectDelivery({
        eventId: message.id,
        outboxId: row.id,
        subscriberId: message.subscriberId,
      });
      continue;
    }
    const audience = event && subscriberAudience(event);
    if (!event || !audience) continue;
    created += await subscribers.insertEventDeliveries({
      eventId: event.id,
      outboxId: row.id,
      pageId: audience.pageId,
      componentIds: audience.componentIds,
    });
  }
  return created;
}
