// Fixtures for the notifier's integration tests: a database with services that can store
// channel secrets, a local webhook receiver, notifiers with short timeouts and retries (stopped
// at the end), and reads of the deliveries and their attempt log.
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../src/observability/logger.js';
import {
  startNotifier,
  type Notifier,
  type NotifierOptions,
} from '../../src/notifier/notifier-loop.js';
import { createServices, type Services } from '../../src/services/index.js';
import { SecretBox } from '../../src/services/secret-box.js';
import { insertOutboxEvent } from '../../src/store/outbox-repository.js';
import type { DeliveryStatus } from '../../src/store/notification-schema.js';
import type { DatabaseBackend, TestDatabase } from '../support/databases.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { waitFor } from '../cli/cli-support.js';

export interface NotifierFixture {
  database: TestDatabase;
  services: Services;
  box: SecretBox;
  receiver: WebhookReceiver;
  /** A notifier on the fixture's database; the options override the fast test defaults. */
  startNotifier(options?: Partial<NotifierOptions>): Promise<Notifier>;
  /** A webhook channel to `path` on the receiver, hearing every event (a catch-all route). */
  hookChannel(name: string, path: string, routes?: 'all' | 'none'): Promise<string>;
  deliveries(channelId?: string): Promise<DeliveryRow[]>;
  waitForDeliveries(
    what: string,
    check: (rows: DeliveryRow[]) => boolean,
    timeoutMs?: number,
  ): Promise<DeliveryRow[]>;
  /** Stops every notifier started so far (run after each test, so a failure cannot leak one). */
  stopNotifiers(): Promise<void>;
  close(): Promise<void>;
}

export interface DeliveryRow {
  id: number;
  event_id: string;
  channel_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  last_status_code: number | null;
}

export const SECRET = 'change-me';

export async function notifierFixture(backend: DatabaseBackend): Promise<NotifierFixture> {
  const database = await backend.create();
  const box = SecretBox.withKey(randomBytes(32));
  const services = createServices(database.db, { sessionTtlMs: 60_000, secretBox: box });
  const receiver = await startWebhookReceiver();
  const running: Notifier[] = [];
  const deliveries = (channelId?: string): Promise<DeliveryRow[]> => {
    let query = database.db
      .selectFrom('deliveries')
      .select([
        'id',
        'event_id',
        'channel_id',
        'status',
        'attempts',
        'last_error',
        'last_status_code',
      ])
      .orderBy('id');
    if (channelId !== undefined) query = query.where('channel_id', '=', channelId);
    return query.execute();
  };
  return {
    database,
    services,
    box,
    receiver,
    async startNotifier(options = {}) {
      const notifier = await startNotifier({
        database,
        box,
        logger: createLogger('silent'),
        concurrency: 8,
        // Long enough that a loaded machine never turns a slow answer into a retry.
        timeoutMs: 10_000,
        maxAttempts: 3,
        retry: { baseMs: 20, maxMs: 100 },
        pollMs: 200,
        ...options,
      });
      running.push(notifier);
      return notifier;
    },
    async hookChannel(name, path, routes = 'all') {
      const channel = await services.channels.create({
        name,
        type: 'webhook',
        config: { url: `${receiver.url}${path}`, secret: SECRET },
      });
      if (routes === 'all') await services.routes.add({ channel_id: channel.id });
      return channel.id;
    },
    deliveries,
    waitForDeliveries(what, check, timeoutMs = 20_000) {
      return waitFor(
        what,
        async () => {
          const rows = await deliveries();
          return check(rows) ? rows : undefined;
        },
        timeoutMs,
      );
    },
    async stopNotifiers() {
      for (const notifier of running.splice(0)) await notifier.stop();
    },
    async close() {
      for (const notifier of running.splice(0)) await notifier.stop();
      await receiver.close();
      await database.drop();
    },
  };
}

/** An outbox row as the evaluator writes one for a transition of monitor `monitorId`. */
export async function monitorEvent(
  database: TestDatabase,
  eventId: string,
  monitorId: string,
  kind = 'monitor.down',
): Promise<void> {
  await insertOutboxEvent(database.db, {
    kind,
    payload: {
      event_id: eventId,
      monitor_id: monitorId,
      monitor_name: `monitor ${monitorId}`,
      from: 'up',
      to: 'down',
      reason: {
        summary: 'down for a test',
        failingRegions: ['a'],
        okRegions: [],
        silentRegions: [],
        slowRegions: [],
      },
      occurred_at: new Date().toISOString(),
    },
  });
}
