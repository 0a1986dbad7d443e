// SQL of notification channels and their routes. Configs are stored as the service hands them
// over (secret fields already encrypted); this layer never sees a secret in clear.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { NotificationRoute } from '../domain/notifications/index.js';
import type { ChannelsTable, NotificationRoutesTable } from './notification-schema.js';
import type { Database } from './schema.js';

export type ChannelRow = Selectable<ChannelsTable>;
export type RouteRow = Selectable<NotificationRoutesTable>;

export interface NewChannel {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  enabled: boolean;
}

export interface NewRoute {
  id: string;
  channelId: string;
  monitorId: string | null;
  componentId: string | null;
  eventKinds: readonly string[];
  remindEveryMinutes?: number | null;
}

export class ChannelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(): Promise<ChannelRow[]> {
    return this.db.selectFrom('channels').selectAll().orderBy('name').execute();
  }

  find(id: string): Promise<ChannelRow | undefined> {
    return this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByName(name: string): Promise<ChannelRow | undefined> {
    return this.db.selectFrom('channels').selectAll().where('name', '=', name).executeTakeFirst();
  }

  findMany(ids: readonly string[]): Promise<ChannelRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
      .execute();
  }

  /**
   * Up to `limit` channels after `afterId` in id order, for walking every channel in batches;
   * `lock` takes their row locks (inside a transaction) so nobody changes them meanwhile.
   */
  page(afterId: string, limit: number, lock = false): Promise<ChannelRow[]> {
    const query = this.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit);
    return (lock ? query.forUpdate() : query).execute();
  }

  /** Replaces the stored config alone (e.g. secrets resealed): its meaning, and updated_at, stay. */
  async replaceConfig(id: string, config: Record<string, unknown>): Promise<void> {
    await this.db
      .updateTable('channels')
      .set({ config: JSON.stringify(config) })
      .where('id', '=', id)
      .execute();
  }

  insert(channel: NewChannel): Promise<ChannelRow> {
    return this.db
      .insertInto('channels')
      .values({ ...channel, config: JSON.stringify(channel.config) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(
    id: string,
    changes: { name?: string; config?: Record<string, unknown>; enabled?: boolean },
  ): Promise<ChannelRow | undefined> {
    const { config, ...rest } = changes;
    return this.db
      .updateTable('channels')
      .set({
        ...rest,
        ...(config !== undefined ? { config: JSON.stringify(config) } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.db.deleteFrom('channels').where('id', '=', id).executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  /** Every route, for fan-out: the table is small (a few per monitor at most). */
  async allRoutes(): Promise<Array<NotificationRoute & { id: string }>> {
    const rows = await this.db
      .selectFrom('notification_routes')
      .selectAll()
      .orderBy('id')
      .execute();
    return rows.map(toRoute);
  }

  routesOf(filter: { channelId?: string; monitorId?: string }): Promise<RouteRow[]> {
    let query = this.db.selectFrom('notification_routes').selectAll();
    if (filter.channelId !== undefined) query = query.where('channel_id', '=', filter.channelId);
    if (filter.monitorId !== undefined) query = query.where('monitor_id', '=', filter.monitorId);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  insertRoute(route: NewRoute): Promise<RouteRow> {
    return this.db
      .insertInto('notification_routes')
      .values({
        id: route.id,
        channel_id: route.channelId,
        monitor_id: route.monitorId,
        component_id: route.componentId,
        event_kinds: [...route.eventKinds],
        remind_every_minutes: route.remindEveryMinutes ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async deleteRoute(id: string): Promise<boolean> {
    const deleted = await this.db
      .deleteFrom('notification_routes')
      .where('id', '=', id)
      .executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  /** Sets how often a route reminds of a monitor still down (null: never). */
  async setRemindEvery(routeId: string, minutes: number | null): Promise<void> {
    await this.db
      .updateTable('notification_routes')
      .set({ remind_every_minutes: minutes })
      .where('id', '=', routeId)
      .execute();
  }

  /** Removes the monitor's routes to channels not in `keep`. */
  async pruneMonitorRoutes(monitorId: string, keep: readonly string[]): Promise<void> {
    let query = this.db.deleteFrom('notification_routes').where('monitor_id', '=', monitorId);
    if (keep.length > 0)
      query = query.where('channel_id', '!=', sql<string>`all(${[...keep]}::text[])`);
    await query.execute();
  }
}

function toRoute(row: RouteRow): NotificationRoute & { id: string } {
  return {
    id: row.id,
    channelId: row.channel_id,
    monitorId: row.monitor_id,
    componentId: row.component_id,
    eventKinds: row.event_kinds,
    remindEveryMinutes: row.remind_every_minutes,
  };
}
