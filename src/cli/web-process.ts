// Runs the `web` role as a process: on the embedded database it first takes the DATA_DIR lock, and
// once serving it opens the control socket through which CLI commands run in this process.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import { startControlServer } from '../control/control-server.js';
import { isLockOwner, tryLockDataDir, type DataDirLock } from '../control/data-dir-lock.js';
import { controlSocketPath } from '../control/local-files.js';
import { startWeb, type RunningWeb } from '../web/server.js';
import { CliError } from './cli-error.js';

/** A CLI command holding the embedded database finishes in seconds; wait that long for it. */
const COMMAND_WAIT_MS = 60_000;

export interface WebProcess {
  web: RunningWeb;
  /** The control socket, when this process owns an embedded database. */
  socketPath: string | undefined;
  stop(): Promise<void>;
}

export async function startWebProcess(config: VigilConfig, logger: Logger): Promise<WebProcess> {
  const embedded = !config.databaseUrl;
  const lock = embedded ? await lockForServer(config.dataDir, logger) : undefined;
  let web: RunningWeb;
  try {
    web = await startWeb(config, logger);
  } catch (error) {
    lock?.release();
    throw error;
  }
  let control: Awaited<ReturnType<typeof startControlServer>> | undefined;
  if (embedded) {
    try {
      control = await startControlServer({
        socketPath: controlSocketPath(config.dataDir),
        context: { db: web.database.db, services: web.services },
        logger,
      });
    } catch (error) {
      await web.stop();
      lock?.release();
      throw new CliError(
        `cannot open the control socket ${controlSocketPath(config.dataDir)}: ${(error as Error).message}` +
          ' (Unix socket paths are limited to about 100 characters; use a shorter DATA_DIR)',
      );
    }
    logger.info({ socket: control.socketPath }, 'control socket ready for vigil commands');
  }
  return {
    web,
    socketPath: control?.socketPath,
    async stop() {
      // Commands in flight finish first; new ones then open the database themselves.
      await control?.close();
      await web.stop();
      lock?.release();
    },
  };
}

async function lockForServer(dataDir: string, logger: Logger): Promise<DataDirLock> {
  const deadline = Date.now() + COMMAND_WAIT_MS;
  let told = false;
  for (;;) {
    const lock = tryLockDataDir(dataDir, 'server');
    if (!isLockOwner(lock)) return lock;
    if (lock.role === 'server') {
      throw new CliError(`Vigil is already running on ${dataDir} (pid ${lock.pid})`);
    }
    if (Date.now() > deadline) {
      throw new CliError(`${dataDir} is still in use by a vigil command (pid ${lock.pid})`);
    }
    if (!told) {
      logger.info(
        { pid: lock.pid },
        'waiting for a vigil command to finish with the data directory',
      );
      told = true;
    }
    await delay(100);
  }
}
