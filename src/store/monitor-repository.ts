// SQL for monitors: create, read, update, delete, lookups by name, region and heartbeat secret,
// and the links to the components each monitor drives.
import { sql, type Kysely } from 'kysely';
import type { MonitorSettings } from '../domain/monitoring/index.js';
import type { ComponentMonitoringTables, Database, MonitorRow, MonitorType } from './schema.js';
import { withTransaction } from './transaction.js';

export interface NewMonitor {
  id: string;
  name: string;
  type: MonitorType;
  spec: Record<string, unknown>;
  settings: MonitorSettings;
  conditions: string[];
  /** SHA-256 of the heartbeat URL secret (heartbeat monitors only). */
  heartbeatSecretHash?: string | null;
}

export type MonitorChanges = Partial<Omit<NewMonitor, 'id' | 'type'>>;

export class MonitorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Throws a unique violation (see sql-errors.ts) when the name is taken. */
  insert(monitor: NewMonitor): Promise<MonitorRow> {
    return this.db
      .insertInto('monitors')
      .values({
        id: monitor.id,
        name: monitor.name,
        type: monitor.type,
        spec: JSON.stringify(monitor.spec),
        settings: JSON.stringify(monitor.settings),
        conditions: monitor.conditions,
        heartbeat_secret_hash: monitor.heartbeatSecretHash ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Undefined when there is no such monitor; throws a unique violation for a taken name. */
  update(id: string, changes: MonitorChanges, now = new Date()): Promise<MonitorRow | undefined> {
    return this.db
      .updateTable('monitors')
      .set({
        updated_at: now,
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.spec !== undefined && { spec: JSON.stringify(changes.spec) }),
        ...(changes.settings !== undefined && { settings: JSON.stringify(changes.settings) }),
        ...(changes.conditions !== undefined && { conditions: changes.conditions }),
        ...(changes.heartbeatSecretHash !== undefined && {
          heartbeat_secret_hash: changes.heartbeatSecretHash,
        }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes the monitor with its results, state, transitions, rollups and component links. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('monitors').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  find(id: string): Promise<MonitorRow | undefined> {
    return this.db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirst();
  }
  findByName(name: string): Promise<MonitorRow | undefined> {
    return this.db.selectFrom('monitors').selectAll().where('name', '=', name).executeTakeFirst();
  }
  findByHeartbeatHash(secretHash: string): Promise<MonitorRow | undefined> {
    return this.db
      .selectFrom('monitors')
      .selectAll()
      .where('heartbeat_secret_hash', '=', secretHash)
      .executeTakeFirst();
  }
  list(): Promise<MonitorRow[]> {
    return this.db.selectFrom('monitors').selectAll().orderBy('name').execute();
  }

  /**
   * The monitors a region checks (its probes' assignment), by id so every agent of the region
   * sees the same order. Paused and heartbeat monitors are left out unless asked for: a paused
   * monitor is not checked, and heartbeats are pushed to Vigil, not probed.
   */
  listByRegion(
    region: string,
    options: { includePaused?: boolean; includeHeartbeats?: boolean } = {},
  ): Promise<MonitorRow[]> {
    let query = this.db
      .selectFrom('monitors')
      .selectAll()
      .where(sql<boolean>`settings -> 'regions' @> jsonb_build_array(${region}::text)`)
      .orderBy('id');
    if (!options.includePaused) {
      query = query.where(sql<boolean>`coalesce((settings ->> 'paused')::boolean, false) = false`);
    }
    if (!options.includeHeartbeats) query = query.where('type', '<>', 'heartbeat');
    return query.execute();
  }

  /** Replaces the components a monitor drives. */
  setComponents(monitorId: string, componentIds: readonly string[]): Promise<void> {
    return withTransaction(this.db, async (trx) => {
      await trx.deleteFrom('monitor_components').where('monitor_id', '=', monitorId).execute();
      const unique = [...new Set(componentIds)];
      if (unique.length === 0) return;
      await trx
        .insertInto('monitor_components')
        .values(unique.map((componentId) => ({ monitor_id: monitorId, component_id: componentId })))
        .execute();
    });
  }
  async componentIds(monitorId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('monitor_components')
      .select('component_id')
      .where('monitor_id', '=', monitorId)
      .orderBy('component_id')
      .execute();
    return rows.map((row) => row.component_id);
  }
  /** The monitors driving a component. */
  listByComponent(componentId: string): Promise<MonitorRow[]> {
    return this.db
      .selectFrom('monitors')
      .innerJoin('monitor_components', 'monitor_components.monitor_id', 'monitors.id')
      .selectAll('monitors')
      .where('monitor_components.component_id', '=', componentId)
      .orderBy('monitors.name')
      .execute();
  }

  /** Whether a component opens an incident on its own when its monitors go down. */
  async setAutoIncident(componentId: string, enabled: boolean): Promise<boolean> {
    const result = await this.db
      .withTables<ComponentMonitoringTables>()
      .updateTable('components')
      .set({ auto_incident: enabled })
      .where('id', '=', componentId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  /** Ids of every component that opens incidents on its own (for `vigil config export`). */
  async autoIncidentComponentIds(): Promise<string[]> {
    const rows = await this.db
      .withTables<ComponentMonitoringTables>()
      .selectFrom('components')
      .select('id')
      .where('auto_incident', '=', true)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }
  async autoIncident(componentId: string): Promise<boolean | undefined> {
    const row = await this.db
      .withTables<ComponentMonitoringTables>()
      .selectFrom('components')
      .select('auto_incident')
      .where('id', '=', componentId)
      .executeTakeFirst();
    return row?.auto_incident;
  }
}
