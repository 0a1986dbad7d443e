// What admins do with status-page subscribers (the admin pages and /api/v1/subscribers): list and
// search them, read one, remove one, and export them as CSV. Sign-up, confirmation and
// unsubscribing are the public side's (the subscriber service); this file only reads and removes.
// Tokens (confirmation, unsubscribe) never leave here: they act for the subscriber.
import type { Kysely } from 'kysely';
import { csvRecord } from '../domain/csv.js';
import { NotFoundError } from '../domain/errors.js';
import { optionalOneOf, optionalText } from '../domain/validate.js';
import type { Database } from '../store/schema.js';
import {
  SubscriberRepository,
  type Subscriber,
  type SubscriberCursor,
  type SubscriberFilter,
  type SubscriberKind,
  type SubscriberStatus,
} from '../store/subscriber-repository.js';

export const SUBSCRIBER_KINDS: readonly SubscriberKind[] = ['email', 'webhook'];
export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = ['pending', 'confirmed'];

/** A subscriber as admins see it: without its tokens. */
export type SubscriberView = Omit<Subscriber, 'confirmToken' | 'unsubscribeToken'>;

/** Filters as they come in (query strings, forms); empty means "any". */
export interface SubscriberQuery {
  search?: unknown;
  pageId?: unknown;
  kind?: unknown;
  status?: unknown;
}

export const SUBSCRIBER_CSV_HEADER = [
  'id',
  'page',
  'kind',
  'address',
  'status',
  'components',
  'created_at',
  'confirmed_at',
] as const;

/** Rows read per query while exporting, so a large list is never held whole. */
const EXPORT_BATCH = 1000;

export class SubscriberAdminService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(
    query: SubscriberQuery & { limit: number; offset: number },
  ): Promise<{ subscribers: SubscriberView[]; total: number }> {
    const filter = subscriberFilter(query);
    const repo = new SubscriberRepository(this.db);
    const [rows, total] = await Promise.all([
      repo.list({ ...filter, limit: query.limit, offset: query.offset }),
      repo.count(filter),
    ]);
    return { subscribers: rows.map(toView), total };
  }

  async get(id: string): Promise<SubscriberView> {
    const found = await this.find(id);
    if (!found) throw new NotFoundError('subscriber', id);
    return found;
  }

  async find(id: string): Promise<SubscriberView | undefined> {
    const found = await new SubscriberRepository(this.db).find(id);
    return found && toView(found);
  }

  /** Deletes the subscriber, its component choice and its queued deliveries. */
  async remove(id: string): Promise<SubscriberView> {
    const repo = new SubscriberRepository(this.db);
    const found = await repo.find(id);
    if (!found || !(await repo.remove(id))) throw new NotFoundError('subscriber', id);
    return toView(found);
  }

  /**
   * The CSV of every subscriber matching the filters, newest first: the header record, then one
   * record per subscriber, read in batches. Filters are checked before the first line, so a bad
   * one is an error answer, not a broken download.
   */
  csv(query: SubscriberQuery): AsyncGenerator<string> {
    const filter = subscriberFilter(query);
    const repo = new SubscriberRepository(this.db);
    const db = this.db;
    return (async function* () {
      const names = await exportNames(db);
      yield csvRecord(SUBSCRIBER_CSV_HEADER);
      let after: SubscriberCursor | null = null;
      do {
        const batch = await repo.listAfter(filter, after, EXPORT_BATCH);
        for (const row of batch.subscribers) yield csvRecord(subscriberCsvCells(row, names));
        after = batch.next;
      } while (after !== null);
    })();
  }
}

/** The checked filters; an unknown kind or status is refused naming the field. */
export function subscriberFilter(query: SubscriberQuery): SubscriberFilter {
  const filter: SubscriberFilter = {};
  const search = optionalText('search', query.search, 200);
  if (search !== '') filter.search = search;
  const pageId = optionalText('page_id', query.pageId, 100);
  if (pageId !== '') filter.pageId = pageId;
  const kind = optionalOneOf('kind', query.kind, SUBSCRIBER_KINDS);
  if (kind !== undefined) filter.kind = kind;
  const status = optionalOneOf('status', query.status, SUBSCRIBER_STATUSES);
  if (status !== undefined) filter.status = status;
  return filter;
}

export interface ExportNames {
  pages: ReadonlyMap<string, string>;
  components: ReadonlyMap<string, string>;
}

/** Page slugs and component names, so the export reads without looking ids up. */
async function exportNames(db: Kysely<Database>): Promise<ExportNames> {
  const [pages, components] = await Promise.all([
    db.selectFrom('pages').select(['id', 'slug']).execute(),
    db.selectFrom('components').select(['id', 'name']).execute(),
  ]);
  return {
    pages: new Map(pages.map((page) => [page.id, page.slug])),
    components: new Map(components.map((component) => [component.id, component.name])),
  };
}

/**
 * One subscriber's cells, in SUBSCRIBER_CSV_HEADER order; components by name, sorted, empty
 * meaning all of them.
 */
export function subscriberCsvCells(subscriber: Subscriber, names: ExportNames): string[] {
  return [
    subscriber.id,
    names.pages.get(subscriber.pageId) ?? subscriber.pageId,
    subscriber.kind,
    subscriber.address,
    subscriber.status,
    subscriber.componentIds
      .map((id) => names.components.get(id) ?? id)
      .sort()
      .join('; '),
    subscriber.createdAt.toISOString(),
    subscriber.confirmedAt?.toISOString() ?? '',
  ];
}

function toView(subscriber: Subscriber): SubscriberView {
  const { confirmToken: _confirm, unsubscribeToken: _unsubscribe, ...view } = subscriber;
  return view;
}
