// In-memory snapshots of each status page's state, built from the database once per change (not
// per request) and dropped when a change notice arrives from any process through PostgreSQL NOTIFY;
// the uptime part alone also expires with time (see UPTIME_REFRESH_MS).
import type { Kysely } from 'kysely';
import type { IncidentDetail } from '../store/incident-repository.js';
import { IncidentRepository } from '../store/incident-repository.js';
import type { ComponentGroupRow, ComponentRow, Database, PageRow } from '../store/schema.js';
import { StatusPageRepository } from '../store/status-page-repository.js';
import { ALL_PAGES } from '../store/change-channel.js';
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
/**
 * How old the uptime part of a snapshot may get. Check results arrive all the time without a
 * change notice (notifying every page on every batch would rebuild whole snapshots constantly),
 * so the uptime bars are refreshed by age instead: the first request after this long re-reads
 * only the uptime (one grouped rollup query and one incident query per page) in the background
 * while it and the following requests are still served the previous snapshot. No timer runs, so
 * a page nobody visits costs nothing, and a visited one costs at most one refresh per minute.
 */
export const UPTIME_REFRESH_MS = 60_000;
/** After a failed uptime refresh (database down), the next try waits this long. */
const UPTIME_RETRY_MS = 5_000;

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
  /** Increases with every rebuild of this page's snapshot; part of ETags. */
  version: number;
  builtAt: Date;
}

export interface PageSnapshotOptions {
  /** The clock (tests move it); Date.now by default. */
  now?: () => number;
  uptimeRefreshMs?: number;
}

export class PageSnapshots {
  private readonly byId = new Map<string, Promise<PageSnapshot | undefined>>();
  private readonly idBySlug = new Map<string, string>();
  /** When each built page's uptime part goes stale (epoch ms); absent while building or refreshing. */
  private readonly uptimeDueAt = new Map<string, number>();
  private readonly refreshes = new Set<Promise<void>>();
  private defaultPageId: string | undefined;
  private version = 0;
  private readonly listeners = new Set<(pageId: string) => void>();
  private readonly now: () => number;
  private readonly uptimeRefreshMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: PageSnapshotOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.uptimeRefreshMs = options.uptimeRefreshMs ?? UPTIME_REFRESH_MS;
  }

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
      const building = snapshot;
      building.then(
        (built) => {
          if (built && this.byId.get(id) === building) this.scheduleUptime(id, built.uptimeReadAt);
        },
        // A failed build (database down) is not cached, so the next request tries again.
        () => {
          if (this.byId.get(id) === building) this.byId.delete(id);
        },
      );
    } else {
      const due = this.uptimeDueAt.get(id);
      if (due !== undefined && this.now() >= due) this.refreshUptime(id, snapshot);
    }
    return snapshot;
  }

  private scheduleUptime(id: string, readAt: Date, delayMs = this.uptimeRefreshMs): void {
    this.uptimeDueAt.set(id, readAt.getTime() + delayMs);
  }

  /**
   * Replaces the page's snapshot by a copy with fresh uptime, unless the page changed meanwhile
   * (then the rebuild reads uptime anyway). Callers keep being served the current snapshot.
   */
  private refreshUptime(id: string, current: Promise<PageSnapshot | undefined>): void {
    this.uptimeDueAt.delete(id);
    const refresh = (async () => {
      const snapshot = await current;
      if (!snapshot) return;
      const readAt = new Date(this.now());
      try {
        const uptime = await this.readUptime(snapshot.page.id, snapshot.components, readAt);
        if (this.byId.get(id) !== current) return;
        const fresh: PageSnapshot = {
          ...snapshot,
          uptime,
          uptimeReadAt: readAt,
          version: ++this.version,
          builtAt: readAt,
        };
        this.byId.set(id, Promise.resolve(fresh));
        this.scheduleUptime(id, readAt);
      } catch {
        if (this.byId.get(id) === current) this.scheduleUptime(id, readAt, UPTIME_RETRY_MS);
      }
    })();
    this.refreshes.add(refresh);
    void refresh.finally(() => this.refreshes.delete(refresh));
  }

  /** Resolves once no uptime refresh is under way (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.refreshes]);
  }

  private readUptime(
    pageId: string,
    components: readonly ComponentRow[],
    now: Date,
  ): Promise<PageUptime> {
    return readPageUptime(
      this.db,
      pageId,
      components.map((component) => component.id),
      now,
    );
  }

  /** Forgets one page (or all with '*'); the next request rebuilds it. */
  invalidate(pageId: string): void {
    if (pageId === ALL_PAGES) {
      this.byId.clear();
      this.uptimeDueAt.clear();
      this.idBySlug.clear();
      this.defaultPageId = undefined;
    } else {
      this.byId.delete(pageId);
      this.uptimeDueAt.delete(pageId);
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
    const uptimeReadAt = new Date(this.now());
    const components = await pages.listComponents(id);
    const [uptime, groups, open, recent, openMaintenanceRows, recentMaintenanceRows] =
      await Promise.all([
        this.readUptime(id, components, uptimeReadAt),
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
      uptimeReadAt,
      version: ++this.version,
      builtAt: uptimeReadAt,
    };
  }
}
