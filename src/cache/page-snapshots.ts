// The first level of page snapshots: this process's memory, serving every request without any I/O.
// A change notice (PostgreSQL NOTIFY, from any process) marks a page out of date; the next request
// waits for its rebuild (from the shared cache or the database, see snapshot-loader.ts), and when
// the rebuild fails the previous snapshot is served instead, so pages stay up while the database
// is down. The uptime part alone also expires with time (see UPTIME_REFRESH_MS).
import type { Kysely } from 'kysely';
import { VigilError } from '../domain/errors.js';
import { ALL_PAGES } from '../store/change-channel.js';
import { isConnectionError } from '../store/sql-errors.js';
import type { Database } from '../store/schema.js';
import { StatusPageRepository } from '../store/status-page-repository.js';
import { FallbackCell } from './fallback-cell.js';
import type { PageSnapshot } from './page-snapshot.js';
import type { SharedSnapshots, SharedSnapshotStats } from './shared-snapshots.js';
import { SnapshotLoader, SnapshotReadError, type SnapshotLoaderStats } from './snapshot-loader.js';

export {
  SNAPSHOT_API_LIST_SIZE,
  SNAPSHOT_HISTORY_SIZE,
  type PageSnapshot,
} from './page-snapshot.js';

/**
 * How old the uptime part of a snapshot may get. Check results arrive all the time without a
 * change notice (notifying every page on every batch would rebuild whole snapshots constantly),
 * so the uptime bars are refreshed by age instead: the first request after this long re-reads
 * only the uptime (one grouped rollup query and one incident query per page) in the background
 * while it and the following requests are still served the previous snapshot. No timer runs, so
 * a page nobody visits costs nothing, and a visited one costs at most one refresh per minute
 * (for all instances together when they share a cache).
 */
export const UPTIME_REFRESH_MS = 60_000;
/** After a failed uptime refresh (database down), the next try waits this long. */
const UPTIME_RETRY_MS = 5_000;
/** While another instance refreshes the uptime, look for its result this much later. */
const UPTIME_WAIT_MS = 1_000;
/** After a failed rebuild, the previous snapshot is served this long before the database is tried again. */
const REBUILD_RETRY_MS = 1_000;
/**
 * A request waits this long for a rebuild, then is served the previous snapshot (the rebuild
 * goes on). A reachable database answers in milliseconds; this only bounds a hanging one.
 */
const REBUILD_WAIT_MS = 5_000;

/** A page this process has never seen, while the database cannot be read: 503, not 500. */
export class PageUnavailableError extends VigilError {
  constructor() {
    super(
      'database_unavailable',
      'the status database cannot be reached right now and this page is not cached yet; try again in a moment',
      503,
    );
  }
}

export interface PageSnapshotOptions {
  /** The clock (tests move it); Date.now by default. */
  now?: () => number;
  uptimeRefreshMs?: number;
  rebuildWaitMs?: number;
  /** The shared second level (Redis); without it each process builds its own snapshots. */
  shared?: SharedSnapshots;
  /** True while the database is known to be unreachable: requests then get the previous
   *  snapshot at once instead of waiting for a rebuild that may hang. */
  databaseDown?: () => boolean;
}

export interface PageSnapshotStats extends SnapshotLoaderStats {
  /** Requests served from this process's memory. */
  l1Hits: number;
  /** Rebuilds that failed and left the previous snapshot in service. */
  fallbacks: number;
  /** The shared cache's counters (absent without Redis); its `hits` are the L2 hits. */
  l2?: SharedSnapshotStats;
}

interface PageEntry {
  /** The page's snapshot; null when the page does not exist. */
  cell: FallbackCell<PageSnapshot | null>;
  /** When the uptime part goes stale (epoch ms); absent while none is due (building, refreshing). */
  uptimeDueAt?: number;
  /** This process's latest change notice for the page, being recorded in the shared cache. */
  recording?: Promise<void>;
}

export class PageSnapshots {
  private readonly pages = new Map<string, PageEntry>();
  /** Page ids by slug, and under '' the default page's; refreshed after every change notice. */
  private readonly routes = new Map<string, FallbackCell<string | null>>();
  private readonly refreshes = new Set<Promise<void>>();
  private readonly loader: SnapshotLoader;
  private readonly pagesRepository: StatusPageRepository;
  /** A notice for every page, being recorded in the shared cache. */
  private recordingAll: Promise<void> | undefined;
  private version = 0;
  private l1Hits = 0;
  private fallbacks = 0;
  private readonly now: () => number;
  private readonly uptimeRefreshMs: number;
  private readonly rebuildWaitMs: number;

  constructor(
    db: Kysely<Database>,
    private readonly options: PageSnapshotOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.uptimeRefreshMs = options.uptimeRefreshMs ?? UPTIME_REFRESH_MS;
    this.rebuildWaitMs = options.rebuildWaitMs ?? REBUILD_WAIT_MS;
    this.loader = new SnapshotLoader(db, options.shared, this.now);
    this.pagesRepository = new StatusPageRepository(db);
  }

  /** The snapshot of the page with this slug, or of the default page when slug is undefined. */
  async get(slug?: string): Promise<PageSnapshot | undefined> {
    const id = await this.resolve(slug ?? '');
    return id ? this.getById(id) : undefined;
  }

  async getById(id: string): Promise<PageSnapshot | undefined> {
    const entry = this.entry(id);
    const { cell } = entry;
    if (cell.isFresh) {
      this.l1Hits++;
      if (entry.uptimeDueAt !== undefined && this.now() >= entry.uptimeDueAt) {
        this.refreshUptime(entry);
      }
      return cell.peek() ?? undefined;
    }
    const previous = cell.peek();
    const rebuilt = cell.read(
      () => this.load(id, entry),
      (error, kept) => {
        const fallback = newest(kept, error instanceof SnapshotReadError ? error.fallback : null);
        if (fallback === undefined) return undefined;
        this.fallbacks++;
        return fallback;
      },
    );
    const waitMs = this.options.databaseDown?.() ? 0 : this.rebuildWaitMs;
    const served = cell.isKnown
      ? await servedWithin(rebuilt, waitMs, previous)
      : await rebuilt.catch(unavailable);
    return served ?? undefined;
  }

  /** Marks one page (or all with '*') out of date; the next request waits for its rebuild. */
  invalidate(pageId: string): void {
    // Slugs and the default page may have moved with any change.
    for (const route of this.routes.values()) route.markOutdated();
    if (pageId === ALL_PAGES) {
      for (const entry of this.pages.values()) this.markOutdated(entry);
      this.recordingAll = this.options.shared?.changed(ALL_PAGES);
      return;
    }
    const entry = this.entry(pageId);
    this.markOutdated(entry);
    // Recorded even for a page this process never served: its next read of the shared cache
    // must not take a copy built before this change.
    entry.recording = this.options.shared?.changed(pageId);
  }

  /** Resolves once no uptime refresh is under way (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.refreshes]);
  }

  stats(): PageSnapshotStats {
    const shared = this.options.shared?.stats;
    return {
      l1Hits: this.l1Hits,
      fallbacks: this.fallbacks,
      ...this.loader.stats,
      ...(shared ? { l2: { ...shared } } : {}),
    };
  }

  private entry(id: string): PageEntry {
    let entry = this.pages.get(id);
    if (!entry) {
      entry = { cell: new FallbackCell(this.now, REBUILD_RETRY_MS) };
      this.pages.set(id, entry);
    }
    return entry;
  }

  private markOutdated(entry: PageEntry): void {
    entry.cell.markOutdated();
    entry.uptimeDueAt = undefined;
  }

  private async load(id: string, entry: PageEntry): Promise<PageSnapshot | null> {
    const generation = entry.cell.generation;
    // This process's notices must be in the shared cache before it reads from it.
    await Promise.all([entry.recording, this.recordingAll]);
    const loaded = await this.loader.load(id);
    if (!loaded) return null;
    loaded.version = ++this.version;
    if (generation === entry.cell.generation) this.scheduleUptime(entry, loaded.uptimeReadAt);
    return loaded;
  }

  private scheduleUptime(entry: PageEntry, readAt: Date, delayMs = this.uptimeRefreshMs): void {
    entry.uptimeDueAt = readAt.getTime() + delayMs;
  }

  /**
   * Replaces the page's snapshot by a copy with fresh uptime, unless the page changed meanwhile
   * (then the rebuild reads uptime anyway). Callers keep being served the current snapshot.
   */
  private refreshUptime(entry: PageEntry): void {
    entry.uptimeDueAt = undefined;
    const generation = entry.cell.generation;
    const snapshot = entry.cell.peek();
    if (!snapshot) return;
    const refresh = (async () => {
      try {
        const fresh = await this.loader.refreshUptime(snapshot, this.uptimeRefreshMs);
        if (!fresh) {
          if (generation === entry.cell.generation) {
            this.scheduleUptime(entry, new Date(this.now()), UPTIME_WAIT_MS);
          }
          return;
        }
        fresh.version = ++this.version;
        if (entry.cell.replace(fresh, generation)) this.scheduleUptime(entry, fresh.uptimeReadAt);
      } catch {
        if (generation === entry.cell.generation) {
          this.scheduleUptime(entry, new Date(this.now()), UPTIME_RETRY_MS);
        }
      }
    })();
    this.refreshes.add(refresh);
    void refresh.finally(() => this.refreshes.delete(refresh));
  }

  /** The page id of a slug ('' for the default page), or undefined when there is no such page. */
  private async resolve(slug: string): Promise<string | undefined> {
    let route = this.routes.get(slug);
    if (!route) {
      route = new FallbackCell(this.now, REBUILD_RETRY_MS);
      this.routes.set(slug, route);
    }
    if (route.isFresh) return route.peek() ?? undefined;
    const shared = this.options.shared;
    const id = await route
      .read(
        async () => {
          const page = await (slug === ''
            ? this.pagesRepository.findDefaultPage()
            : this.pagesRepository.findPageBySlug(slug));
          if (page) void shared?.storeRoute(slug, page.id);
          return page?.id ?? null;
        },
        (_error, previous) => previous,
      )
      .catch(async (error: unknown) => {
        // Never resolved here: an instance that started while the database was down asks the
        // shared cache, which any instance that could read the database filled.
        const known = await shared?.readRoute(slug);
        if (known === undefined) throw error;
        return known;
      })
      .catch(unavailable);
    // Only slugs of existing pages are remembered: any address can be asked for, and unknown
    // ones must not fill memory (or Redis); they cost one query each, as before this cache.
    if (id === null && this.routes.get(slug) === route) this.routes.delete(slug);
    return id ?? undefined;
  }
}

/** The later-built of two candidate snapshots (null and undefined mean "none"). */
function newest(
  a: PageSnapshot | null | undefined,
  b: PageSnapshot | null | undefined,
): PageSnapshot | null | undefined {
  if (!a) return b ?? a;
  if (!b) return a;
  return b.builtAt > a.builtAt ? b : a;
}

/** The rebuild's result, or `previous` when it takes longer than `waitMs`. */
async function servedWithin<T>(rebuilt: Promise<T>, waitMs: number, previous: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(previous), waitMs);
  });
  try {
    return await Promise.race([rebuilt.catch(() => previous), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** A database that cannot be reached becomes a 503; anything else (a bug) stays what it is. */
function unavailable(error: unknown): never {
  if (isConnectionError(error)) throw new PageUnavailableError();
  throw error;
}
