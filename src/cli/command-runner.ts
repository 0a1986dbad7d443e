// Runs a management command where the database is: in the running server through its control
// socket when there is one (PGlite lets only one process open DATA_DIR), else in this process,
// opening PostgreSQL (DATABASE_URL) or the embedded database under the DATA_DIR lock.
import { setTimeout as delay } from 'node:timers/promises';
import type { VigilConfig } from '../config/env.js';
import type { CommandOutput } from '../control/command.js';
import { CONTROL_COMMANDS } from '../control/commands/index.js';
import { callControlServer } from '../control/control-client.js';
import { isLockOwner, tryLockDataDir } from '../control/data-dir-lock.js';
import { controlSocketPath, lockFilePath } from '../control/local-files.js';
import { createServices } from '../services/index.js';
import { openSecretBox, type KeyLogger } from '../services/secret-key-file.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { CliError } from './cli-error.js';

/** Notes about the secret key go to stderr: stdout carries the command's output (e.g. a key). */
const STDERR_NOTES: KeyLogger = {
  info: (fields, message) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
  warn: (fields, message) =>
    process.stderr.write(`warning: ${message} ${JSON.stringify(fields)}\n`),
};

/** How long to wait for a server that is starting (first start creates the database) or another command. */
const BUSY_WAIT_MS = 60_000;
const POLL_MS = 100;

export async function runCommand(
  config: VigilConfig,
  name: string,
  args: Record<string, unknown>,
): Promise<CommandOutput> {
  if (config.databaseUrl) return runHere(config, name, args);
  const socketPath = controlSocketPath(config.dataDir);
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    const answer = await callControlServer(socketPath, name, args);
    if (answer.ran) return answer.output;
    const lock = tryLockDataDir(config.dataDir, 'command');
    if (!isLockOwner(lock)) {
      try {
        return await runHere(config, name, args);
      } finally {
        lock.release();
      }
    }
    if (Date.now() > deadline) {
      const who =
        lock.role === 'server'
          ? `a Vigil server (pid ${lock.pid}) that does not answer on ${socketPath}`
          : `another vigil command (pid ${lock.pid})`;
      throw new CliError(
        `${config.dataDir} is in use by ${who}. If no such process is running, delete ${lockFilePath(config.dataDir)}.`,
      );
    }
    await delay(POLL_MS);
  }
}

async function runHere(
  config: VigilConfig,
  name: string,
  args: Record<string, unknown>,
): Promise<CommandOutput> {
  const command = CONTROL_COMMANDS[name];
  if (!command) throw new Error(`unknown control command ${name}`);
  const parsed = command.parse(args);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    await migrate(database);
    const secretBox = openSecretBox(
      {
        secretKey: config.secretKey,
        previousKeys: config.previousSecretKeys,
        databaseKind: database.kind,
        localDir: database.localDir,
      },
      STDERR_NOTES,
    );
    const services = createServices(database.db, {
      sessionTtlMs: config.sessionTtlMs,
      secretBox,
      mail: config.mail,
    });
    return await command.run({ db: database.db, services }, parsed);
  } finally {
    await database.close();
  }
}
