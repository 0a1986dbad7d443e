// Fan-out of monitor events: the routes' channels (or, for a reminder, the one channel it was
// written for), each delivered or held back by the maintenance rule of
// domain/notifications/suppression.ts. What is held back is recorded per channel, so that the
// recovery ending a trouble nobody on a channel heard of is held back there too.
import { sql, type Kysely } from 'kysely';
import {
  channelsForEvent,
  deliveryDecision,
  scopeOf,
  underMaintenanceAt,
  type MaintenanceWindow,
  type NotificationEvent,
  type NotificationRoute,
} from '../domain/notifications/index.js';
import type { NewDelivery } from '../store/delivery-repository.js';
import type { Database } from '../store/schema.js';

export interface MonitorFanOutItem {
  row: { id: number; payload: unknown };
  event: NotificationEvent & { subject: 'monitor' };
}

export interface Suppression {
  eventId: string;
  channelId: string;
  outboxId: number;
  reason: string;
}

export async function fanOutMonitorEvents(
  trx: Kysely<Database>,
  items: readonly MonitorFanOutItem[],
  routes: readonly NotificationRoute[],
  enabled: ReadonlySet<string>,
  monitorComponents: ReadonlyMap<string, readonly string[]>,
): Promise<{ deliveries: NewDelivery[]; suppressed: number }> {
  if (items.length === 0) return { deliveries: [], suppressed: 0 };
  const componentIds = [...new Set([...monitorComponents.values()].flat())];
  const windows = await maintenanceWindows(trx, componentIds);
  const ended = items.flatMap(({ row }) => endsEventIds(row.payload));
  const held = await suppressionsOf(trx, ended);
  const deliveries: NewDelivery[] = [];
  const suppressions: Suppression[] = [];
  for (const { row, event } of items) {
    const scope = scopeOf(event, monitorComponents);
    const target = addressedChannel(row.payload);
    const channels =
      target === null
        ? channelsForEvent(routes, scope, enabled)
        : enabled.has(target)
          ? [target]
          : [];
    const underMaintenance = underMaintenanceAt(
      windows,
      scope.componentIds,
      Date.parse(event.occurredAt),
    );
    const ends = endsEventIds(row.payload);
    for (const channelId of channels) {
      const decision = deliveryDecision({
        kind: event.type,
        underMaintenance,
        endsEventIds: ends,
        suppressedForChannel: held.get(channelId) ?? new Set(),
      });
      if (decision.deliver) deliveries.push({ eventId: event.id, outboxId: row.id, channelId });
      else
        suppressions.push({
          eventId: event.id,
          channelId,
          outboxId: row.id,
          reason: decision.reason,
        });
    }
  }
  const suppressed = await insertSuppressions(trx, suppressions);
  return { deliveries, suppressed };
}

/** A reminder is written for one channel (notifier/reminders.ts); other events go by routes. */
function addressedChannel(payload: unknown): string | null {
  const value = (payload as Record<string, unknown> | null)?.channel_id;
  return typeof value === 'string' && value !== '' ? value : null;
}

function endsEventIds(payload: unknown): string[] {
  const value = (payload as Record<string, unknown> | null)?.ends_event_ids;
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** Maintenances not completed that concern any of the components. */
async function maintenanceWindows(
  trx: Kysely<Database>,
  componentIds: readonly string[],
): Promise<MaintenanceWindow[]> {
  if (componentIds.length === 0) return [];
  const rows = await trx
    .selectFrom('incidents')
    .innerJoin('incident_components', 'incident_components.incident_id', 'incidents.id')
    .select([
      'incidents.id',
      'incidents.status',
      'incidents.scheduled_for',
      'incidents.scheduled_until',
      'incident_components.component_id',
    ])
    .where('incidents.kind', '=', 'maintenance')
    .where('incidents.status', '!=', 'completed')
    .where('incident_components.component_id', '=', sql<string>`any(${[...componentIds]}::text[])`)
    .execute();
  const byId = new Map<string, MaintenanceWindow & { componentIds: string[] }>();
  for (const row of rows) {
    const window = byId.get(row.id) ?? {
      componentIds: [],
      status: row.status,
      scheduledFor: row.scheduled_for ? new Date(row.scheduled_for).toISOString() : null,
      scheduledUntil: row.scheduled_until ? new Date(row.scheduled_until).toISOString() : null,
    };
    window.componentIds.push(row.component_id);
    byId.set(row.id, window);
  }
  return [...byId.values()];
}

/** Channel → which of these events were held back from it. */
async function suppressionsOf(
  trx: Kysely<Database>,
  eventIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const byChannel = new Map<string, Set<string>>();
  if (eventIds.length === 0) return byChannel;
  const rows = await trx
    .selectFrom('notification_suppressions')
    .select(['event_id', 'channel_id'])
    .where('event_id', '=', sql<string>`any(${[...new Set(eventIds)]}::text[])`)
    .execute();
  for (const row of rows) {
    const set = byChannel.get(row.channel_id) ?? new Set<string>();
    set.add(row.event_id);
    byChannel.set(row.channel_id, set);
  }
  return byChannel;
}

async function insertSuppressions(
  trx: Kysely<Database>,
  suppressions: readonly Suppression[],
): Promise<number> {
  if (suppressions.length === 0) return 0;
  const rows = await trx
    .insertInto('notification_suppressions')
    .values(
      suppressions.map((s) => ({
        event_id: s.eventId,
        channel_id: s.channelId,
        outbox_id: s.outboxId,
        reason: s.reason,
      })),
    )
    .onConflict((conflict) => conflict.columns(['event_id', 'channel_id']).doNothing())
    .returning('event_id')
    .execute();
  return rows.length;
}
