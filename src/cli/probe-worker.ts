// The thread the probe of `vigil start` runs on: started by all-roles.ts through bin/vigil.js
// (so TypeScript sources and the built code load the same way), it runs one probe agent whose
// transport is the message port, and stops it when the main thread says so.
import { parentPort, workerData } from 'node:worker_threads';
import type { LogLevel } from '../config/env.js';
import { createLogger } from '../observability/logger.js';
import { logStatsEvery } from '../observability/stats-log.js';
import { startProbeAgent } from '../probe/agent.js';
import { PortTransport } from '../probe/port-transport.js';

export interface ProbeWorkerData {
  kind: 'vigil-probe-worker';
  region: string;
  bufferDir: string;
  concurrency: number;
  statsLogMs: number;
  logLevel: LogLevel;
}

export function isProbeWorker(data: unknown): data is ProbeWorkerData {
  return (data as ProbeWorkerData | undefined)?.kind === 'vigil-probe-worker';
}

export async function runProbeWorker(): Promise<void> {
  const port = parentPort;
  const data = workerData as unknown;
  if (!port || !isProbeWorker(data)) throw new Error('runProbeWorker runs in a probe worker only');
  const logger = createLogger(data.logLevel).child({ role: 'probe' });
  const transport = new PortTransport(port);
  const started = startProbeAgent({
    region: data.region,
    transport,
    bufferDir: data.bufferDir,
    concurrency: data.concurrency,
    logger,
  }).then((agent) => ({
    agent,
    stopStats: logStatsEvery(logger, 'probe stats', data.statsLogMs, agent.metrics),
  }));
  let stopping: Promise<void> | undefined;
  port.on('message', (message: { kind?: string }) => {
    if (transport.receive(message) || message?.kind !== 'stop') return;
    // A stop may come while the agent is still starting: it stops once started.
    stopping ??= started
      .then(async ({ agent, stopStats }) => {
        stopStats();
        await agent.stop();
      })
      .finally(() => {
        port.postMessage({ kind: 'stopped' });
        port.close();
      });
  });
  await started;
  port.postMessage({ kind: 'started' });
}
