// Use cases of notification channels and routes: create, change, list and remove channels (the
// configuration checked by its type, secrets encrypted on the way in and never handed out),
// route events of monitors and components to them, and send a test event through one.
import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  NOTIFICATION_EVENT_KINDS,
  testEvent,
  type NotificationRoute,
} from '../domain/notifications/index.js';
import { optionalBoolean, requireText } from '../domain/validate.js';
import type { SendResult } from '../notifier/channel.js';
import { ChannelRepository, type ChannelRow, type RouteRow } from '../store/channel-repository.js';
import { newId } from '../store/ids.js';
import type { Database } from '../store/schema.js';
import { isUniqueViolation } from '../store/sql-errors.js';
import { withTransaction } from '../store/transaction.js';
import {
  ChannelConfigError,
  openChannel,
  publicConfig,
  requireChannelType,
  sealConfig,
  unsealConfig,
  validateChannelConfig,
} from './channel-config.js';
import type { SecretBox } from './secret-box.js';

export interface ChannelView {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  /** The configuration without its secret fields. */
  config: Record<string, unknown>;
  /** Per secret field, whether it is set: secrets are write-only. */
  secrets: Record<string, boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface ChannelInput {
  name?: unknown;
  type?: unknown;
  config?: unknown;
  enabled?: unknown;
}

export interface RouteInput {
  channel_id?: unknown;
  monitor_id?: unknown;
  component_id?: unknown;
  event_kinds?: unknown;
}

/** How long "send test" waits for the receiver. */
const TEST_TIMEOUT_MS = 10_000;

export class ChannelService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  async list(): Promise<ChannelView[]> {
    return (await new ChannelRepository(this.db).list()).map(toView);
  }

  async get(id: string): Promise<ChannelView> {
    return toView(await this.row(id));
  }

  async findByName(name: string): Promise<ChannelView | undefined> {
    const row = await new ChannelRepository(this.db).findByName(name);
    return row && toView(row);
  }

  async create(input: ChannelInput): Promise<ChannelView> {
    const name = channelName(input.name);
    const type = requireChannelType(input.type);
    const config = validateChannelConfig(type, configObject(input.config ?? {}));
    const enabled = optionalBoolean('enabled', input.enabled, true);
    const id = newId();
    const sealed = sealConfig(type, id, config, this.box);
    return withTransaction(this.db, async (trx) => {
      const repo = new ChannelRepository(trx);
      await requireFreeName(repo, name);
      const row = await uniqueName(name, () =>
        repo.insert({ id, name, type: type.type, config: sealed, enabled }),
      );
      return toView(row);
    });
  }

  /**
   * Changes name, enabled and config. `config` is merged into the stored one: a field left out
   * keeps its value (so secrets need not be sent again), a field set to null is removed. With
   * `replaceConfig` (config files, which hold the whole configuration) it replaces it instead.
   */
  async update(
    id: string,
    input: ChannelInput,
    options: { replaceConfig?: boolean } = {},
  ): Promise<ChannelView> {
    return withTransaction(this.db, async (trx) => {
      const repo = new ChannelRepository(trx);
      const existing = await this.row(id, repo);
      if (input.type !== undefined && input.type !== existing.type) {
        throw new ValidationError('type', 'type cannot be changed; create a new channel instead');
      }
      const changes: { name?: string; config?: Record<string, unknown>; enabled?: boolean } = {};
      if (input.name !== undefined) changes.name = channelName(input.name);
      if (input.enabled !== undefined) {
        changes.enabled = optionalBoolean('enabled', input.enabled, existing.enabled);
      }
      if (input.config !== undefined) {
        const type = requireChannelType(existing.type);
        const given = configObject(input.config);
        const base = options.replaceConfig ? {} : this.storedPlain(existing);
        const merged = withoutNulls({ ...base, ...given });
        changes.config = sealConfig(type, id, validateChannelConfig(type, merged), this.box);
      }
      if (changes.name !== undefined && changes.name !== existing.name) {
        await requireFreeName(repo, changes.name);
      }
      const row = await uniqueName(changes.name ?? existing.name, () => repo.update(id, changes));
      return toView(row!);
    });
  }

  async delete(id: string): Promise<void> {
    if (!(await new ChannelRepository(this.db).delete(id))) throw new NotFoundError('channel', id);
  }

  /** Sends a made-up event through the channel now, outside the delivery queue. */
  async sendTest(id: string, now = new Date()): Promise<SendResult> {
    const row = await this.row(id);
    let opened: ReturnType<typeof openChannel>;
    try {
      opened = openChannel(row, this.box);
    } catch (error) {
      return { ok: false, statusCode: null, error: (error as Error).message };
    }
    return opened.type.send(testEvent(`test-${newId()}`, now), opened.config, {
      signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      attempt: 1,
      now,
    });
  }

  listRoutes(filter: { channelId?: string; monitorId?: string } = {}): Promise<RouteRow[]> {
    return new ChannelRepository(this.db).routesOf(filter);
  }

  async addRoute(input: RouteInput): Promise<RouteRow> {
    const route = await this.parseRoute(input);
    try {
      return await new ChannelRepository(this.db).insertRoute({ id: newId(), ...route });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('channel_id', 'this channel already has a route with that scope');
      }
      throw error;
    }
  }

  async deleteRoute(id: string): Promise<void> {
    if (!(await new ChannelRepository(this.db).deleteRoute(id))) {
      throw new NotFoundError('route', id);
    }
  }

  /**
   * Makes exactly these channels (by name) hear the monitor's events, with the default kinds:
   * what a monitor's `notify: [name, ...]` in a config file means.
   */
  async setMonitorChannels(monitorId: string, names: readonly string[]): Promise<void> {
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
      const existing = new Set((await repo.routesOf({ monitorId })).map((r) => r.channel_id));
      for (const channelId of ids) {
        if (existing.has(channelId)) continue;
        existing.add(channelId);
        await repo.insertRoute({
          id: newId(),
          channelId,
          monitorId,
          componentId: null,
          eventKinds: [],
        });
      }
    });
  }

  private async parseRoute(input: RouteInput): Promise<Omit<NotificationRoute, 'id'>> {
    const channelId = requireText('channel_id', input.channel_id, { max: 100 });
    await this.row(channelId);
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
    return { channelId, monitorId, componentId, eventKinds: eventKinds(input.event_kinds) };
  }

  private async exists(table: 'monitors' | 'components', id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom(table)
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  private storedPlain(row: ChannelRow): Record<string, unknown> {
    try {
      return unsealConfig(row, this.box);
    } catch (error) {
      if (error instanceof ChannelConfigError) throw new ValidationError('config', error.message);
      throw error;
    }
  }

  private async row(id: string, repo = new ChannelRepository(this.db)): Promise<ChannelRow> {
    const row = await repo.find(id);
    if (!row) throw new NotFoundError('channel', id);
    return row;
  }
}

function toView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    enabled: row.enabled,
    ...publicConfig(row),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function channelName(value: unknown): string {
  return requireText('name', value, { max: 100 });
}

function configObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('config', 'config must be an object of settings');
  }
  return value as Record<string, unknown>;
}

function withoutNulls(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== null));
}

function optionalId(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return requireText(field, value, { max: 100 });
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

async function requireFreeName(repo: ChannelRepository, name: string): Promise<void> {
  if (await repo.findByName(name)) {
    throw new ConflictError('name', `a channel named ${JSON.stringify(name)} already exists`);
  }
}

async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError('name', `a channel named ${JSON.stringify(name)} already exists`);
    }
    throw error;
  }
}
