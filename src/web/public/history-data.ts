// Incidents beyond what a snapshot holds (older history pages, old permalinks), read from the
// database once per snapshot version and kept with the snapshot, so repeated visits stay in memory
// and a change to the page (a new snapshot) makes them fresh.
import { SNAPSHOT_API_LIST_SIZE, type PageSnapshot } from '../../cache/page-snapshots.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { IncidentService } from '../../services/incident-service.js';
import type { IncidentDetail } from '../../store/incident-repository.js';
import type { HistoryPageData } from './views/history.js';

export const HISTORY_PAGE_SIZE = 10;
/** Deeper pages than this are refused rather than asking the database for a huge OFFSET. */
export const MAX_HISTORY_PAGE = 10_000;
const MAX_CACHED_LOOKUPS = 200;

const lookups = new WeakMap<PageSnapshot, Map<string, Promise<unknown>>>();

function remember<T>(snapshot: PageSnapshot, key: string, load: () => Promise<T>): Promise<T> {
  let cache = lookups.get(snapshot);
  if (!cache) {
    cache = new Map();
    lookups.set(snapshot, cache);
  }
  const known = cache.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = load();
  if (cache.size >= MAX_CACHED_LOOKUPS) cache.delete(cache.keys().next().value!);
  cache.set(key, loading);
  // A failed read (database down) is not kept, so the next visit tries again.
  loading.catch(() => {
    if (cache.get(key) === loading) cache.delete(key);
  });
  return loading;
}

/** The `page` query parameter: absent means 1; anything but a whole number in range is a 400. */
export function parseHistoryPage(raw: unknown): number {
  if (raw === undefined || raw === '') return 1;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== 'string' || !/^\d{1,6}$/.test(text)) {
    throw new ValidationError('page', `page must be a whole number from 1 to ${MAX_HISTORY_PAGE}`);
  }
  const page = Number(text);
  if (page < 1 || page > MAX_HISTORY_PAGE) {
    throw new ValidationError('page', `page must be a whole number from 1 to ${MAX_HISTORY_PAGE}`);
  }
  return page;
}

function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
}

/** One page of incident history; undefined when the page number is past the last page. */
export async function historyPage(
  snapshot: PageSnapshot,
  incidents: IncidentService,
  page: number,
): Promise<HistoryPageData | undefined> {
  const offset = (page - 1) * HISTORY_PAGE_SIZE;
  let data: HistoryPageData;
  if (snapshot.apiIncidents.length < SNAPSHOT_API_LIST_SIZE) {
    // The snapshot holds every incident of this page.
    const total = snapshot.apiIncidents.length;
    data = {
      page,
      total,
      pageCount: pageCount(total),
      incidents: snapshot.apiIncidents.slice(offset, offset + HISTORY_PAGE_SIZE),
    };
  } else {
    const result = await remember(snapshot, `history:${page}`, () =>
      incidents.list({
        pageId: snapshot.page.id,
        kind: 'incident',
        limit: HISTORY_PAGE_SIZE,
        offset,
      }),
    );
    data = {
      page,
      total: result.total,
      pageCount: pageCount(result.total),
      incidents: result.incidents,
    };
  }
  return page > data.pageCount ? undefined : data;
}

/** An incident or maintenance of this page by id, from the snapshot when it holds it. */
export async function pageIncident(
  snapshot: PageSnapshot,
  incidents: IncidentService,
  id: string,
): Promise<IncidentDetail | undefined> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return undefined;
  for (const list of [
    snapshot.unresolvedIncidents,
    snapshot.apiIncidents,
    snapshot.activeMaintenances,
    snapshot.upcomingMaintenances,
    snapshot.recentMaintenances,
  ]) {
    const found = list.find((incident) => incident.id === id);
    if (found) return found;
  }
  const loaded = await remember(snapshot, `incident:${id}`, () =>
    incidents.get(id).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }),
  );
  return loaded && loaded.page_id === snapshot.page.id ? loaded : undefined;
}
