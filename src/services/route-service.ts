// Use cases of notification routes: which events of which monitor or component (or of everything)
// go to a channel, and a monitor's channels by name, as a config file's `notify` declares them.
import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  NOTIFICATION_EVENT_KINDS,
  remindEveryProblem,
  type NotificationRoute,
} from '../domain/notifications/index.js';
import { requireText } from '../domain/validate.js';
import { ChannelRepository, type RouteRow } from '../store/channel-repository.js';
import { newId } from '../store/ids.js';
import type { Database } from '../store/schema.js';
import { isUniqueViolation } from '../store/sql-errors.js';
import { withTransaction } from '../store/transaction.js';

export interface RouteInput {
  channel_id?: unknown;
  monitor_id?: unknown;
  component_id?: unknown;
  event_kinds?: unknown;
  /** Minutes between "still down" reminders; null or absent: none. */
  remind_every?: unknown;
}

export class RouteService {
  constructor(private readonly db: Kysely<Database>) {}

  list(filter: { channelId?: string; monitorId?: string } = {}): Promise<RouteRow[]> {
    return new ChannelRepository(this.db).routesOf(filter);
  }

  async add(input: RouteInput): Promise<RouteRow> {
    const route = await this.parse(input);
    try {
      return await new ChannelRepository(this.db).insertRoute({ id: newId(), ...route });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('channel_id', 'this channel already has a route with that scope');
      }
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    if (!(await new ChannelRepository(this.db).deleteRoute(id))) {
      throw new NotFoundError('route', id);
    }
  }

  /**
   * Makes exactly these channels (by name) hear the monitor's events, with the default kinds:
   * what a monitor's `notify: [name, ...]` in a config file means.
   */
  async setMonitorChannels(
    monitorId: string,
    names: readonly string[],
    remindEvery: Readonly<Record<string, number>> = {},
  ): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const repo = new ChannelRepository(trx);
      const ids: string[] = [];
      for (const [index, name] of names.entries()) {
        const channel = await repo.findByName(name);
        if (!channel) {
          throw new ValidationError(
            `notify[${index}]`,
            `no channel is named ${JSON.stringify(name)}`,
          );
        }
        ids.push(channel.id);
      }
      await repo.pruneMonitorRoutes(monitorId, ids);
      const existing = new Map(
        (await repo.routesOf({ monitorId })).map((r) => [r.channel_id, r] as const),
      );
      for (const [index, channelId] of ids.entries()) {
        const minutes = remindEveryOf(`notify[${index}].remind_every`, remindEvery[names[index]!]);
        const route = existing.get(channelId);
        if (route) {
          if (route.remind_every_minutes !== minutes) await repo.setRemindEvery(route.id, minutes);
          continue;
        }
        const inserted = await repo.insertRoute({
          id: newId(),
          channelId,
          monitorId,
          componentId: null,
          eventKinds: [],
          remindEveryMinutes: minutes,
        });
        existing.set(channelId, inserted);
      }
    });
  }

  /** Monitor id → channel name → minutes between reminders, for monitor routes that remind. */
  async monitorReminders(): Promise<Map<string, Record<string, number>>> {
    const repo = new ChannelRepository(this.db);
    const names = new Map((await repo.list()).map((row) => [row.id, row.name]));
    const byMonitor = new Map<string, Record<string, number>>();
    for (const route of await repo.allRoutes()) {
      const minutes = route.remindEveryMinutes ?? null;
      if (route.monitorId === null || minutes === null) continue;
      const entry = byMonitor.get(route.monitorId) ?? {};
      entry[names.get(route.channelId)!] = minutes;
      byMonitor.set(route.monitorId, entry);
    }
    return byMonitor;
  }

  /** Monitor id → names of the channels its routes send to, sorted. */
  async monitorChannelNames(): Promise<Map<string, string[]>> {
    const repo = new ChannelRepository(this.db);
    const names = new Map((await repo.list()).map((row) => [row.id, row.name]));
    const byMonitor = new Map<string, string[]>();
    for (const route of await repo.allRoutes()) {
      if (route.monitorId === null) continue;
      const list = byMonitor.get(route.monitorId) ?? [];
      list.push(names.get(route.channelId)!);
      byMonitor.set(route.monitorId, list);
    }
    for (const list of byMonitor.values()) list.sort();
    return byMonitor;
  }

  private async parse(input: RouteInput): Promise<Omit<NotificationRoute, 'id'>> {
    const channelId = requireText('channel_id', input.channel_id, { max: 100 });
    if (!(await this.exists('channels', channelId))) throw new NotFoundError('channel', channelId);
    const monitorId = optionalId('monitor_id', input.monitor_id);
    const componentId = optionalId('component_id', input.component_id);
    if (monitorId !== null && componentId !== null) {
      throw new ValidationError('component_id', 'a route names a monitor or a component, not both');
    }
    if (monitorId !== null && !(await this.exists('monitors', monitorId))) {
      throw new ValidationError('monitor_id', `monitor ${monitorId} does not exist`);
    }
    if (componentId !== null && !(await this.exists('components', componentId))) {
      throw new ValidationError('component_id', `component ${componentId} does not exist`);
    }
    return {
      channelId,
      monitorId,
      componentId,
      eventKinds: eventKinds(input.event_kinds),
      remindEveryMinutes: remindEveryOf('remind_every', input.remind_every),
    };
  }

  private async exists(
    table: 'channels' | 'monitors' | 'components',
    id: string,
  ): Promise<boolean> {
    const row = await this.db
      .selectFrom(table)
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }
}

function optionalId(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return requireText(field, value, { max: 100 });
}

/** Minutes between reminders (a whole number within the bounds), or null for none. */
function remindEveryOf(field: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const problem =
    typeof value === 'number' ? remindEveryProblem(value) : 'must be a number of minutes';
  if (problem !== null) throw new ValidationError(field, `${field} ${problem}`);
  return value as number;
}

function eventKinds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new ValidationError('event_kinds', 'event_kinds must be a list of event kinds');
  }
  return value.map((kind: unknown, index) => {
    if (typeof kind !== 'string' || !NOTIFICATION_EVENT_KINDS.includes(kind)) {
      throw new ValidationError(
        `event_kinds[${index}]`,
        `event_kinds[${index}] must be one of ${NOTIFICATION_EVENT_KINDS.join(', ')}`,
      );
    }
    return kind;
  });
}
