// SQL for incidents and scheduled maintenances (one table, told apart by `kind`) and their updates.
import { sql, type Kysely } from 'kysely';
import type {
  Database,
  IncidentRow,
  IncidentUpdateComponentRow,
  IncidentUpdateRow,
} from './schema.js';

export type IncidentKind = 'incident' | 'maintenance';
export type NewIncident = Omit<IncidentRow, 'created_at' | 'updated_at'>;
export type NewIncidentUpdate = Omit<IncidentUpdateRow, 'created_at' | 'updated_at'>;

export interface IncidentUpdateWithComponents extends IncidentUpdateRow {
  affected_components: IncidentUpdateComponentRow[];
}

export interface IncidentDetail extends IncidentRow {
  updates: IncidentUpdateWithComponents[];
  component_ids: string[];
}

export interface IncidentListFilter {
  pageId?: string | undefined;
  kind: IncidentKind;
  /** Only open (unresolved, not completed) ones. */
  openOnly?: boolean;
  limit: number;
  offset?: number;
}

/** Which incidents and maintenances of a page make up its history (the rule is the caller's). */
export interface HistoryFilter {
  pageId: string;
  /** Maintenances in these statuses are listed; incidents always are, whatever their status. */
  maintenanceStatuses: readonly string[];
}

export interface HistoryCounts {
  incidents: number;
  maintenances: number;
}

/**
 * Ties in time are broken by id compared byte by byte, so PostgreSQL under any locale and
 * JavaScript's string comparison put entries in the same order.
 */
const ID_BYTEWISE = sql<string>`id collate "C"`;

export class IncidentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  find(id: string): Promise<IncidentRow | undefined> {
    return this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findDetail(id: string): Promise<IncidentDetail | undefined> {
    const incident = await this.find(id);
    if (!incident) return undefined;
    const [detail] = await this.withDetails([incident]);
    return detail;
  }

  async list(filter: IncidentListFilter): Promise<IncidentRow[]> {
    let query = this.db.selectFrom('incidents').selectAll().where('kind', '=', filter.kind);
    if (filter.pageId) query = query.where('page_id', '=', filter.pageId);
    if (filter.openOnly) query = query.where('resolved_at', 'is', null);
    const order = filter.kind === 'maintenance' ? 'scheduled_for' : 'created_at';
    return query
      .orderBy(order, 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute();
  }

  async count(filter: Omit<IncidentListFilter, 'limit' | 'offset'>): Promise<number> {
    let query = this.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('kind', '=', filter.kind);
    if (filter.pageId) query = query.where('page_id', '=', filter.pageId);
    if (filter.openOnly) query = query.where('resolved_at', 'is', null);
    const row = await query.executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /**
   * Incidents and maintenances of a page together, newest first by when they happened: an
   * incident when it was opened (created_at), a maintenance when its window begins
   * (scheduled_for). Each kind is read in its own order and cut at offset + limit before the two
   * are merged, so the incident side walks its (page_id, kind, created_at) index and stops early.
   */
  async listHistory(
    filter: HistoryFilter & { limit: number; offset?: number },
  ): Promise<IncidentRow[]> {
    const offset = filter.offset ?? 0;
    const reach = offset + filter.limit;
    const incidents = this.db
      .selectFrom('incidents')
      .selectAll()
      .select(sql<Date>`created_at`.as('happened_at'))
      .where('page_id', '=', filter.pageId)
      .where('kind', '=', 'incident')
      .orderBy('created_at', 'desc')
      .orderBy(ID_BYTEWISE, 'desc')
      .limit(reach);
    const maintenances = this.db
      .selectFrom('incidents')
      .selectAll()
      // Never null for a maintenance (a CHECK of the table), so both sides share one column type.
      .select(sql<Date>`scheduled_for`.as('happened_at'))
      .where('page_id', '=', filter.pageId)
      .where('kind', '=', 'maintenance')
      .orderBy('scheduled_for', 'desc')
      .orderBy(ID_BYTEWISE, 'desc')
      .limit(reach);
    const rows = await this.db
      .selectFrom((eb) => {
        const both = eb.selectFrom(incidents.as('i')).selectAll();
        // `status in ()` is not SQL: with no maintenance status wanted, the side is left out.
        if (filter.maintenanceStatuses.length === 0) return both.as('h');
        const listed = maintenances.where('status', 'in', filter.maintenanceStatuses);
        return both.unionAll(eb.selectFrom(listed.as('m')).selectAll()).as('h');
      })
      .selectAll()
      .orderBy('happened_at', 'desc')
      .orderBy(ID_BYTEWISE, 'desc')
      .limit(filter.limit)
      .offset(offset)
      .execute();
    return rows.map(({ happened_at: _sortKey, ...row }) => row);
  }

  /**
   * How many entries listHistory has in all, by kind. Counted apart, so the incident count is an
   * index-only scan of this page's part of the (page_id, kind, created_at) index.
   */
  async countHistory(filter: HistoryFilter): Promise<HistoryCounts> {
    const counted = this.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('page_id', '=', filter.pageId);
    const [incidents, maintenances] = await Promise.all([
      counted.where('kind', '=', 'incident').executeTakeFirstOrThrow(),
      filter.maintenanceStatuses.length === 0
        ? { count: 0 }
        : counted
            .where('kind', '=', 'maintenance')
            .where('status', 'in', filter.maintenanceStatuses)
            .executeTakeFirstOrThrow(),
    ]);
    return { incidents: Number(incidents.count), maintenances: Number(maintenances.count) };
  }

  /** Loads updates, their affected components and the linked component ids for many incidents at once. */
  async withDetails(incidents: IncidentRow[]): Promise<IncidentDetail[]> {
    if (incidents.length === 0) return [];
    const ids = incidents.map((incident) => incident.id);
    const [updates, links] = await Promise.all([
      this.db
        .selectFrom('incident_updates')
        .selectAll()
        .where('incident_id', 'in', ids)
        .orderBy('display_at', 'desc')
        .orderBy('created_at', 'desc')
        .execute(),
      this.db
        .selectFrom('incident_components')
        .selectAll()
        .where('incident_id', 'in', ids)
        .execute(),
    ]);
    const updateIds = updates.map((update) => update.id);
    const affected =
      updateIds.length === 0
        ? []
        : await this.db
            .selectFrom('incident_update_components')
            .selectAll()
            .where('update_id', 'in', updateIds)
            .orderBy('position')
            .execute();
    const affectedByUpdate = groupBy(affected, (row) => row.update_id);
    const updatesByIncident = groupBy(
      updates.map((update) => ({
        ...update,
        affected_components: affectedByUpdate.get(update.id) ?? [],
      })),
      (update) => update.incident_id,
    );
    const componentsByIncident = groupBy(links, (link) => link.incident_id);
    return incidents.map((incident) => ({
      ...incident,
      updates: updatesByIncident.get(incident.id) ?? [],
      component_ids: (componentsByIncident.get(incident.id) ?? []).map((link) => link.component_id),
    }));
  }

  insert(incident: NewIncident): Promise<IncidentRow> {
    return this.db
      .insertInto('incidents')
      .values(incident)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(id: string, changes: Partial<NewIncident>): Promise<IncidentRow | undefined> {
    return this.db
      .updateTable('incidents')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('incidents').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async linkComponents(incidentId: string, componentIds: readonly string[]): Promise<void> {
    if (componentIds.length === 0) return;
    await this.db
      .insertInto('incident_components')
      .values(componentIds.map((component_id) => ({ incident_id: incidentId, component_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async replaceComponents(incidentId: string, componentIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('incident_components').where('incident_id', '=', incidentId).execute();
    await this.linkComponents(incidentId, componentIds);
  }

  async insertUpdate(
    update: NewIncidentUpdate,
    affected: Omit<IncidentUpdateComponentRow, 'update_id'>[],
  ): Promise<IncidentUpdateRow> {
    const row = await this.db
      .insertInto('incident_updates')
      .values(update)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (affected.length > 0) {
      await this.db
        .insertInto('incident_update_components')
        .values(affected.map((component) => ({ ...component, update_id: row.id })))
        .execute();
    }
    return row;
  }

  findUpdate(id: string): Promise<IncidentUpdateRow | undefined> {
    return this.db
      .selectFrom('incident_updates')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  updateUpdate(
    id: string,
    changes: { body?: string; display_at?: Date },
  ): Promise<IncidentUpdateRow | undefined> {
    return this.db
      .updateTable('incident_updates')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async deleteUpdate(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('incident_updates')
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Maintenances whose window says they should move on by now (see domain/incident-lifecycle). */
  dueMaintenances(now: Date): Promise<IncidentRow[]> {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .where('kind', '=', 'maintenance')
      .where('auto_transition', '=', true)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'scheduled'), eb('scheduled_for', '<=', now)]),
          eb.and([
            eb('status', 'in', ['in_progress', 'verifying']),
            eb('scheduled_until', '<=', now),
          ]),
        ]),
      )
      .execute();
  }

  /** The earliest future moment at which a maintenance will move by itself. */
  async nextMaintenanceTransition(now: Date): Promise<Date | null> {
    const rows = await this.db
      .selectFrom('incidents')
      .select(['status', 'scheduled_for', 'scheduled_until'])
      .where('kind', '=', 'maintenance')
      .where('auto_transition', '=', true)
      .where('status', 'in', ['scheduled', 'in_progress', 'verifying'])
      .execute();
    let next: number | null = null;
    for (const row of rows) {
      const at = (row.status === 'scheduled' ? row.scheduled_for : row.scheduled_until)?.getTime();
      if (at !== undefined && at > now.getTime() && (next === null || at < next)) next = at;
    }
    return next === null ? null : new Date(next);
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
