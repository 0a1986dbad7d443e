// Use cases of the delivery log: list deliveries (dead letters among them) with their attempts,
// filtered by status, by target (channels or subscribers), by channel or by subscriber, and
// retry one — due now with a fresh set of attempts, the notifiers woken to send it.
import type { Kysely, Selectable } from 'kysely';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { optionalOneOf, optionalText } from '../domain/validate.js';
import {
  DeliveryRepository,
  type DeliveryFilter,
  type DeliveryLogEntry,
  type DeliveryTarget,
} from '../store/delivery-repository.js';
import { notifyOutbox } from '../store/outbox-repository.js';
import type { Database } from '../store/schema.js';
import type { DeliveryAttemptsTable, DeliveryStatus } from '../store/notification-schema.js';
import { withTransaction } from '../store/transaction.js';

export type DeliveryAttemptRow = Selectable<DeliveryAttemptsTable>;

export interface DeliveryDetail extends DeliveryLogEntry {
  attemptLog: DeliveryAttemptRow[];
}

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];
export const DELIVERY_TARGETS: readonly DeliveryTarget[] = ['channel', 'subscriber'];

/** Filters of the log as they come in (query strings); empty means "any". */
export interface DeliveryQuery {
  status?: unknown;
  target?: unknown;
  channelId?: unknown;
  subscriberId?: unknown;
}

export class DeliveryService {
  constructor(private readonly db: Kysely<Database>) {}

  /** A bad filter is refused naming its field (status, target, channel_id, subscriber_id). */
  async list(
    query: DeliveryQuery & { limit: number; offset: number },
  ): Promise<{ deliveries: DeliveryLogEntry[]; total: number }> {
    const filter = deliveryFilter(query);
    const repo = new DeliveryRepository(this.db);
    const paged = { ...filter, limit: query.limit, offset: query.offset };
    const [deliveries, total] = await Promise.all([repo.list(paged), repo.count(filter)]);
    return { deliveries, total };
  }

  async get(id: string | number): Promise<DeliveryDetail> {
    const numeric = deliveryId(id);
    const repo = new DeliveryRepository(this.db);
    const [entry] = await repo.list({ id: numeric, limit: 1 });
    if (!entry) throw new NotFoundError('delivery', String(id));
    return { ...entry, attemptLog: await repo.attemptsOf(numeric) };
  }

  /** A delivered delivery is not sent again: that is what the event id is for. */
  async retry(id: string | number): Promise<DeliveryDetail> {
    const numeric = deliveryId(id);
    await withTransaction(this.db, async (trx) => {
      const repo = new DeliveryRepository(trx);
      const [entry] = await repo.list({ id: numeric, limit: 1 });
      if (!entry) throw new NotFoundError('delivery', String(id));
      if (entry.status === 'delivered') {
        throw new ValidationError('status', 'the delivery was delivered; it is not sent again');
      }
      await repo.retry(numeric);
      await notifyOutbox(trx);
    });
    return this.get(numeric);
  }

  /** Every dead letter of the channel sent again now; how many were. */
  async retryDeadOfChannel(channelId: string): Promise<number> {
    return withTransaction(this.db, async (trx) => {
      const count = await new DeliveryRepository(trx).retryDeadOfChannel(channelId);
      if (count > 0) await notifyOutbox(trx);
      return count;
    });
  }

  /** The newest delivery per channel (the admin's channel list shows how the last one went). */
  latestPerChannel() {
    return new DeliveryRepository(this.db).latestPerChannel();
  }
}

/**
 * The checked filters. Every delivery goes to exactly one channel or one subscriber, so a
 * filter naming both, or naming one with the other target, could only ever list nothing: it is
 * refused as a mistake instead.
 */
export function deliveryFilter(query: DeliveryQuery): DeliveryFilter {
  const filter: DeliveryFilter = {};
  const status = optionalOneOf('status', query.status, DELIVERY_STATUSES);
  if (status !== undefined) filter.status = status;
  const target = optionalOneOf('target', query.target, DELIVERY_TARGETS);
  if (target !== undefined) filter.target = target;
  const channelId = optionalText('channel_id', query.channelId, 100);
  if (channelId !== '') filter.channelId = channelId;
  const subscriberId = optionalText('subscriber_id', query.subscriberId, 100);
  if (subscriberId !== '') filter.subscriberId = subscriberId;
  if (filter.channelId && filter.subscriberId) {
    throw new ValidationError(
      'subscriber_id',
      'a channel and a subscriber are both chosen: a delivery goes to one or the other, never both',
    );
  }
  if (filter.target === 'channel' && filter.subscriberId) {
    throw new ValidationError(
      'target',
      'target is channel, but a subscriber is chosen: choose the subscriber target or no subscriber',
    );
  }
  if (filter.target === 'subscriber' && filter.channelId) {
    throw new ValidationError(
      'target',
      'target is subscriber, but a channel is chosen: choose the channel target or no channel',
    );
  }
  return filter;
}

function deliveryId(id: string | number): number {
  const numeric = typeof id === 'number' ? id : Number(id);
  if (!Number.isSafeInteger(numeric) || numeric < 1)
    throw new NotFoundError('delivery', String(id));
  return numeric;
}
