// What a status page shows, read from the database in one go: the snapshot every public page and
// public JSON document of that page is rendered from, without reading anything per request.
import type { Kysely } from 'kysely';
import type { IncidentDetail } from '../store/incident-repository.js';
import { IncidentRepository } from '../store/incident-repository.js';
import type { ComponentGroupRow, ComponentRow, Database, PageRow } from '../store/schema.js';
import { StatusPageRepository } from '../store/status-page-repository.js';
import { readPageUptime, type PageUptime } from './page-uptime.js';
import {
  pageStatus,
  type ComponentStatus,
  type IncidentImpact,
  type PageStatus,
} from '../domain/status.js';

/** How many past incidents the snapshot keeps for the first page of history. */
export const SNAPSHOT_HISTORY_SIZE = 20;
/** How many incidents and maintenances the public JSON API lists (Statuspage v2 returns 50). */
export const SNAPSHOT_API_LIST_SIZE = 50;

export interface PageSnapshot {
  page: PageRow;
  groups: ComponentGroupRow[];
  components: ComponentRow[];
  status: PageStatus;
  /** Unresolved incidents, newest first. */
  unresolvedIncidents: IncidentDetail[];
  /** Maintenances in progress or verifying. */
  activeMaintenances: IncidentDetail[];
  /** Scheduled maintenances not yet started, soonest first. */
  upcomingMaintenances: IncidentDetail[];
  /** The most recent incidents (open or not), newest first, for the first page of history and feeds. */
  recentIncidents: IncidentDetail[];
  /** The SNAPSHOT_API_LIST_SIZE most recent incidents (open or not), newest first (incidents.json). */
  apiIncidents: IncidentDetail[];
  /** The most recent maintenances of any status, newest first (scheduled-maintenances.json). */
  recentMaintenances: IncidentDetail[];
  /** 90-day uptime of each monitored component of the page (by component id). */
  uptime: PageUptime;
  /** When `uptime` was read; the snapshot is replaced by a fresher one after UPTIME_REFRESH_MS. */
  uptimeReadAt: Date;
  /**
   * Increases with every snapshot this process installs for the page (built here or taken from
   * the shared cache); it tells renderings apart, and is not comparable across processes.
   */
  version: number;
  /** When the database was read for it: the "last updated" time shown when it may be stale. */
  builtAt: Date;
}

export function readSnapshotUptime(
  db: Kysely<Database>,
  pageId: string,
  components: readonly ComponentRow[],
  now: Date,
): Promise<PageUptime> {
  return readPageUptime(
    db,
    pageId,
    components.map((component) => component.id),
    now,
  );
}

/** Reads the page's snapshot (version 0: the caller numbers it), or undefined if it does not exist. */
export async function buildPageSnapshot(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<PageSnapshot | undefined> {
  const pages = new StatusPageRepository(db);
  const page = await pages.findPage(id);
  if (!page) return undefined;
  const incidents = new IncidentRepository(db);
  const components = await pages.listComponents(id);
  const [uptime, groups, open, recent, openMaintenanceRows, recentMaintenanceRows] =
    await Promise.all([
      readSnapshotUptime(db, id, components, now),
      pages.listGroups(id),
      incidents.list({ pageId: id, kind: 'incident', openOnly: true, limit: 100 }),
      incidents.list({ pageId: id, kind: 'incident', limit: SNAPSHOT_API_LIST_SIZE }),
      // Open windows are read on their own: many far-future ones must not push a running one
      // out of the "most recent" list.
      incidents.list({ pageId: id, kind: 'maintenance', openOnly: true, limit: 200 }),
      incidents.list({ pageId: id, kind: 'maintenance', limit: SNAPSHOT_API_LIST_SIZE }),
    ]);
  const [unresolvedIncidents, apiIncidents, openMaintenances, maintenances] = await Promise.all([
    incidents.withDetails(open),
    incidents.withDetails(recent),
    incidents.withDetails(openMaintenanceRows),
    incidents.withDetails(recentMaintenanceRows),
  ]);
  const active = openMaintenances.filter(
    (m) => m.status === 'in_progress' || m.status === 'verifying',
  );
  const upcoming = openMaintenances
    .filter((m) => m.status === 'scheduled')
    .sort((a, b) => a.scheduled_for!.getTime() - b.scheduled_for!.getTime());
  return {
    page,
    groups,
    components,
    status: pageStatus({
      componentStatuses: components.map((c) => c.status as ComponentStatus),
      unresolvedImpacts: unresolvedIncidents.map((i) => i.impact as IncidentImpact),
      maintenanceActive: active.length > 0,
    }),
    unresolvedIncidents,
    activeMaintenances: active,
    upcomingMaintenances: upcoming,
    recentIncidents: apiIncidents.slice(0, SNAPSHOT_HISTORY_SIZE),
    apiIncidents,
    recentMaintenances: maintenances,
    uptime,
    uptimeReadAt: now,
    version: 0,
    builtAt: now,
  };
}
