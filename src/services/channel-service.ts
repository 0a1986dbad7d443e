// Use cases of notification channels: create, change, list and remove them (the configuration
// checked by its type, secrets encrypted on the way in and never handed out), and send a test
// event through one. Routes to channels are route-service.ts's.
import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { testEvent } from '../domain/notifications/index.js';
import { optionalBoolean, requireText } from '../domain/validate.js';
import type { SendResult, SystemMail } from '../notifier/channel.js';
import { mailSenderCache } from '../notifier/mail/mail-senders.js';
import { ChannelRepository, type ChannelRow } from '../store/channel-repository.js';
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

/** How long "send test" waits for the receiver. */
const TEST_TIMEOUT_MS = 10_000;

export class ChannelService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    /** VIGIL_SMTP_URL / VIGIL_MAIL_FROM, for test sends through email channels. */
    private readonly mail?: SystemMail,
  ) {}

  async list(): Promise<ChannelView[]> {
    return (await new ChannelRepository(this.db).list()).map(toView);
  }

  async get(id: string): Promise<ChannelView> {
    return toView(await this.row(id));
  }

  /** The same use cases inside another transaction (config files apply in one). */
  within(db: Kysely<Database>): ChannelService {
    return new ChannelService(db, this.box);
  }

  /**
   * Every channel with its configuration as entered, secrets decrypted — null when they cannot
   * be (no key, another key) — so a config file can be compared with it. Stays in the process:
   * never to be serialised.
   */
  async listWithSecrets(): Promise<
    Array<{ view: ChannelView; config: Record<string, unknown> | null }>
  > {
    const rows = await new ChannelRepository(this.db).list();
    return rows.map((row) => {
      let config: Record<string, unknown> | null;
      try {
        config = unsealConfig(row, this.box);
      } catch {
        config = null;
      }
      return { view: toView(row), config };
    });
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
   * `replaceConfig` (config files, which declare the whole configuration) a public field left out
   * is removed too; a secret left out is still kept, since exported files cannot contain it.
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
        const stored = this.storedPlain(existing);
        const base = options.replaceConfig
          ? Object.fromEntries(
              Object.entries(stored).filter(([field]) => type.secretFields.includes(field)),
            )
          : stored;
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
    // A test send opens its own SMTP connection (no pool outlives the request).
    const senders = mailSenderCache({ maxConnections: 1 });
    try {
      return await opened.type.send(testEvent(`test-${newId()}`, now), opened.config, {
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
        attempt: 1,
        now,
        ...(this.mail ? { mail: { ...this.mail, senders } } : {}),
      });
    } finally {
      senders.close();
    }
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
