// Runs the `web` role: opens and migrates the database, creates the first admin or prints a setup
// token, keeps page snapshots fresh from change notices, serves HTTP, and drains on SIGTERM.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import { PageSnapshots } from '../cache/page-snapshots.js';
import { createServices, type Services } from '../services/index.js';
import type { SecretBox } from '../services/secret-box.js';
import { openSecretBox } from '../services/secret-key-file.js';
import { CHANGE_CHANNEL } from '../store/change-channel.js';
import { openDatabase, type VigilDatabase } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { startRetentionJob, type RetentionJob } from '../store/retention.js';
import { buildWebApp } from './app.js';
import { startMaintenanceClock } from './maintenance-clock.js';

export interface RunningWeb {
  app: FastifyInstance;
  database: VigilDatabase;
  services: Services;
  /** Encrypts and decrypts channel secrets (the notifier of `vigil start` shares it). */
  secretBox: SecretBox;
  snapshots: PageSnapshots;
  /** Drops old check results and rollups hourly (one instance at a time, by advisory lock). */
  retention: RetentionJob;
  /** The address the server listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  setupToken: string | null;
  stop(): Promise<void>;
}

export async function openAndMigrate(
  config: VigilConfig,
  logger: Logger,
  /** Told of every lost connection; by default each one is logged as a warning. */
  onConnectionProblem: (error: Error) => void = (error) =>
    logger.warn({ err: error }, 'database connection problem; reconnecting'),
): Promise<VigilDatabase> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    onListenError: onConnectionProblem,
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
  const db = database ?? (await openAndMigrate(config, logger));
  const secretBox = openSecretBox(
    { secretKey: config.secretKey, databaseKind: db.kind, localDir: db.localDir },
    logger,
  );
  const services = createServices(db.db, { sessionTtlMs: config.sessionTtlMs, secretBox });
  if (await services.auth.bootstrapAdmin(config.adminEmail, config.adminPassword)) {
    logger.info({ email: config.adminEmail }, 'admin user created from VIGIL_ADMIN_EMAIL');
  }
  const setupToken = await services.auth.issueSetupToken();
  const snapshots = new PageSnapshots(db.db);
  const clock = startMaintenanceClock(services.incidents, logger);
  const unlisten = await db.listen(CHANGE_CHANNEL, (pageId) => {
    snapshots.invalidate(pageId || '*');
    clock.replan();
  });
  let draining = false;
  const app = await buildWebApp({
    config,
    services,
    snapshots,
    database: db,
    logger,
    isDraining: () => draining,
  });
  await app.listen({ host: config.host, port: config.port });
  // Started once serving works, so a failed start leaves no timer behind.
  const retention = startRetentionJob({
    database: db,
    retentionDays: config.retentionDays,
    logger,
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // With PORT=0 (tests, ad-hoc runs) the derived base URL only becomes known now.
  if (config.baseUrl.endsWith(':0')) config.baseUrl = url;
  if (setupToken) {
    logger.warn(
      { setupUrl: `${config.baseUrl}/admin/setup` },
      `No admin user exists yet. Open /admin/setup and enter this one-time setup token: ${setupToken}`,
    );
  }
  return {
    app,
    database: db,
    services,
    secretBox,
    snapshots,
    retention,
    url,
    setupToken,
    async stop() {
      draining = true;
      clock.stop();
      await retention.stop();
      await app.close();
      await unlisten();
      await snapshots.idle();
      if (!database) await db.close();
    },
  };
}
