// SQL of status-page subscribers (0006_subscribers.sql): sign-up, confirmation, unsubscribe, the
// admin's list and search, and the fan-out of an event to the confirmed subscribers of a page in
// one INSERT ... SELECT, so 10,000 subscribers cost one statement, not 10,000 round trips.
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { SubscriberKind, SubscriberStatus, SubscribersTable } from './notification-schema.js';
import type { Database } from './schema.js';

export type { SubscriberKind, SubscriberStatus } from './notification-schema.js';

export interface Subscriber {
  id: string;
  pageId: string;
  kind: SubscriberKind;
  /** The normalised email address or the webhook URL. */
  address: string;
  status: SubscriberStatus;
  /** Empty: every component of the page. Sorted. */
  componentIds: string[];
  /** Null once confirmed. */
  confirmToken: string | null;
  confirmExpiresAt: Date | null;
  unsubscribeToken: string;
  createdAt: Date;
  updatedAt: Date;
  confirmedAt: Date | null;
}

export interface NewSubscriber {
  id: string;
  pageId: string;
  kind: SubscriberKind;
  address: string;
  componentIds: readonly string[];
  /** 'confirmed' sets confirmed_at now and needs no confirm token. */
  status: SubscriberStatus;
  confirmToken: string | null;
  confirmExpiresAt: Date | null;
  unsubscribeToken: string;
}

export interface SubscriberFilter {
  pageId?: string;
  kind?: SubscriberKind;
  status?: SubscriberStatus;
  /** Case-insensitive part of the address. */
  search?: string;
}

/** Where an export batch ended: the last row's created_at (PostgreSQL text) and id. */
export interface SubscriberCursor {
  createdAt: string;
  id: string;
}

/** A subscriber with what a message to it needs to say about its page. */
export interface SubscriberRecipient extends Subscriber {
  page: { id: string; name: string; slug: string; isDefault: boolean };
}

/** Fan-out of one event to a page's subscribers (see domain/notifications/subscriber-routing.ts). */
export interface SubscriberFanOut {
  eventId: string;
  outboxId: number;
  pageId: string;
  /** The components the event concerns. */
  componentIds: readonly string[];
}

type SubscriberRow = Selectable<SubscribersTable> & { component_ids: string[] | null };

export class SubscriberRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Subscribers with their components, as one query (the components aggregated per row). */
  private select() {
    return this.db
      .selectFrom('subscribers as s')
      .selectAll('s')
      .select(
        sql<string[] | null>`(SELECT array_agg(sc.component_id ORDER BY sc.component_id)
          FROM subscriber_components sc WHERE sc.subscriber_id = s.id)`.as('component_ids'),
      );
  }

  async find(id: string): Promise<Subscriber | undefined> {
    const row = await this.select().where('s.id', '=', id).executeTakeFirst();
    return row && toSubscriber(row);
  }

  async findByAddress(
    pageId: string,
    kind: SubscriberKind,
    address: string,
  ): Promise<Subscriber | undefined> {
    const row = await this.select()
      .where('s.page_id', '=', pageId)
      .where('s.kind', '=', kind)
      .where('s.address', '=', address)
      .executeTakeFirst();
    return row && toSubscriber(row);
  }

  async findByConfirmToken(token: string): Promise<Subscriber | undefined> {
    const row = await this.select().where('s.confirm_token', '=', token).executeTakeFirst();
    return row && toSubscriber(row);
  }

  async findByUnsubscribeToken(token: string): Promise<Subscriber | undefined> {
    const row = await this.select().where('s.unsubscribe_token', '=', token).executeTakeFirst();
    return row && toSubscriber(row);
  }

  /** The subscriber and its page, for composing a message; undefined once it is removed. */
  async findRecipient(id: string): Promise<SubscriberRecipient | undefined> {
    const row = await this.select()
      .innerJoin('pages as p', 'p.id', 's.page_id')
      .select(['p.name as page_name', 'p.slug as page_slug', 'p.is_default as page_is_default'])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      ...toSubscriber(row),
      page: {
        id: row.page_id,
        name: row.page_name,
        slug: row.page_slug,
        isDefault: row.page_is_default,
      },
    };
  }

  /**
   * Inserts a subscriber with its components; returns undefined (and changes nothing) when the
   * page already has one with the same kind and address (a concurrent sign-up, say).
   */
  async insert(subscriber: NewSubscriber): Promise<Subscriber | undefined> {
    const confirmed = subscriber.status === 'confirmed';
    const inserted = await this.db
      .insertInto('subscribers')
      .values({
        id: subscriber.id,
        page_id: subscriber.pageId,
        kind: subscriber.kind,
        address: subscriber.address,
        status: subscriber.status,
        confirm_token: confirmed ? null : subscriber.confirmToken,
        confirm_expires_at: confirmed ? null : subscriber.confirmExpiresAt,
        unsubscribe_token: subscriber.unsubscribeToken,
        confirmed_at: confirmed ? sql<Date>`now()` : null,
      })
      .onConflict((conflict) => conflict.columns(['page_id', 'kind', 'address']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return undefined;
    await this.insertComponents(subscriber.id, subscriber.componentIds);
    return this.find(subscriber.id);
  }

  /** Replaces the subscriber's choice of components (empty: all of the page). */
  async setComponents(id: string, componentIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('subscriber_components').where('subscriber_id', '=', id).execute();
    await this.insertComponents(id, componentIds);
  }

  private async insertComponents(id: string, componentIds: readonly string[]): Promise<void> {
    const unique = [...new Set(componentIds)];
    if (unique.length === 0) return;
    await this.db
      .insertInto('subscriber_components')
      .values(unique.map((componentId) => ({ subscriber_id: id, component_id: componentId })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  /** A new confirmation token for a pending subscriber (a repeated sign-up); false if confirmed. */
  async renewConfirmation(id: string, token: string, expiresAt: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('subscribers')
      .set({ confirm_token: token, confirm_expires_at: expiresAt, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Confirms the pending subscriber holding this token if it has not expired at `now`; returns
   * it confirmed, or undefined when no pending subscriber holds a live token like it.
   */
  async confirm(token: string, now: Date): Promise<Subscriber | undefined> {
    const row = await this.db
      .updateTable('subscribers')
      .set(confirmedAt(now))
      .where('confirm_token', '=', token)
      .where('status', '=', 'pending')
      .where('confirm_expires_at', '>', now)
      .returning('id')
      .executeTakeFirst();
    return row && this.find(row.id);
  }

  /** Confirms a subscriber by id (the admin, or a webhook subscription); false if none. */
  async markConfirmed(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('subscribers')
      .set(confirmedAt(now))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the subscriber (its components and queued deliveries go with it). */
  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('subscribers').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes the subscriber holding this unsubscribe token; returns what it was, if any. */
  async removeByUnsubscribeToken(token: string): Promise<Subscriber | undefined> {
    const found = await this.findByUnsubscribeToken(token);
    if (!found) return undefined;
    const result = await this.db
      .deleteFrom('subscribers')
      .where('id', '=', found.id)
      .where('unsubscribe_token', '=', token)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0 ? found : undefined;
  }

  /** Pending sign-ups whose confirmation expired before `before`: nobody confirmed them. */
  async purgeExpiredPending(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('subscribers')
      .where('status', '=', 'pending')
      .where('confirm_expires_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Newest first; the admin's list and search. */
  async list(filter: SubscriberFilter & { limit: number; offset?: number }): Promise<Subscriber[]> {
    const rows = await this.select()
      .where(matching(filter))
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute();
    return rows.map(toSubscriber);
  }

  /**
   * The next `limit` matches after `after` in the order of `list` (keyset paging): an export
   * reading batch after batch misses and repeats no row when subscribers come and go meanwhile,
   * which offsets cannot promise. The cursor keeps created_at as PostgreSQL's text, which holds
   * the microseconds a JavaScript Date would drop.
   */
  async listAfter(
    filter: SubscriberFilter,
    after: SubscriberCursor | null,
    limit: number,
  ): Promise<{ subscribers: Subscriber[]; next: SubscriberCursor | null }> {
    let query = this.select()
      .select(sql<string>`s.created_at::text`.as('created_key'))
      .where(matching(filter));
    if (after !== null) {
      const at = sql<Date>`${after.createdAt}::timestamptz`;
      query = query.where((eb) =>
        eb.or([
          eb('s.created_at', '<', at),
          eb.and([eb('s.created_at', '=', at), eb('s.id', '>', after.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('s.created_at', 'desc').orderBy('s.id').limit(limit).execute();
    const last = rows.at(-1);
    return {
      subscribers: rows.map(toSubscriber),
      next: rows.length === limit && last ? { createdAt: last.created_key, id: last.id } : null,
    };
  }

  async count(filter: SubscriberFilter = {}): Promise<number> {
    const row = await this.db
      .selectFrom('subscribers as s')
      .select(sql<number>`count(*)::integer`.as('n'))
      .where(matching(filter))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  /**
   * One delivery of the event per confirmed subscriber of the page who chose no components (all)
   * or at least one of the event's, in a single statement; deliveries already there (a re-run
   * fan-out) are left alone. Returns how many were created. Mirrors subscriberWantsEvent.
   */
  async insertEventDeliveries(fanOut: SubscriberFanOut): Promise<number> {
    const { rows } = await sql<{ created: number }>`
      WITH created AS (
        INSERT INTO deliveries (event_id, outbox_id, subscriber_id)
        SELECT ${fanOut.eventId}::text, ${fanOut.outboxId}::bigint, s.id
        FROM subscribers s
        WHERE s.page_id = ${fanOut.pageId}::text AND s.status = 'confirmed'
          AND (NOT EXISTS (SELECT 1 FROM subscriber_components sc WHERE sc.subscriber_id = s.id)
               OR EXISTS (SELECT 1 FROM subscriber_components sc
                          WHERE sc.subscriber_id = s.id
                            AND sc.component_id = ANY(${[...fanOut.componentIds]}::text[])))
        ON CONFLICT (event_id, subscriber_id) DO NOTHING
        RETURNING 1
      )
      SELECT count(*)::integer AS created FROM created`.execute(this.db);
    return rows[0]?.created ?? 0;
  }

  /** One delivery of a message meant for one subscriber (its confirmation mail); 0 if it is gone. */
  async insertDirectDelivery(delivery: {
    eventId: string;
    outboxId: number;
    subscriberId: string;
  }): Promise<number> {
    const { rows } = await sql<{ created: number }>`
      WITH created AS (
        INSERT INTO deliveries (event_id, outbox_id, subscriber_id)
        SELECT ${delivery.eventId}::text, ${delivery.outboxId}::bigint, s.id
        FROM subscribers s WHERE s.id = ${delivery.subscriberId}::text
        ON CONFLICT (event_id, subscriber_id) DO NOTHING
        RETURNING 1
      )
      SELECT count(*)::integer AS created FROM created`.execute(this.db);
    return rows[0]?.created ?? 0;
  }
}

function confirmedAt(now: Date) {
  return {
    status: 'confirmed',
    confirm_token: null,
    confirm_expires_at: null,
    confirmed_at: now,
    updated_at: now,
  } as const;
}

function toSubscriber(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    pageId: row.page_id,
    kind: row.kind,
    address: row.address,
    status: row.status,
    componentIds: row.component_ids ?? [],
    confirmToken: row.confirm_token,
    confirmExpiresAt: row.confirm_expires_at,
    unsubscribeToken: row.unsubscribe_token,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmedAt: row.confirmed_at,
  };
}

/** The filter as one condition on `subscribers as s`, shared by the list, the export and the count. */
function matching(filter: SubscriberFilter) {
  return (eb: ExpressionBuilder<{ s: SubscribersTable }, 's'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.pageId !== undefined) conditions.push(eb('s.page_id', '=', filter.pageId));
    if (filter.kind !== undefined) conditions.push(eb('s.kind', '=', filter.kind));
    if (filter.status !== undefined) conditions.push(eb('s.status', '=', filter.status));
    if (filter.search !== undefined && filter.search !== '')
      conditions.push(eb('s.address', 'ilike', `%${escapeLike(filter.search)}%`));
    return eb.and(conditions);
  };
}

/** The search text as a literal inside LIKE (its % and _ mean themselves). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
