// Runs the `evaluator` role as a process on PostgreSQL: applies the rules to stored results
// until SIGTERM. The embedded database cannot be shared, so it is refused with the way out.
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import { startEvaluator } from '../evaluator/evaluator-loop.js';
import { logStatsEvery } from '../observability/stats-log.js';
import { openAndMigrate } from '../web/server.js';
import { requireSharedDatabase } from './shared-database.js';

export async function startEvaluatorProcess(
  config: VigilConfig,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  requireSharedDatabase(config, 'evaluator');
  const database = await openAndMigrate(config, logger);
  const evaluator = await startEvaluator({
    database,
    logger,
    concurrency: config.evaluatorConcurrency,
  });
  const stopStats = logStatsEvery(logger, 'evaluator stats', config.statsLogMs, evaluator.metrics);
  return {
    async stop() {
      stopStats();
      await evaluator.stop();
      await database.close();
    },
  };
}
