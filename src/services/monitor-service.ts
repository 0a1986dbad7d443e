// Use cases of monitors: create, change, pause and delete them with their target, rule settings,
// conditions and driven components, validated the same way for the API, admin form and config file.
import type { Kysely } from 'kysely';
import { parseCondition } from '../domain/conditions/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  monitorSettingsToInput,
  parseDuration,
  parseMonitorSettings,
  requireSettingsOfType,
  type MonitorSettingsInput,
} from '../domain/monitoring/index.js';
import {
  isMonitorType,
  MONITOR_TYPES,
  monitorSpecToInput,
  parseMonitorSpec,
  type MonitorKind,
} from '../domain/monitoring/monitor-spec.js';
import { requireText } from '../domain/validate.js';
import { notifyPageChanged } from '../store/change-channel.js';
import { newId } from '../store/ids.js';
import { MonitorRepository, type MonitorChanges } from '../store/monitor-repository.js';
import type { Database, MonitorRow } from '../store/schema.js';
import { isUniqueViolation } from '../store/sql-errors.js';
import { StatusPageRepository } from '../store/status-page-repository.js';
import { withTransaction } from '../store/transaction.js';
import { hashSecret, newSecret } from './secret-token.js';

export interface MonitorInput extends MonitorSettingsInput {
  name?: unknown;
  type?: unknown;
  /** The type-specific fields (url, host, port, ...), snake_case; see monitor-spec.ts. */
  target?: unknown;
  conditions?: unknown;
  /** Ids of the components this monitor drives. */
  components?: unknown;
}

/** A monitor with the ids of the components it drives. */
export interface MonitorDetail {
  monitor: MonitorRow;
  componentIds: string[];
}

export interface CreatedMonitor extends MonitorDetail {
  /** Heartbeat monitors only: shown once, only its hash is stored. */
  heartbeat?: { secret: string; path: string };
}

export const HEARTBEAT_PATH = '/api/v1/heartbeat/';
/** The region heartbeat pings are recorded under when a heartbeat monitor names none. */
export const HEARTBEAT_REGION = 'heartbeat';
export const MONITOR_INPUT_LIMITS = { maxName: 200, maxConditions: 50, maxComponents: 100 };

export class MonitorService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<MonitorDetail[]> {
    const repo = new MonitorRepository(this.db);
    const monitors = await repo.list();
    return Promise.all(
      monitors.map(async (monitor) => ({
        monitor,
        componentIds: await repo.componentIds(monitor.id),
      })),
    );
  }

  async get(id: string): Promise<MonitorDetail> {
    const repo = new MonitorRepository(this.db);
    const monitor = await repo.find(id);
    if (!monitor) throw new NotFoundError('monitor', id);
    return { monitor, componentIds: await repo.componentIds(id) };
  }

  async create(input: MonitorInput): Promise<CreatedMonitor> {
    const name = requireName(input.name);
    if (!isMonitorType(input.type))
      throw new ValidationError('type', `type must be one of ${MONITOR_TYPES.join(', ')}`);
    const type = input.type;
    const spec = parseTarget(type, input.target);
    requireSettingsOfType(type, input);
    const settings = parseMonitorSettings(
      type === 'heartbeat' ? withHeartbeatDefaults(input) : input,
    );
    const conditions = input.conditions === undefined ? [] : parseConditions(input.conditions);
    const requested = input.components === undefined ? [] : componentList(input.components);
    const secret = type === 'heartbeat' ? newSecret('', 24) : undefined;
    return withTransaction(this.db, async (trx) => {
      const repo = new MonitorRepository(trx);
      const pageIds = await this.componentPages(trx, requested);
      await this.requireFreeName(repo, name);
      const monitor = await uniqueName(name, () =>
        repo.insert({
          id: newId(),
          name,
          type,
          spec,
          settings,
          conditions,
          heartbeatSecretHash: secret === undefined ? null : hashSecret(secret),
        }),
      );
      await repo.setComponents(monitor.id, requested);
      await notifyPages(trx, pageIds);
      const detail = { monitor, componentIds: await repo.componentIds(monitor.id) };
      return secret === undefined
        ? detail
        : { ...detail, heartbeat: { secret, path: HEARTBEAT_PATH + secret } };
    });
  }

  /** Changes only the fields sent; settings not sent keep their stored values. */
  async update(id: string, input: MonitorInput): Promise<MonitorDetail> {
    const name = input.name === undefined ? undefined : requireName(input.name);
    const conditions =
      input.conditions === undefined ? undefined : parseConditions(input.conditions);
    const requested = input.components === undefined ? undefined : componentList(input.components);
    return withTransaction(this.db, async (trx) => {
      const repo = new MonitorRepository(trx);
      const existing = await repo.find(id);
      if (!existing) throw new NotFoundError('monitor', id);
      if (input.type !== undefined && input.type !== existing.type)
        throw new ValidationError(
          'type',
          `type cannot change (this monitor is ${existing.type}); create a new monitor instead`,
        );
      const changes: MonitorChanges = { conditions };
      if (name !== undefined && name !== existing.name) {
        await this.requireFreeName(repo, name);
        changes.name = name;
      }
      if (input.target !== undefined) changes.spec = parseTarget(existing.type, input.target);
      changes.settings = mergeSettings(existing, input);
      // Checked before any write: a missing component must be a 400, not a foreign key error.
      const pageIds = await this.componentPages(trx, [
        ...(await repo.componentIds(id)),
        ...(requested ?? []),
      ]);
      const updated = await uniqueName(name ?? existing.name, () => repo.update(id, changes));
      if (requested !== undefined) await repo.setComponents(id, requested);
      await notifyPages(trx, pageIds);
      return { monitor: updated!, componentIds: await repo.componentIds(id) };
    });
  }

  pause(id: string): Promise<MonitorDetail> {
    return this.update(id, { paused: true });
  }
  resume(id: string): Promise<MonitorDetail> {
    return this.update(id, { paused: false });
  }

  async delete(id: string): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const repo = new MonitorRepository(trx);
      if (!(await repo.find(id))) throw new NotFoundError('monitor', id);
      const pageIds = await this.componentPages(trx, await repo.componentIds(id));
      await repo.delete(id);
      await notifyPages(trx, pageIds);
    });
  }

  /** Whether a component opens an incident on its own when its monitors go down. */
  async setAutoIncident(componentId: string, enabled: boolean): Promise<void> {
    const found = await new MonitorRepository(this.db).setAutoIncident(componentId, enabled);
    if (!found) throw new NotFoundError('component', componentId);
  }

  /** Ids of the components that open incidents on their own. */
  autoIncidentComponentIds(): Promise<string[]> {
    return new MonitorRepository(this.db).autoIncidentComponentIds();
  }

  /** The pages of the components, after checking that every one exists. */
  private async componentPages(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await new StatusPageRepository(db).findComponents(unique);
    const missing = unique.filter((id) => !found.some((component) => component.id === id));
    if (missing.length > 0)
      throw new ValidationError(
        'components',
        `components ${missing.map((id) => JSON.stringify(id)).join(', ')} do not exist`,
      );
    return [...new Set(found.map((component) => component.page_id))];
  }

  private async requireFreeName(repo: MonitorRepository, name: string): Promise<void> {
    if (await repo.findByName(name)) throw nameTaken(name);
  }
}

/**
 * A heartbeat is one sender, not a set of regions: pings are recorded under its first region
 * (`heartbeat` unless given), and one missed period is already news, so F and S default to 1.
 */
function withHeartbeatDefaults(input: MonitorInput): MonitorInput {
  return {
    ...input,
    regions: input.regions ?? [HEARTBEAT_REGION],
    failure_threshold: input.failure_threshold ?? 1,
    success_threshold: input.success_threshold ?? 1,
  };
}

/** The target's fields are named as sent: `target.port`. */
function parseTarget(type: MonitorKind, value: unknown): Record<string, unknown> {
  try {
    return parseMonitorSpec(type, value) as unknown as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof ValidationError) || error.field === 'target' || !error.field)
      throw error;
    const message = error.message.startsWith(error.field)
      ? `target.${error.message}`
      : error.message;
    throw new ValidationError(`target.${error.field}`, message);
  }
}

function requireName(value: unknown): string {
  return requireText('name', value, { max: MONITOR_INPUT_LIMITS.maxName });
}

function nameTaken(name: string): ConflictError {
  return new ConflictError('name', `a monitor named ${JSON.stringify(name)} exists`);
}

/** A concurrent create with the same name loses at the unique index instead of the lookup. */
async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

/** Each condition is parsed now so that a bad one is refused with its column, not at check time. */
function parseConditions(value: unknown): string[] {
  if (!Array.isArray(value))
    throw new ValidationError('conditions', 'conditions must be a list of conditions');
  if (value.length > MONITOR_INPUT_LIMITS.maxConditions)
    throw new ValidationError(
      'conditions',
      `conditions must list at most ${MONITOR_INPUT_LIMITS.maxConditions} conditions`,
    );
  return value.map((text: unknown, i) => {
    const field = `conditions[${i}]`;
    if (typeof text !== 'string') throw new ValidationError(field, `${field} must be a string`);
    const parsed = parseCondition(text);
    if (!parsed.ok) throw new ValidationError(field, `${field}: ${parsed.error.message}`);
    return text;
  });
}

function componentList(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length > MONITOR_INPUT_LIMITS.maxComponents ||
    !value.every((id) => typeof id === 'string' && id.length > 0)
  )
    throw new ValidationError(
      'components',
      `components must be a list of at most ${MONITOR_INPUT_LIMITS.maxComponents} component ids`,
    );
  return [...new Set(value as string[])];
}

/** The stored settings with the sent ones on top, validated again as a whole. */
function mergeSettings(existing: MonitorRow, input: MonitorSettingsInput) {
  requireSettingsOfType(existing.type, input);
  const merged: MonitorSettingsInput = { ...monitorSettingsToInput(existing.settings) };
  const keys = Object.keys(merged) as (keyof MonitorSettingsInput)[];
  for (const key of keys) if (input[key] !== undefined) merged[key] = input[key];
  // A new interval keeps the old timeout only while it still fits; else the default for it.
  if (input.interval !== undefined && input.timeout === undefined) {
    const intervalMs = parseDuration(input.interval, 'interval');
    if (existing.settings.timeoutMs >= intervalMs) delete merged.timeout;
  }
  // New regions get the default quorum (a majority of them) unless one is sent with them.
  if (input.regions !== undefined && input.quorum === undefined) delete merged.quorum;
  return parseMonitorSettings(merged);
}

async function notifyPages(db: Kysely<Database>, pageIds: readonly string[]): Promise<void> {
  for (const pageId of new Set(pageIds)) await notifyPageChanged(db, pageId);
}

/** The target of a stored monitor as input again (snake_case), for the API and exports. */
export function monitorTarget(monitor: MonitorRow): Record<string, unknown> {
  return monitorSpecToInput(monitor.type, monitor.spec);
}
