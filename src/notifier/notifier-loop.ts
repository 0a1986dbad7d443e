// The notifier service's loop: wakes on NOTIFY vigil_outbox (new events, new deliveries), when a
// send frees a slot, when a retry falls due, and on a periodic poll as the fallback for missed
// notices (and for the claims of a crashed notifier, which expire without any notice). Each pass
// fans the outbox out into deliveries, then fills the free send slots. While the database is
// unreachable, passes back off (250 ms doubling to 5 s) and the outage is logged once.
import type { VigilDatabase } from '../store/database.js';
import { DeliveryRepository } from '../store/delivery-repository.js';
import { OUTBOX_CHANNEL } from '../store/outbox-repository.js';
import { outageLog, type OutageLog } from '../observability/outage-log.js';
import {
  createDeliveryEngine,
  type DeliveryCounters,
  type DeliveryEngineOptions,
} from './delivery-engine.js';
import { fanOutBatch } from './fan-out.js';
import type { SystemMail } from './channel.js';
import { mailSenderCache } from './mail/mail-senders.js';
import { writeDueReminders } from './reminders.js';

/** The engine's settings (concurrency, timeout, attempts, retry policy, ...) and the loop's. */
export interface NotifierOptions extends Omit<
  DeliveryEngineOptions,
  'db' | 'onSlotFree' | 'onRetryScheduled' | 'mail'
> {
  /** VIGIL_SMTP_URL / VIGIL_MAIL_FROM (config.mail); default: no system SMTP server. */
  mail?: SystemMail;
  database: VigilDatabase;
  /** Fallback poll period. */
  pollMs?: number;
  /** Outbox rows fanned out per transaction. */
  fanOutBatchSize?: number;
  /** Shared with the database's reconnecting listener, so one outage is logged once. */
  outage?: OutageLog;
}

export interface NotifierMetrics extends DeliveryCounters {
  eventsFannedOut: number;
  deliveriesCreated: number;
}

export interface Notifier {
  readonly notifierId: string;
  /** Runs a pass soon, as a NOTIFY would. */
  wake(): void;
  metrics(): NotifierMetrics;
  stop(): Promise<void>;
}

const FAN_OUT_BATCH = 200;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;
const DEFAULT_MAIL: SystemMail = {
  smtp: undefined,
  from: { name: 'Vigil', address: 'vigil@localhost' },
};

export async function startNotifier(options: NotifierOptions): Promise<Notifier> {
  const { database, logger } = options;
  const pollMs = options.pollMs ?? 5000;
  const batchSize = options.fanOutBatchSize ?? FAN_OUT_BATCH;
  const outage = options.outage ?? outageLog(logger, 'database');
  const deliveries = new DeliveryRepository(database.db);
  const totals = { eventsFannedOut: 0, deliveriesCreated: 0 };
  let stopped = false;
  let passing: Promise<void> | undefined;
  let passAgain = false;
  let backoffMs = 0;
  let backoffTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryAtMs = Infinity;

  // One pooled SMTP connection set per server for all this notifier's mail; closed on stop.
  const senders = mailSenderCache();
  // The loop's own options ride along unread.
  const engine = createDeliveryEngine({
    ...options,
    db: database.db,
    mail: { ...(options.mail ?? DEFAULT_MAIL), senders },
    // A freed slot may take a delivery already due: only the fill, not the fan-out, is needed.
    onSlotFree: () => {
      if (!stopped && !outage.down) engine.fill().catch(failed);
    },
    onRetryScheduled: (delayMs) => wakeAt(Date.now() + delayMs),
  });

  /** One timer for the earliest retry this notifier scheduled (others' are found by the poll). */
  const wakeAt = (atMs: number): void => {
    if (stopped || atMs >= retryAtMs) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryAtMs = atMs;
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        retryAtMs = Infinity;
        schedule();
      },
      Math.max(0, atMs - Date.now()),
    );
    retryTimer.unref();
  };

  const pass = async (): Promise<void> => {
    // Due reminders become outbox rows first, so this very pass fans them out.
    await writeDueReminders(database.db);
    for (;;) {
      const result = await fanOutBatch(database.db, { batchSize, logger });
      totals.eventsFannedOut += result.events;
      totals.deliveriesCreated += result.deliveries;
      if (result.events < batchSize || stopped) break;
      // A long backlog: start sending what is fanned out already while the rest follows.
      await engine.fill();
    }
    const abandoned = await deliveries.expireAbandoned(options.maxAttempts);
    if (abandoned > 0) {
      logger.error(
        { deliveries: abandoned },
        'deliveries dead-lettered after their last attempt was cut short',
      );
    }
    await engine.fill();
  };

  const failed = (error: unknown): void => {
    outage.failed(error);
    if (stopped || backoffTimer) return;
    backoffMs = backoffMs === 0 ? FIRST_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    backoffTimer = setTimeout(() => {
      backoffTimer = undefined;
      schedule();
    }, backoffMs);
    backoffTimer.unref();
  };

  /** Runs a pass now, or once more right after the one running (never two at once). */
  const schedule = (): void => {
    if (stopped) return;
    if (passing) {
      passAgain = true;
      return;
    }
    passing = (async () => {
      do {
        passAgain = false;
        try {
          await pass();
          backoffMs = 0;
          outage.recovered();
        } catch (error) {
          failed(error);
          return;
        }
      } while (passAgain && !stopped);
    })().finally(() => {
      passing = undefined;
    });
  };

  const unlisten = await database.listen(OUTBOX_CHANNEL, () => schedule());
  const poll = setInterval(schedule, pollMs);
  poll.unref();
  schedule();

  return {
    notifierId: engine.notifierId,
    wake: schedule,
    metrics: () => ({ ...engine.counters(), ...totals }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      if (backoffTimer) clearTimeout(backoffTimer);
      if (retryTimer) clearTimeout(retryTimer);
      await unlisten();
      await passing;
      await engine.stop();
      senders.close();
    },
  };
}
