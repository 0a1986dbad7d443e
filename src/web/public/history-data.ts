// The paged incident history (incidents and begun maintenances, see history-rule.ts) and single
// incidents: from the snapshot when it holds everything, else read from the database once per
// snapshot version and kept with the snapshot, so repeated visits stay in memory and a change to
// the page (a new snapshot) makes them fresh.
import { SNAPSHOT_API_LIST_SIZE, type PageSnapshot } from '../../cache/page-snapshots.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { IncidentService } from '../../services/incident-service.js';
import type {
  HistoryCounts,
  IncidentDetail,
  IncidentRepository,
} from '../../store/incident-repository.js';
import { HISTORY_MAINTENANCE_STATUSES, inHistory, newestFirst } from './history-rule.js';
import type { HistoryPageData } from './views/history.js';

/** What the history reads from the database when the snapshot does not hold every entry. */
export type HistorySource = Pick<
  IncidentRepository,
  'listHistory' | 'countHistory' | 'withDetails'
>;

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

function pageCount(counts: HistoryCounts): number {
  return Math.max(1, Math.ceil((counts.incidents + counts.maintenances) / HISTORY_PAGE_SIZE));
}

interface WholeHistory {
  entries: IncidentDetail[];
  counts: HistoryCounts;
}

const wholeHistories = new WeakMap<PageSnapshot, WholeHistory | null>();

/** Every history entry of the page, merged once per snapshot; null when the snapshot's lists were cut. */
function snapshotHistory(snapshot: PageSnapshot): WholeHistory | null {
  const known = wholeHistories.get(snapshot);
  if (known !== undefined) return known;
  const complete =
    snapshot.apiIncidents.length < SNAPSHOT_API_LIST_SIZE &&
    snapshot.recentMaintenances.length < SNAPSHOT_API_LIST_SIZE;
  let whole: WholeHistory | null = null;
  if (complete) {
    const maintenances = snapshot.recentMaintenances.filter(inHistory);
    whole = {
      entries: [...snapshot.apiIncidents, ...maintenances].sort(newestFirst),
      counts: { incidents: snapshot.apiIncidents.length, maintenances: maintenances.length },
    };
  }
  wholeHistories.set(snapshot, whole);
  return whole;
}

/** One page of history; undefined when the page number is past the last page. */
export async function historyPage(
  snapshot: PageSnapshot,
  source: HistorySource,
  page: number,
): Promise<HistoryPageData | undefined> {
  const whole = snapshotHistory(snapshot);
  const filter = { pageId: snapshot.page.id, maintenanceStatuses: HISTORY_MAINTENANCE_STATUSES };
  const counts =
    whole?.counts ?? (await remember(snapshot, 'history-count', () => source.countHistory(filter)));
  const pages = pageCount(counts);
  // Counted first, so a page number past the end costs no listing and fills no cache slot.
  if (page > pages) return undefined;
  const offset = (page - 1) * HISTORY_PAGE_SIZE;
  const entries = whole
    ? whole.entries.slice(offset, offset + HISTORY_PAGE_SIZE)
    : await remember(snapshot, `history:${page}`, async () =>
        source.withDetails(
          await source.listHistory({ ...filter, limit: HISTORY_PAGE_SIZE, offset }),
        ),
      );
  return { page, pageCount: pages, counts, entries };
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
