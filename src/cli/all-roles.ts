// `vigil start`: every role in one process on one database: web, the evaluator, the notifier, and
// a probe for the region `local` on a thread of its own that reaches web's probe ingest directly,
// not over HTTP.
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import { startEvaluator } from '../evaluator/evaluator-loop.js';
import { inProcessTransport } from '../probe/in-process-transport.js';
import { logStatsEvery } from '../observability/stats-log.js';
import { lockProbeBuffer } from './probe-process.js';
import type { Notifier } from '../notifier/notifier-loop.js';
import { startConfiguredNotifier } from './notifier-process.js';
import { startProbeThread, type ProbeThread } from './probe-thread.js';
import { startWebProcess, type WebProcess } from './web-process.js';

/** The region of the probe inside `vigil start`; monitors checked from it list this region. */
export const LOCAL_REGION = 'local';

export async function startAllRoles(config: VigilConfig, logger: Logger): Promise<WebProcess> {
  const running = await startWebProcess(config, logger);
  const { database, services } = running.web;
  let evaluator: Awaited<ReturnType<typeof startEvaluator>> | undefined;
  let notifier: Notifier | undefined;
  let probe: ProbeThread | undefined;
  let bufferLock: ReturnType<typeof lockProbeBuffer> | undefined;
  try {
    bufferLock = lockProbeBuffer(config.probe.bufferDir);
    evaluator = await startEvaluator({
      database,
      logger: logger.child({ role: 'evaluator' }),
      concurrency: config.evaluatorConcurrency,
    });
    notifier = await startConfiguredNotifier(
      config,
      database,
      running.web.secretBox,
      logger.child({ role: 'notifier' }),
    );
    probe = await startProbeThread({
      region: LOCAL_REGION,
      transport: inProcessTransport(services.probeIngest, LOCAL_REGION),
      bufferDir: config.probe.bufferDir,
      concurrency: config.probe.concurrency,
      statsLogMs: config.statsLogMs,
      logLevel: config.logLevel,
      logger: logger.child({ role: 'probe', region: LOCAL_REGION }),
    });
  } catch (error) {
    await notifier?.stop();
    await evaluator?.stop();
    bufferLock?.release();
    await running.stop();
    throw error;
  }
  const stopStats = [
    // The probe thread logs its own counters.
    logStatsEvery(
      logger.child({ role: 'evaluator' }),
      'evaluator stats',
      config.statsLogMs,
      evaluator.metrics,
    ),
    logStatsEvery(
      logger.child({ role: 'notifier' }),
      'notifier stats',
      config.statsLogMs,
      notifier.metrics,
    ),
  ];
  return {
    ...running,
    async stop() {
      for (const stop of stopStats) stop();
      // The probe's last results go into the database before the evaluator and web stop.
      await probe?.stop();
      bufferLock?.release();
      await evaluator?.stop();
      // Last, so that events the evaluator wrote while stopping are still delivered.
      await notifier?.stop();
      await running.stop();
    },
  };
}
