// Runs the probe of `vigil start` on a worker thread: its checks and timers get a core of their
// own instead of waiting behind the embedded database, which runs on the main thread's event
// loop. It reaches web's probe ingest through the main thread; a thread that dies is restarted.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { LogLevel } from '../config/env.js';
import { servePortTransport } from '../probe/port-transport.js';
import type { ProbeTransport } from '../probe/transport.js';
import type { ProbeWorkerData } from './probe-worker.js';

// The same entry point as the command, so the thread loads TypeScript sources or built code alike.
const ENTRY = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const MAX_RESTART_DELAY_MS = 30_000;

export interface ProbeThreadOptions {
  region: string;
  bufferDir: string;
  concurrency: number;
  statsLogMs: number;
  logLevel: LogLevel;
  transport: ProbeTransport;
  logger: Pick<Logger, 'info' | 'error'>;
}

export interface ProbeThread {
  stop(): Promise<void>;
}

export async function startProbeThread(options: ProbeThreadOptions): Promise<ProbeThread> {
  let worker = await spawn(options);
  let stopping = false;
  let restartDelayMs = 1_000;
  let restartTimer: NodeJS.Timeout | undefined;
  const restart = (): void => {
    restartTimer = setTimeout(() => {
      spawn(options).then(
        (next) => {
          if (stopping) return void stopWorker(next);
          worker = next;
          restartDelayMs = 1_000;
          watch(next);
        },
        (error: unknown) => {
          options.logger.error({ err: error }, 'probe thread did not start; trying again');
          restartDelayMs = Math.min(restartDelayMs * 2, MAX_RESTART_DELAY_MS);
          if (!stopping) restart();
        },
      );
    }, restartDelayMs);
  };
  const watch = (current: Worker): void => {
    current.once('exit', (code) => {
      if (stopping) return;
      options.logger.error(
        { code, restartInMs: restartDelayMs },
        'probe thread exited; restarting',
      );
      restart();
    });
  };
  watch(worker);
  return {
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await stopWorker(worker);
    },
  };
}

function spawn(options: ProbeThreadOptions): Promise<Worker> {
  const data: ProbeWorkerData = {
    kind: 'vigil-probe-worker',
    region: options.region,
    bufferDir: options.bufferDir,
    concurrency: options.concurrency,
    statsLogMs: options.statsLogMs,
    logLevel: options.logLevel,
  };
  const worker = new Worker(ENTRY, { workerData: data });
  servePortTransport(worker, options.transport);
  return new Promise<Worker>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the probe thread did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    const onMessage = (message: { kind?: string }) => {
      if (message?.kind !== 'started') return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve(worker);
    };
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}

/** Asks the thread to stop its agent (checks in flight finish, results are sent) and waits. */
async function stopWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (message: { kind?: string }) => {
      if (message?.kind === 'stopped') resolve();
    });
  });
  worker.postMessage({ kind: 'stop' });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
  });
  const outcome = await Promise.race([Promise.race([stopped, exited]), late]);
  clearTimeout(timer);
  if (outcome === 'late') await worker.terminate();
  else await Promise.race([exited, worker.terminate().then(() => undefined)]);
}
