// In-memory snapshots of each status page's state, built from the database once per change (not
// per request) and dropped when a change notice arrives from any process through PostgreSQL NOTIFY.
import type { Kysely } from 'kysely';
import type { IncidentDetail } from '../store/incident-repository.js';
import { IncidentRepository } from '../store/incident-repository.js';
import type { ComponentGroupRow, ComponentRow, Database, PageRow } from '../store/schema.js';
import { StatusPageRepository } from '../store/status-page-repository.js';
import { ALL_PAGES } from '../store/change-channel.js';
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
  /** Increases with every rebuild of this page's snapshot; part of ETags. */
  version: number;
  builtAt: Date;
}

export class PageSnapshots {
  private readonly byId = new Map<string, Promise<PageSnapshot | undefined>>();
  private readonly idBySlug = new Map<string, string>();
  private defaultPageId: string | undefined;
  private version = 0;
  private readonly listeners = new Set<(pageId: string) => void>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The snapshot of the page with this slug, or of the default page when slug is undefined. */
  async get(slug?: string): Promise<PageSnapshot | undefined> {
    const id = slug === undefined ? await this.resolveDefault() : await this.resolveSlug(slug);
    return id ? this.getById(id) : undefined;
  }

  getById(id: string): Promise<PageSnapshot | undefined> {
    let snapshot = this.byId.get(id);
    if (!snapshot) {
      snapshot = this.build(id);
      this.byId.set(id, snapshot);
      // A failed build (database down) is not cached, so the next request tries again.
      snapshot.catch(() => {
        if (this.byId.get(id) === snapshot) this.byId.delete(id);
      });
    }
    return snapshot;
  }

  /** Forgets one page (or all with '*'); the next request rebuilds it. */
  invalidate(pageId: string): void {
    if (pageId === ALL_PAGES) {
      this.byId.clear();
      this.idBySlug.clear();
      this.defaultPageId = undefined;
    } else {
      this.byId.delete(pageId);
      // Slugs and the default page may have moved with this change.
      this.idBySlug.clear();
      this.defaultPageId = undefined;
    }
    for (const listener of this.listeners) listener(pageId);
  }

  onInvalidate(listener: (pageId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async resolveDefault(): Promise<string | undefined> {
    if (this.defaultPageId) return this.defaultPageId;
    const page = await new StatusPageRepository(this.db).findDefaultPage();
    this.defaultPageId = page?.id;
    return page?.id;
  }

  private async resolveSlug(slug: string): Promise<string | undefined> {
    const known = this.idBySlug.get(slug);
    if (known) return known;
    const page = await new StatusPageRepository(this.db).findPageBySlug(slug);
    if (page) this.idBySlug.set(slug, page.id);
    return page?.id;
  }

  private async build(id: string): Promise<PageSnapshot | undefined> {
    const pages = new StatusPageRepository(this.db);
    const page = await pages.findPage(id);
    if (!page) return undefined;
    const incidents = new IncidentRepository(this.db);
    const [groups, components, open, recent, openMaintenanceRows, recentMaintenanceRows] =
      await Promise.all([
        pages.listGroups(id),
        pages.listComponents(id),
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
      version: ++this.version,
      builtAt: new Date(),
    };
  }
}
