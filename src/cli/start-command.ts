// `vigil start` (every role in one process on the embedded database), `vigil serve --role` and
// `vigil migrate`. Heavy modules load inside the actions so that other commands start quickly.
import type { Command } from 'commander';
import { loadConfig } from '../config/env.js';
import { CliError } from './cli-error.js';

export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description(
      'Run every Vigil service in one process (embedded database under DATA_DIR unless DATABASE_URL is set). ' +
        'On the embedded database it also listens on DATA_DIR/vigil.sock so that other vigil commands work meanwhile.',
    )
    .action(async () => {
      const config = loadConfig();
      const { createLogger } = await import('../observability/logger.js');
      const { startWebProcess } = await import('./web-process.js');
      const logger = createLogger(config.logLevel);
      const running = await startWebProcess(config, logger);
      logger.info(
        { url: running.web.url, baseUrl: config.baseUrl, database: running.web.database.kind },
        'Vigil is running',
      );
      stopOnSignals(logger, () => running.stop());
    });

  program
    .command('serve')
    .description('Run one Vigil service as its own process (for horizontally scaled deployments).')
    .requiredOption('--role <role>', 'which service: web')
    .action(async (options: { role: string }) => {
      const config = loadConfig();
      if (options.role !== 'web') {
        throw new CliError(`unknown role ${JSON.stringify(options.role)}; this version has: web`);
      }
      const { createLogger } = await import('../observability/logger.js');
      const { startWebProcess } = await import('./web-process.js');
      const logger = createLogger(config.logLevel).child({ role: options.role });
      const running = await startWebProcess(config, logger);
      logger.info({ url: running.web.url }, 'web role listening');
      stopOnSignals(logger, () => running.stop());
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit (they also run at every start).')
    .action(async () => {
      const config = loadConfig();
      const { createLogger } = await import('../observability/logger.js');
      const { openAndMigrate } = await import('../web/server.js');
      const logger = createLogger(config.logLevel);
      const { tryLockDataDir, isLockOwner } = await import('../control/data-dir-lock.js');
      const lock = config.databaseUrl ? undefined : tryLockDataDir(config.dataDir, 'command');
      if (lock && isLockOwner(lock)) {
        throw new CliError(
          `${config.dataDir} is in use (pid ${lock.pid}); a running server has already migrated it`,
        );
      }
      try {
        const database = await openAndMigrate(config, logger);
        await database.close();
      } finally {
        lock?.release();
      }
      logger.info('database schema is current');
    });
}

function stopOnSignals(
  logger: { info: (msg: string) => void; error: (obj: unknown, msg: string) => void },
  stop: () => Promise<void>,
): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing requests in flight, then exiting`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
