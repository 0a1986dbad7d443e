// Runs the `notifier` role as a process on PostgreSQL: delivers notification events until
// SIGTERM. Any number of notifiers may run at once; they share the work through row locks and
// leases (see notifier/delivery-engine.ts). The embedded database cannot be shared, so it is
// refused with the way out, as for the evaluator.
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import { startNotifier, type Notifier } from '../notifier/notifier-loop.js';
import { createSubscriberSender } from '../notifier/subscribers/subscriber-sender.js';
import { logStatsEvery } from '../observability/stats-log.js';
import { outageLog } from '../observability/outage-log.js';
import type { SecretBox } from '../services/secret-box.js';
import { openSecretBox } from '../services/secret-key-file.js';
import type { VigilDatabase } from '../store/database.js';
import { openAndMigrate } from '../web/server.js';
import { requireSharedDatabase } from './shared-database.js';

export async function startNotifierProcess(
  config: VigilConfig,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  requireSharedDatabase(config, 'notifier');
  const outage = outageLog(logger, 'database');
  const database = await openAndMigrate(config, logger, (error) => outage.failed(error));
  try {
    const box = openSecretBox(
      {
        secretKey: config.secretKey,
        previousKeys: config.previousSecretKeys,
        databaseKind: database.kind,
        localDir: database.localDir,
      },
      logger,
    );
    const notifier = await startConfiguredNotifier(config, database, box, logger, outage);
    const stopStats = logStatsEvery(logger, 'notifier stats', config.statsLogMs, notifier.metrics);
    return {
      async stop() {
        stopStats();
        await notifier.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The notifier with the settings of VIGIL_NOTIFIER_*; `vigil start` runs it in-process too. */
export async function startConfiguredNotifier(
  config: VigilConfig,
  database: VigilDatabase,
  box: SecretBox,
  logger: Logger,
  outage?: ReturnType<typeof outageLog>,
): Promise<Notifier> {
  if (box.missingReason) {
    logger.warn(
      { reason: box.missingReason },
      'channel secrets cannot be read: deliveries to channels with a secret will fail',
    );
  }
  const subscribers = createSubscriberSender({
    db: database.db,
    mail: config.mail,
    baseUrl: config.baseUrl,
    webhookAllowPrivate: config.subscribers.webhookAllowPrivate,
  });
  const notifier = await startNotifier({
    database,
    box,
    logger,
    subscribers,
    concurrency: config.notifier.concurrency,
    timeoutMs: config.notifier.timeoutMs,
    maxAttempts: config.notifier.maxAttempts,
    retry: { baseMs: config.notifier.retryBaseMs, maxMs: config.notifier.retryMaxMs },
    mail: config.mail,
    ...(outage ? { outage } : {}),
  });
  return {
    get notifierId() {
      return notifier.notifierId;
    },
    wake: () => notifier.wake(),
    metrics: () => notifier.metrics(),
    async stop() {
      await notifier.stop();
      subscribers.close();
    },
  };
}
