// `vigil start` (every role in one process on the embedded database), `vigil serve --role
// web|evaluator|notifier|probe` and `vigil migrate`. Heavy modules load inside the actions so that other commands start quickly.
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadConfig, type VigilConfig } from '../config/env.js';
import { CliError } from './cli-error.js';
import type { ProbeOptions } from './probe-process.js';

export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description(
      'Run every Vigil service in one process: web, the evaluator, the notifier and a probe for the region "local" ' +
        '(embedded database under DATA_DIR unless DATABASE_URL is set). ' +
        'On the embedded database it also listens on DATA_DIR/vigil.sock so that other vigil commands work meanwhile.',
    )
    .action(async () => {
      const config = loadConfig();
      const { createLogger } = await import('../observability/logger.js');
      const { startAllRoles } = await import('./all-roles.js');
      const logger = createLogger(config.logLevel);
      const running = await startAllRoles(config, logger);
      logger.info(
        { url: running.web.url, baseUrl: config.baseUrl, database: running.web.database.kind },
        'Vigil is running',
      );
      stopOnSignals(logger, () => running.stop());
    });

  program
    .command('serve')
    .description(
      'Run one Vigil service as its own process (for horizontally scaled deployments). ' +
        'web, evaluator and notifier use DATABASE_URL; a probe talks only to web: ' +
        'vigil serve --role probe --region eu-west --server https://status.example.com --token TOKEN ' +
        '(or VIGIL_PROBE_REGION, VIGIL_PROBE_SERVER, VIGIL_PROBE_TOKEN_FILE).',
    )
    .requiredOption('--role <role>', `which service: ${ROLES.join(', ')}`)
    .option('--region <name>', 'probe: region it checks from (VIGIL_PROBE_REGION)')
    .option('--server <url>', 'probe: URL of the web service (VIGIL_PROBE_SERVER)')
    .option(
      '--token <token>',
      'probe: token from `vigil probe-token create` (VIGIL_PROBE_TOKEN; VIGIL_PROBE_TOKEN_FILE keeps it out of `ps`)',
    )
    .action(async (options: ServeOptions) => {
      const config = loadConfig();
      const role = requireRole(options);
      const { createLogger } = await import('../observability/logger.js');
      const logger = createLogger(config.logLevel).child({ role });
      const stop = await startRole(role, options, config, logger);
      stopOnSignals(logger, stop);
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

const ROLES = ['web', 'evaluator', 'notifier', 'probe'] as const;
type Role = (typeof ROLES)[number];

interface ServeOptions extends ProbeOptions {
  role: string;
}

function requireRole(options: ServeOptions): Role {
  const role = ROLES.find((known) => known === options.role);
  if (!role) {
    throw new CliError(
      `unknown role ${JSON.stringify(options.role)}; this version has: ${ROLES.join(', ')}`,
    );
  }
  const probeOnly = (['region', 'server', 'token'] as const).filter((o) => options[o]);
  if (role !== 'probe' && probeOnly.length > 0) {
    throw new CliError(`--${probeOnly.join(', --')} only apply to --role probe`);
  }
  return role;
}

async function startRole(
  role: Role,
  options: ServeOptions,
  config: VigilConfig,
  logger: Logger,
): Promise<() => Promise<void>> {
  if (role === 'web') {
    const { startWebProcess } = await import('./web-process.js');
    const running = await startWebProcess(config, logger);
    logger.info({ url: running.web.url }, 'web role listening');
    return () => running.stop();
  }
  if (role === 'evaluator') {
    const { startEvaluatorProcess } = await import('./evaluator-process.js');
    const running = await startEvaluatorProcess(config, logger);
    logger.info('evaluator role running');
    return () => running.stop();
  }
  if (role === 'notifier') {
    const { startNotifierProcess } = await import('./notifier-process.js');
    const running = await startNotifierProcess(config, logger);
    logger.info('notifier role running');
    return () => running.stop();
  }
  const { probeSettings, startProbeProcess } = await import('./probe-process.js');
  const settings = probeSettings(options, config);
  const running = await startProbeProcess(settings, logger);
  logger.info(
    { region: settings.region, server: settings.serverUrl, agentId: running.agent.agentId },
    'probe role running',
  );
  return () => running.stop();
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
