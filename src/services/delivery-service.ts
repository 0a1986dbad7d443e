// Use cases of the delivery log: list deliveries (dead letters among them) with their attempts,
// and retry one — due now with a fresh set of attempts, the notifiers woken to send it.
import type { Kysely, Selectable } from 'kysely';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  DeliveryRepository,
  type DeliveryFilter,
  type DeliveryLogEntry,
} from '../store/delivery-repository.js';
import { notifyOutbox } from '../store/outbox-repository.js';
import type { Database } from '../store/schema.js';
import type { DeliveryAttemptsTable } from '../store/notification-schema.js';
import { withTransaction } from '../store/transaction.js';

export type DeliveryAttemptRow = Selectable<DeliveryAttemptsTable>;

export interface DeliveryDetail extends DeliveryLogEntry {
  attemptLog: DeliveryAttemptRow[];
}

export class DeliveryService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(
    filter: DeliveryFilter & { limit: number; offset: number },
  ): Promise<{ deliveries: DeliveryLogEntry[]; total: number }> {
    const repo = new DeliveryRepository(this.db);
    const [deliveries, total] = await Promise.all([repo.list(filter), repo.count(filter)]);
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

function deliveryId(id: string | number): number {
  const numeric = typeof id === 'number' ? id : Number(id);
  if (!Number.isSafeInteger(numeric) || numeric < 1)
    throw new NotFoundError('delivery', String(id));
  return numeric;
}
