// `vigil start` (every role in one process on the embedded database) and `vigil serve --role`.
import type { Command } from 'commander';
import { loadConfig } from '../config/env.js';
import { createLogger } from '../observability/logger.js';
import { startWeb } from '../web/server.js';
import { openAndMigrate } from '../web/server.js';

export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description(
      'Run every Vigil service in one process (embedded database under DATA_DIR unless DATABASE_URL is set).',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const web = await startWeb(config, logger);
      logger.info(
        { url: web.url, baseUrl: config.baseUrl, database: web.database.kind },
        'Vigil is running',
      );
      stopOnSignals(logger, () => web.stop());
    });

  program
    .command('serve')
    .description('Run one Vigil service as its own process (for horizontally scaled deployments).')
    .requiredOption('--role <role>', 'which service: web')
    .action(async (options: { role: string }) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel).child({ role: options.role });
      if (options.role !== 'web') {
        throw Object.assign(
          new Error(`unknown role ${JSON.stringify(options.role)}; this version has: web`),
          { userFacing: true },
        );
      }
      const web = await startWeb(config, logger);
      logger.info({ url: web.url }, 'web role listening');
      stopOnSignals(logger, () => web.stop());
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit (they also run at every start).')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const database = await openAndMigrate(config, logger);
      await database.close();
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
