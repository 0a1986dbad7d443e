// Runs the `web` role: opens and migrates the database, creates the first admin or prints a setup
// token, keeps page snapshots fresh from change notices (shared through Redis when REDIS_URL is
// set), serves HTTP, and drains on SIGTERM. PostgreSQL or Redis being down never stops it: pages
// are served from the last snapshots and everything reconnects by itself.
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import { PageSnapshots } from '../cache/page-snapshots.js';
import { openRedis, type RedisConnection } from '../cache/redis-connection.js';
import { SharedSnapshots } from '../cache/shared-snapshots.js';
import { logStatsEvery } from '../observability/stats-log.js';
import { createServices, type Services } from '../services/index.js';
import { errorReason, OutageLog } from '../observability/outage-log.js';
import type { SecretBox } from '../services/secret-box.js';
import { openSecretBox } from '../services/secret-key-file.js';
import { openDatabase, type VigilDatabase } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { startRetentionJob, type RetentionJob } from '../store/retention.js';
import { buildWebApp } from './app.js';
import { listenForChanges } from './change-listener.js';
import { DatabaseOutage } from './database-outage.js';
import { watchDatabase, type DatabaseWatch } from './database-watch.js';
import { prepareDatabase } from './database-preparation.js';
import { startMaintenanceClock } from './maintenance-clock.js';
import { rateCounterFor } from './rate-limit-store.js';

export interface RunningWeb {
  app: FastifyInstance;
  database: VigilDatabase;
  services: Services;
  /** Encrypts and decrypts channel secrets (the notifier of `vigil start` shares it). */
  secretBox: SecretBox;
  snapshots: PageSnapshots;
  /** The shared Redis connection, when REDIS_URL is set. */
  redis: RedisConnection | undefined;
  /** Reachability of PostgreSQL (absent on the embedded database, which cannot be unreachable). */
  databaseWatch: DatabaseWatch | undefined;
  /** Drops old check results and rollups hourly (one instance at a time, by advisory lock). */
  retention: RetentionJob;
  /** The address the server listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The one-time setup token printed at start (null when an admin exists, or until prepared). */
  setupToken: string | null;
  stop(): Promise<void>;
}

export async function openAndMigrate(
  config: VigilConfig,
  logger: Logger,
  /** Told of every lost connection; by default an outage is logged once, not per attempt. */
  onConnectionProblem?: (error: Error) => void,
): Promise<VigilDatabase> {
  // A restart of PostgreSQL is one warning and one "back" line, not a stack per attempt.
  const notices = new OutageLog(logger, 'the database connection for change notices (LISTEN)');
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    onListenError: onConnectionProblem ?? ((error) => notices.failed(error)),
    onListenRestored: () => notices.recovered(),
    onPoolError: (error) =>
      logger.debug(
        { reason: errorReason(error) },
        'an idle database connection failed; the pool opens a new one when needed',
      ),
  });
  const applied = await migrate(database);
  if (applied.length > 0) logger.info({ applied }, 'database migrations applied');
  return database;
}

export async function startWeb(
  config: VigilConfig,
  logger: Logger,
  database?: VigilDatabase,
): Promise<RunningWeb> {
  // One line when PostgreSQL goes away and one when it is back, however many things notice
  // (requests, LISTEN, the health watch): made once the database is open, told by all of them.
  const told: { outage?: DatabaseOutage } = {};
  const db =
    database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      onListenError: (error) => told.outage?.failed(error),
      onListenRestored: () => told.outage?.recovered(),
      onPoolError: (error) =>
        logger.debug(
          { reason: errorReason(error) },
          'an idle database connection failed; the pool opens a new one when needed',
        ),
    }));
  const secretBox = openSecretBox(
    {
      secretKey: config.secretKey,
      previousKeys: config.previousSecretKeys,
      databaseKind: db.kind,
      localDir: db.localDir,
    },
    logger,
  );
  const services = createServices(db.db, {
    sessionTtlMs: config.sessionTtlMs,
    probeHeartbeatMs: config.probeHeartbeatMs,
    secretBox,
    mail: config.mail,
  });
  const outage = new DatabaseOutage(db, logger);
  told.outage = outage;
  const tolerateOutage = db.kind === 'postgres';
  const preparation = await prepareDatabase({
    config,
    database: db,
    services,
    logger,
    migrate: !database,
  }).catch(async (error: unknown) => {
    if (!database) await db.close();
    throw error;
  });
  // Undone in reverse order if the start fails (a port in use, say), so nothing is left running.
  const undo: Array<() => unknown> = [];
  if (!database) undo.push(() => db.close());
  undo.push(() => preparation.stop());
  const redis = config.redisUrl ? openRedis(config.redisUrl, logger) : undefined;
  if (redis) undo.push(() => redis.close());
  const watch = tolerateOutage
    ? watchDatabase(db.db, {
        staleAfterMs: config.staleAfterMs,
        onChange: (reachable) =>
          reachable
            ? outage.recovered()
            : outage.failed(new Error('no answer to the health query')),
      })
    : undefined;
  undo.push(() => watch?.stop());
  const snapshots = new PageSnapshots(db.db, {
    shared: redis ? new SharedSnapshots(redis) : undefined,
    databaseDown: () => watch !== undefined && !watch.reachable,
  });
  const rateLimits = rateCounterFor({
    database: db,
    redis,
    logger,
    timeoutMs: config.rateLimitTimeoutMs,
  });
  logger.info({ rateLimits: rateLimits.backend, sharedSnapshots: Boolean(redis) }, 'web state');
  const clock = startMaintenanceClock(services.incidents, logger);
  undo.push(() => clock.stop());
  let draining = false;
  let unlisten: () => Promise<void>;
  let app: FastifyInstance;
  try {
    unlisten = await listenForChanges(
      db,
      (pageId) => {
        snapshots.invalidate(pageId || '*');
        clock.replan();
      },
      logger,
      tolerateOutage,
    );
    undo.push(unlisten);
    app = await buildWebApp({
      config,
      services,
      snapshots,
      database: db,
      logger,
      isDraining: () => draining,
      rateCounter: rateLimits.counter,
      secretBox,
      staleSince: () => watch?.staleSince(),
      databaseOutage: outage,
    });
    undo.push(() => app.close());
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => undefined);
    throw error;
  }
  // Started once serving works, so a failed start leaves no timer behind.
  const retention = startRetentionJob({
    database: db,
    retentionDays: config.retentionDays,
    notificationRetentionDays: config.notificationRetentionDays,
    logger,
  });
  const stopStats = logStatsEvery(logger, 'web cache stats', config.statsLogMs, () => ({
    ...snapshots.stats(),
    redisErrors: redis?.errors ?? 0,
    databaseReachable: watch?.reachable ?? true,
  }));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // With PORT=0 (tests, ad-hoc runs) the derived base URL only becomes known now.
  if (config.baseUrl.endsWith(':0')) config.baseUrl = url;
  void preparation.finished.then(() => {
    if (!preparation.setupToken) return;
    logger.warn(
      { setupUrl: `${config.baseUrl}/admin/setup` },
      `No admin user exists yet. Open /admin/setup and enter this one-time setup token: ${preparation.setupToken}`,
    );
  });
  return {
    app,
    database: db,
    services,
    secretBox,
    snapshots,
    redis,
    databaseWatch: watch,
    retention,
    url,
    setupToken: preparation.setupToken,
    async stop() {
      // Draining: /readyz fails and responses close their connections, so balancers move away
      // while this instance still answers; only then does the port close (see VIGIL_DRAIN_SECONDS).
      draining = true;
      if (config.drainMs > 0) {
        logger.info({ seconds: config.drainMs / 1000 }, 'draining before closing the port');
        await delay(config.drainMs);
      }
      preparation.stop();
      stopStats();
      watch?.stop();
      clock.stop();
      await retention.stop();
      await app.close();
      await unlisten();
      await snapshots.idle();
      await redis?.close();
      if (!database) await db.close();
    },
  };
}
