// The delivery engine: claims due deliveries, sends each through its channel with a deadline,
// and records every attempt — delivered, retried later with backoff, or dead after the last
// allowed attempt.
//
// Why a lease (claimed_by + locked_until) and not a row lock held during the send:
// - A row lock lives in a transaction, so every send in flight would pin a pooled connection and
//   an open transaction for as long as the receiver takes (up to the timeout). Concurrency would
//   be capped by the pool, long transactions hold back vacuum, and a PostgreSQL restart would
//   abort every transaction in flight, losing the record of sends that did happen.
// - With a lease the claim is one short statement (FOR UPDATE SKIP LOCKED, so notifiers never
//   claim the same row), the send runs outside any transaction, and the outcome is a second
//   short statement, fenced by (claimed_by, attempt) so a late writer can never overwrite a
//   newer claim's result.
// - Crash safety: a notifier that dies mid-send leaves its claims to expire; once locked_until
//   has passed another notifier claims and sends them again. So every event is delivered at
//   least once. A receiver may see an event twice only if the dead notifier's send reached it
//   before the crash; the event id (Vigil-Event-Id, the same on every attempt) lets it drop the
//   copy: at most once per receiver that honours the id. The copies are bounded by the claims
//   the dead notifier held, which never exceed its concurrency (it claims only free slots).
// - The lease outlasts the longest an attempt may take (timeout, plus the guard, plus time to
//   record), so a live notifier's claim never expires under it.
//
// A slow or hanging receiver cannot hold up the others: every send has a deadline, sends run
// concurrently up to `concurrency`, and no channel gets more than `perChannelConcurrency` of
// those slots, so a dead receiver with a long backlog still leaves the other channels most slots.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { eventFromOutbox, type NotificationEvent } from '../domain/notifications/index.js';
import { hasAddress } from '../mail/mail-address.js';
import { openChannel } from '../services/channel-config.js';
import type { SecretBox } from '../services/secret-box.js';
import { ChannelRepository, type ChannelRow } from '../store/channel-repository.js';
import {
  DeliveryRepository,
  receiverKey,
  type AttemptOutcome,
  type ClaimedDelivery,
  type DeliveryRecipients,
} from '../store/delivery-repository.js';
import type { Database } from '../store/schema.js';
import { nextAttemptDelayMs, type RetryPolicy } from './backoff.js';
import type { ChannelMail, SendContext, SendResult } from './channel.js';

/** Sends deliveries addressed to status-page subscribers (see subscribers/subscriber-sender.ts). */
export interface SubscriberDeliverySender {
  send(delivery: ClaimedDelivery, context: SendContext): Promise<SendResult>;
}

export interface DeliveryEngineOptions {
  db: Kysely<Database>;
  box: SecretBox;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** Names this notifier in claims and the attempt log; unique per process. */
  notifierId?: string;
  concurrency: number;
  /** Slots one channel may use at once; default a quarter of `concurrency` (at least 1). */
  perChannelConcurrency?: number;
  timeoutMs: number;
  maxAttempts: number;
  retry: RetryPolicy;
  /** Sends subscriber deliveries; without it they fail (and are retried) saying so. */
  subscribers?: SubscriberDeliverySender;
  /** Called when a send finished and freed its slot (the loop claims more). */
  onSlotFree?: () => void;
  /** Called with the delay of each retry scheduled, so the loop can wake up for it. */
  onRetryScheduled?: (delayMs: number) => void;
  random?: () => number;
  /** Mail settings and SMTP senders handed to channels that send email. */
  mail?: ChannelMail;
}

export interface DeliveryCounters {
  delivered: number;
  failed: number;
  dead: number;
  inFlight: number;
}

export interface DeliveryEngine {
  readonly notifierId: string;
  /** Claims and starts as many due deliveries as there are free slots; returns how many. */
  fill(): Promise<number>;
  /** Resolves when no send is in flight. */
  idle(): Promise<void>;
  counters(): DeliveryCounters;
  /** Stops claiming; sends in flight finish (bounded by their timeout) and are recorded. */
  stop(): Promise<void>;
}

/** Extra time the engine allows a channel past its deadline before it stops waiting for it. */
const GUARD_MS = 1000;
/** How long to keep retrying to record an outcome while the database is unreachable. */
const RECORD_RETRY_MAX_MS = 5000;

export function leaseMsFor(timeoutMs: number): number {
  // Claim to record: the send (timeout + guard), then recording, which may itself wait for the
  // database; twice the timeout plus 5 s leaves room for both.
  return 2 * timeoutMs + 5000;
}

export function newNotifierId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function createDeliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  const { db, logger } = options;
  const notifierId = options.notifierId ?? newNotifierId();
  const concurrency = Math.max(1, options.concurrency);
  const perChannel = Math.max(
    1,
    Math.min(concurrency, options.perChannelConcurrency ?? Math.floor(concurrency / 4)),
  );
  const leaseMs = leaseMsFor(options.timeoutMs);
  const deliveries = new DeliveryRepository(db);
  const channels = new ChannelRepository(db);
  const random = options.random ?? Math.random;
  const inFlightByChannel = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const counters = { delivered: 0, failed: 0, dead: 0 };
  let stopped = false;

  /** How many to claim now: no channel may go past its share, whatever the claim returns. */
  const claimSize = (): number => {
    let size = Math.min(concurrency - running.size, perChannel);
    for (const count of inFlightByChannel.values()) {
      if (count < perChannel) size = Math.min(size, perChannel - count);
    }
    return size;
  };

  const fullChannels = (): string[] =>
    [...inFlightByChannel].filter(([, count]) => count >= perChannel).map(([id]) => id);

  let filling: Promise<number> | undefined;
  let fillAgain = false;
  /** One fill at a time (two would both count the same free slots); a call meanwhile repeats it. */
  const fill = (): Promise<number> => {
    if (filling) {
      fillAgain = true;
      return filling;
    }
    filling = (async () => {
      let started = 0;
      try {
        do {
          fillAgain = false;
          started += await fillOnce();
        } while (fillAgain && !stopped);
      } finally {
        filling = undefined;
      }
      return started;
    })();
    return filling;
  };

  const fillOnce = async (): Promise<number> => {
    let started = 0;
    while (!stopped) {
      const size = claimSize();
      if (size <= 0) break;
      const claimed = await deliveries.claimDue({
        notifier: notifierId,
        limit: size,
        leaseMs,
        excludeChannelIds: fullChannels(),
      });
      if (claimed.length === 0) break;
      const channelIds = claimed.flatMap((d) => (d.channelId === null ? [] : [d.channelId]));
      const rows = new Map(
        (await channels.findMany([...new Set(channelIds)])).map((row) => [row.id, row]),
      );
      for (const delivery of claimed) start(delivery, rows.get(delivery.channelId ?? ''));
      started += claimed.length;
      if (claimed.length < size) break;
    }
    return started;
  };

  const start = (delivery: ClaimedDelivery, channel: ChannelRow | undefined): void => {
    const receiver = receiverKey(delivery);
    inFlightByChannel.set(receiver, (inFlightByChannel.get(receiver) ?? 0) + 1);
    const task: Promise<void> = attempt(delivery, channel)
      .catch((error: unknown) => {
        logger.error({ err: error, deliveryId: delivery.id }, 'delivery attempt failed to run');
      })
      .finally(() => {
        running.delete(task);
        const left = (inFlightByChannel.get(receiver) ?? 1) - 1;
        if (left > 0) inFlightByChannel.set(receiver, left);
        else inFlightByChannel.delete(receiver);
        if (!stopped) options.onSlotFree?.();
      });
    running.add(task);
  };

  const attempt = async (delivery: ClaimedDelivery, channel: ChannelRow | undefined) => {
    const startedMs = performance.now();
    const result = await sendOnce(delivery, channel);
    const durationMs = performance.now() - startedMs;
    const outcome = outcomeOf(delivery.attempt, result);
    const applied = await recordWithRetry({
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      notifier: notifierId,
      ok: result.ok,
      statusCode: result.statusCode,
      error: result.error,
      durationMs,
      outcome,
      ...(result.settled ? { settled: withSettled(delivery.settled, result.settled) } : {}),
    });
    count(outcome);
    logAttempt(delivery, channel, result, outcome, durationMs, applied);
    if (outcome.status === 'pending') options.onRetryScheduled?.(outcome.retryInMs);
  };

  const sendOnce = async (
    delivery: ClaimedDelivery,
    channel: ChannelRow | undefined,
  ): Promise<SendResult> => {
    if (delivery.subscriberId !== null) return sendToSubscriber(delivery);
    if (!channel) return failure('the channel was deleted');
    if (!channel.enabled) return failure('the channel is disabled');
    const event: NotificationEvent | null = eventFromOutbox(delivery.outbox);
    if (!event) return failure(`outbox row ${delivery.outbox.id} is not a readable event`);
    let opened: ReturnType<typeof openChannel>;
    try {
      opened = openChannel(channel, options.box);
    } catch (error) {
      return failure((error as Error).message);
    }
    return guarded(delivery, (context) => opened.type.send(event, opened.config, context));
  };

  const sendToSubscriber = (delivery: ClaimedDelivery): Promise<SendResult> => {
    const subscribers = options.subscribers;
    if (!subscribers) return Promise.resolve(failure('this notifier cannot send to subscribers'));
    return guarded(delivery, (context) => subscribers.send(delivery, context));
  };

  /** One attempt with its deadline, for a channel or a subscriber alike. */
  const guarded = (
    delivery: ClaimedDelivery,
    send: (context: SendContext) => Promise<SendResult>,
  ): Promise<SendResult> =>
    withGuard(
      send({
        signal: AbortSignal.timeout(options.timeoutMs),
        attempt: delivery.attempt,
        now: new Date(),
        settled: delivery.settled,
        ...(options.mail ? { mail: options.mail } : {}),
      }),
      options.timeoutMs + GUARD_MS,
    );

  const outcomeOf = (attemptNumber: number, result: SendResult): AttemptOutcome => {
    if (result.ok) return { status: 'delivered' };
    if (attemptNumber >= options.maxAttempts || result.permanent) return { status: 'dead' };
    return {
      status: 'pending',
      retryInMs: nextAttemptDelayMs(attemptNumber, options.retry, result.retryAfterMs, random),
    };
  };

  const recordWithRetry = async (
    record: Parameters<DeliveryRepository['recordAttempt']>[0],
  ): Promise<boolean> => {
    const deadline = Date.now() + RECORD_RETRY_MAX_MS;
    let waitMs = 100;
    for (;;) {
      try {
        return await deliveries.recordAttempt(record);
      } catch (error) {
        // Unrecorded, the claim expires and the delivery is sent again: at least once holds.
        if (Date.now() + waitMs > deadline) {
          logger.warn(
            { err: error, deliveryId: record.deliveryId },
            'could not record a delivery attempt; it will be retried when its lease expires',
          );
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        waitMs = Math.min(waitMs * 2, 1000);
      }
    }
  };

  const count = (outcome: AttemptOutcome): void => {
    if (outcome.status === 'delivered') counters.delivered += 1;
    else if (outcome.status === 'dead') counters.dead += 1;
    else counters.failed += 1;
  };

  const logAttempt = (
    delivery: ClaimedDelivery,
    channel: ChannelRow | undefined,
    result: SendResult,
    outcome: AttemptOutcome,
    durationMs: number,
    applied: boolean,
  ): void => {
    const fields = {
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      eventType: delivery.outbox.kind,
      channel: channel?.name ?? receiverKey(delivery),
      channelType: channel?.type,
      attempt: delivery.attempt,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: Math.round(durationMs),
      ...(outcome.status === 'pending' ? { retryInMs: outcome.retryInMs } : {}),
      ...(applied ? {} : { recorded: false }),
    };
    if (outcome.status === 'delivered') logger.info(fields, 'notification delivered');
    else if (outcome.status === 'dead') logger.error(fields, 'notification dead-lettered');
    else logger.warn(fields, 'notification attempt failed; will retry');
  };

  return {
    notifierId,
    fill,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    counters: () => ({ ...counters, inFlight: running.size }),
    async stop() {
      stopped = true;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** The recipients settled before an attempt and by it, each once (addresses match in any case). */
function withSettled(before: DeliveryRecipients, now: DeliveryRecipients): DeliveryRecipients {
  const union = (a: readonly string[], b: readonly string[]) => [
    ...a,
    ...b.filter((address) => !hasAddress(a, address)),
  ];
  return {
    accepted: union(before.accepted, now.accepted),
    refused: union(before.refused, now.refused),
  };
}

function failure(error: string): SendResult {
  return { ok: false, statusCode: null, error };
}

/** A channel that ignores its signal still cannot keep the slot past its deadline. */
async function withGuard(send: Promise<SendResult>, limitMs: number): Promise<SendResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<SendResult>((resolve) => {
    timer = setTimeout(() => resolve(failure('no answer within the timeout')), limitMs);
  });
  try {
    return await Promise.race([
      send.catch((error: unknown) => failure((error as Error).message ?? String(error))),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
