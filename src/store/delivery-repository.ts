// SQL of deliveries (one per event and channel or subscriber) and their attempt log: inserting them at fan-out,
// claiming due ones under a lease, recording each attempt's outcome fenced by the claim, and the
// reads and the retry of the admin's delivery log. Times come from the database's clock only, so
// notifiers on machines whose clocks disagree still agree on leases and due times.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DeliveriesTable, DeliveryStatus } from './notification-schema.js';
import type { Database } from './schema.js';

export interface NewDelivery {
  eventId: string;
  outboxId: number;
  channelId: string;
}

export interface ClaimedDelivery {
  id: number;
  eventId: string;
  /** Exactly one of channelId and subscriberId is set. */
  channelId: string | null;
  subscriberId: string | null;
  /** The number of this attempt (claims count attempts). */
  attempt: number;
  outbox: { id: number; kind: string; payload: unknown; createdAt: Date };
  /** Recipients earlier attempts settled (see 0008_delivery_recipients.sql). */
  settled: DeliveryRecipients;
}

/** Recipients (email addresses) of a delivery that took it, or refused it for good. */
export interface DeliveryRecipients {
  accepted: readonly string[];
  refused: readonly string[];
}

export interface ClaimRequest {
  notifier: string;
  limit: number;
  leaseMs: number;
  /** Receivers (see receiverKey) this notifier already sends to as much as it may. */
  excludeChannelIds: readonly string[];
}

/** What happens to a delivery after an attempt. */
export type AttemptOutcome =
  { status: 'delivered' } | { status: 'pending'; retryInMs: number } | { status: 'dead' };

export interface AttemptRecord {
  deliveryId: number;
  attempt: number;
  notifier: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  outcome: AttemptOutcome;
  /** Every recipient settled so far (earlier attempts and this one); absent: left as stored. */
  settled?: DeliveryRecipients;
}

/** Whom deliveries go to: the operators' channels, or status-page subscribers. */
export type DeliveryTarget = 'channel' | 'subscriber';

export interface DeliveryFilter {
  status?: DeliveryStatus;
  target?: DeliveryTarget;
  channelId?: string;
  subscriberId?: string;
  id?: number;
}

export interface DeliveryLogEntry {
  id: number;
  eventId: string;
  eventType: string;
  channelId: string | null;
  subscriberId: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  lastStatusCode: number | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const INSERT_CHUNK = 1000;

/** The deliveries a filter keeps, as one condition on the table aliased `d`. */
function matching(
  eb: ExpressionBuilder<{ d: DeliveriesTable }, 'd'>,
  filter: DeliveryFilter,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.status !== undefined) conditions.push(eb('d.status', '=', filter.status));
  if (filter.target === 'channel') conditions.push(eb('d.channel_id', 'is not', null));
  if (filter.target === 'subscriber') conditions.push(eb('d.subscriber_id', 'is not', null));
  if (filter.channelId !== undefined) conditions.push(eb('d.channel_id', '=', filter.channelId));
  if (filter.subscriberId !== undefined) {
    conditions.push(eb('d.subscriber_id', '=', filter.subscriberId));
  }
  if (filter.id !== undefined) conditions.push(eb('d.id', '=', filter.id));
  return eb.and(conditions);
}

/** A retried delivery: due now, with a fresh set of attempts and no claim. */
const retried = () =>
  ({
    status: 'pending',
    attempts: 0,
    next_attempt_at: sql<Date>`now()`,
    claimed_by: null,
    locked_until: null,
    // A mailbox refused for good may have been fixed meanwhile; one that accepted has the mail.
    refused_recipients: sql<string[]>`'{}'::text[]`,
    updated_at: sql<Date>`now()`,
  }) as const;

/**
 * Who receives a delivery, as one key: the channel id, or `subscriber:<id>`. The engine's
 * per-receiver share of its slots counts by this key, and claims leave out the full ones.
 */
export function receiverKey(delivery: {
  channelId: string | null;
  subscriberId: string | null;
}): string {
  return delivery.channelId ?? `subscriber:${delivery.subscriberId ?? ''}`;
}

export class DeliveryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts deliveries not already there (same event and channel); returns how many were new. */
  async insertMany(deliveries: readonly NewDelivery[]): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < deliveries.length; start += INSERT_CHUNK) {
      const chunk = deliveries.slice(start, start + INSERT_CHUNK);
      const rows = await this.db
        .insertInto('deliveries')
        .values(
          chunk.map((d) => ({
            event_id: d.eventId,
            outbox_id: d.outboxId,
            channel_id: d.channelId,
          })),
        )
        .onConflict((conflict) => conflict.columns(['event_id', 'channel_id']).doNothing())
        .returning('id')
        .execute();
      inserted += rows.length;
    }
    return inserted;
  }

  /**
   * Claims up to `limit` due deliveries for `notifier` in one statement: row locks with SKIP
   * LOCKED keep two notifiers from claiming the same row, and the lease (locked_until) keeps it
   * theirs after the statement, while the send runs outside any transaction.
   */
  async claimDue(request: ClaimRequest): Promise<ClaimedDelivery[]> {
    const { rows } = await sql<{
      id: number;
      event_id: string;
      channel_id: string | null;
      subscriber_id: string | null;
      attempts: number;
      outbox_id: number;
      kind: string;
      payload: unknown;
      created_at: Date;
      accepted_recipients: string[];
      refused_recipients: string[];
    }>`
      WITH picked AS (
        SELECT id FROM deliveries
        WHERE status = 'pending' AND next_attempt_at <= now()
          AND (locked_until IS NULL OR locked_until <= now())
          AND coalesce(channel_id, 'subscriber:' || subscriber_id)
              <> ALL(${[...request.excludeChannelIds]}::text[])
        ORDER BY next_attempt_at, id
        LIMIT ${request.limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE deliveries AS d
      SET attempts = d.attempts + 1, claimed_by = ${request.notifier},
          locked_until = now() + ${request.leaseMs} * interval '1 millisecond', updated_at = now()
      FROM picked, outbox AS o
      WHERE d.id = picked.id AND o.id = d.outbox_id
      RETURNING d.id, d.event_id, d.channel_id, d.subscriber_id, d.attempts, d.outbox_id, o.kind, o.payload,
                o.created_at, d.accepted_recipients, d.refused_recipients`.execute(this.db);
    return rows
      .map((row) => ({
        id: row.id,
        eventId: row.event_id,
        channelId: row.channel_id,
        subscriberId: row.subscriber_id,
        attempt: row.attempts,
        outbox: {
          id: row.outbox_id,
          kind: row.kind,
          payload: row.payload,
          createdAt: row.created_at,
        },
        settled: { accepted: row.accepted_recipients, refused: row.refused_recipients },
      }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Logs the attempt and applies its outcome, in one statement. The outcome applies only while
   * the claim is still this notifier's (same notifier, same attempt): if its lease ran out and
   * another notifier claimed the delivery meanwhile, that one's result counts. Returns whether
   * the outcome applied.
   */
  async recordAttempt(record: AttemptRecord): Promise<boolean> {
    const { outcome } = record;
    const retryInMs = outcome.status === 'pending' ? outcome.retryInMs : null;
    const accepted = record.settled ? [...record.settled.accepted] : null;
    const refused = record.settled ? [...record.settled.refused] : null;
    const { rows } = await sql<{ applied: number }>`
      WITH updated AS (
        UPDATE deliveries
        SET status = ${outcome.status}::text,
            next_attempt_at = CASE WHEN ${retryInMs}::integer IS NULL THEN next_attempt_at
                                   ELSE now() + ${retryInMs}::integer * interval '1 millisecond' END,
            claimed_by = NULL, locked_until = NULL,
            last_error = ${record.error}::text, last_status_code = ${record.statusCode}::integer,
            delivered_at = CASE WHEN ${outcome.status}::text = 'delivered' THEN now() ELSE NULL END,
            accepted_recipients = coalesce(${accepted}::text[], accepted_recipients),
            refused_recipients = coalesce(${refused}::text[], refused_recipients),
            updated_at = now()
        WHERE id = ${record.deliveryId} AND status = 'pending'
          AND claimed_by = ${record.notifier}::text AND attempts = ${record.attempt}::integer
        RETURNING id
      ), logged AS (
        INSERT INTO delivery_attempts
          (delivery_id, attempt, ok, status_code, error, duration_ms, notifier)
        SELECT id, ${record.attempt}::integer, ${record.ok}::boolean,
               ${record.statusCode}::integer, ${record.error}::text,
               ${Math.round(record.durationMs)}::integer, ${record.notifier}::text
        FROM deliveries WHERE id = ${record.deliveryId}
      )
      SELECT count(*)::integer AS applied FROM updated`.execute(this.db);
    return (rows[0]?.applied ?? 0) > 0;
  }

  /**
   * Dead-letters deliveries whose last allowed attempt was claimed by a notifier that never
   * finished it (it crashed): otherwise an event that crashes notifiers would be retried forever.
   */
  async expireAbandoned(maxAttempts: number): Promise<number> {
    const result = await this.db
      .updateTable('deliveries')
      .set({
        status: 'dead',
        claimed_by: null,
        locked_until: null,
        last_error: 'the notifier making the last allowed attempt stopped before it finished',
        updated_at: sql<Date>`now()`,
      })
      .where('status', '=', 'pending')
      .where('attempts', '>=', maxAttempts)
      .where('locked_until', '<=', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Makes a dead (or pending) delivery due now with a fresh set of attempts. */
  async retry(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('deliveries')
      .set(retried())
      .where('id', '=', id)
      .where('status', '!=', 'delivered')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Makes every dead delivery of the channel due now with a fresh set of attempts; how many. */
  async retryDeadOfChannel(channelId: string): Promise<number> {
    const result = await this.db
      .updateTable('deliveries')
      .set(retried())
      .where('channel_id', '=', channelId)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The newest delivery of each channel that has any: its status and when it was made. */
  async latestPerChannel(): Promise<
    Array<{ channelId: string; status: DeliveryStatus; createdAt: Date }>
  > {
    // One index probe per channel (deliveries_channel), not a scan of the whole log.
    const { rows } = await sql<{ channel_id: string; status: DeliveryStatus; created_at: Date }>`
      SELECT c.id AS channel_id, d.status, d.created_at
      FROM channels AS c
      CROSS JOIN LATERAL (
        SELECT status, created_at FROM deliveries
        WHERE channel_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1
      ) AS d`.execute(this.db);
    return rows.map((row) => ({
      channelId: row.channel_id,
      status: row.status,
      createdAt: row.created_at,
    }));
  }

  async list(
    filter: DeliveryFilter & { limit: number; offset?: number },
  ): Promise<DeliveryLogEntry[]> {
    const rows = await this.db
      .selectFrom('deliveries as d')
      .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select([
        'd.id',
        'd.event_id',
        'o.kind',
        'd.channel_id',
        'd.subscriber_id',
        'd.status',
        'd.attempts',
        'd.next_attempt_at',
        'd.last_error',
        'd.last_status_code',
        'd.delivered_at',
        'd.created_at',
      ])
      .where((eb) => matching(eb, filter))
      .orderBy('d.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.kind,
      channelId: row.channel_id,
      subscriberId: row.subscriber_id,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
      lastStatusCode: row.last_status_code,
      deliveredAt: row.delivered_at,
      createdAt: row.created_at,
    }));
  }

  async count(filter: DeliveryFilter): Promise<number> {
    const { n } = await this.db
      .selectFrom('deliveries as d')
      .select(sql<number>`count(*)::integer`.as('n'))
      .where((eb) => matching(eb, filter))
      .executeTakeFirstOrThrow();
    return n;
  }

  attemptsOf(deliveryId: number) {
    return this.db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('delivery_id', '=', deliveryId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }
}
