// Fan-out: turns outbox rows into deliveries, one per channel the routes send the event to, and
// marks the rows processed — all in one transaction, so an event is fanned out entirely or not
// at all, and a notifier dying half-way leaves the rows for the next one. Rows are taken with
// FOR UPDATE SKIP LOCKED, so notifiers fan out different rows at the same time; should one row
// be fanned out twice anyway, the deliveries' unique (event_id, channel_id) makes it harmless.
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  channelsForEvent,
  eventFromOutbox,
  isSubscriberMessageKind,
  outboxEventId,
  scopeOf,
} from '../domain/notifications/index.js';
import { ChannelRepository } from '../store/channel-repository.js';
import { DeliveryRepository, type NewDelivery } from '../store/delivery-repository.js';
import { lockUnprocessed, markProcessed, notifyOutbox } from '../store/outbox-repository.js';
import type { Database } from '../store/schema.js';
import { withTransaction } from '../store/transaction.js';
import { fanOutMonitorEvents, type MonitorFanOutItem } from './monitor-fan-out.js';
import { fanOutToSubscribers } from './subscribers/subscriber-fan-out.js';

export interface FanOutResult {
  /** Outbox rows processed. */
  events: number;
  /** Deliveries created. */
  deliveries: number;
}

export async function fanOutBatch(
  db: Kysely<Database>,
  options: { batchSize: number; logger: Pick<Logger, 'warn'>; now?: Date },
): Promise<FanOutResult> {
  return withTransaction(db, async (trx) => {
    const rows = await lockUnprocessed(trx, options.batchSize);
    if (rows.length === 0) return { events: 0, deliveries: 0 };
    const channels = new ChannelRepository(trx);
    const [routes, enabled] = await Promise.all([channels.allRoutes(), enabledChannels(trx)]);
    const events = rows.map((row) => ({ row, event: eventFromOutbox(row) }));
    const monitorIds = events.flatMap(({ event }) =>
      event?.subject === 'monitor' ? [event.monitor.id] : [],
    );
    const monitorComponents = await componentsOfMonitors(trx, monitorIds);
    const deliveries: NewDelivery[] = [];
    const monitorEvents: MonitorFanOutItem[] = [];
    for (const { row, event } of events) {
      if (event?.subject === 'monitor') {
        monitorEvents.push({ row, event });
        continue;
      }
      if (!event) {
        // Subscriber messages are no channel's business; fanOutToSubscribers routes them.
        if (isSubscriberMessageKind(row.kind)) continue;
        options.logger.warn(
          { outboxId: row.id, kind: row.kind, eventId: outboxEventId(row) },
          'outbox row is not a notification event this version can send; skipped',
        );
        continue;
      }
      for (const channelId of channelsForEvent(
        routes,
        scopeOf(event, monitorComponents),
        enabled,
      )) {
        deliveries.push({ eventId: event.id, outboxId: row.id, channelId });
      }
    }
    const monitorFanOut = await fanOutMonitorEvents(
      trx,
      monitorEvents,
      routes,
      enabled,
      monitorComponents,
    );
    deliveries.push(...monitorFanOut.deliveries);
    // In the events' order again (monitor events were routed apart): deliveries are claimed by id.
    deliveries.sort((a, b) => a.outboxId - b.outboxId);
    const created =
      (await new DeliveryRepository(trx).insertMany(deliveries)) +
      (await fanOutToSubscribers(trx, events));
    await markProcessed(
      trx,
      rows.map((row) => row.id),
      options.now ?? new Date(),
    );
    // Other notifiers may have free slots: tell them there is work (sent on commit).
    if (created > 0) await notifyOutbox(trx);
    return { events: rows.length, deliveries: created };
  });
}

async function enabledChannels(trx: Kysely<Database>): Promise<Set<string>> {
  const rows = await trx.selectFrom('channels').select('id').where('enabled', '=', true).execute();
  return new Set(rows.map((row) => row.id));
}

async function componentsOfMonitors(
  trx: Kysely<Database>,
  monitorIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byMonitor = new Map<string, string[]>();
  if (monitorIds.length === 0) return byMonitor;
  const rows = await trx
    .selectFrom('monitor_components')
    .select(['monitor_id', 'component_id'])
    .where('monitor_id', '=', sql<string>`any(${[...new Set(monitorIds)]}::text[])`)
    .execute();
  for (const row of rows) {
    const list = byMonitor.get(row.monitor_id) ?? [];
    list.push(row.component_id);
    byMonitor.set(row.monitor_id, list);
  }
  return byMonitor;
}
