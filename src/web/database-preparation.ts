// What web needs from the database before it is ready: migrations applied, the first admin created
// from VIGIL_ADMIN_EMAIL, the one-time setup token issued. On PostgreSQL, a database that cannot be
// reached at start does not stop the process: it serves what the shared cache holds (503 for the
// rest, /readyz failing) and prepares by itself, with backoff, once the database answers.
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import type { Services } from '../services/index.js';
import type { VigilDatabase } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { isConnectionError } from '../store/sql-errors.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;

export interface DatabasePreparation {
  /** The setup token, once issued (null when an admin exists or before preparation). */
  readonly setupToken: string | null;
  /** Resolves when preparation has succeeded (at once when it did at start). */
  readonly finished: Promise<void>;
  stop(): void;
}

export interface PreparationOptions {
  config: VigilConfig;
  database: VigilDatabase;
  services: Services;
  logger: Logger;
  /** False when the caller migrated the database already (tests, `vigil start`'s own). */
  migrate: boolean;
}

/** Prepares now; on an unreachable PostgreSQL at start, goes on in the background instead. */
export async function prepareDatabase(options: PreparationOptions): Promise<DatabasePreparation> {
  let setupToken: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const attempt = async (): Promise<void> => {
    if (options.migrate) {
      const applied = await migrate(options.database);
      if (applied.length > 0) options.logger.info({ applied }, 'database migrations applied');
    }
    const { config, services } = options;
    if (await services.auth.bootstrapAdmin(config.adminEmail, config.adminPassword)) {
      options.logger.info(
        { email: config.adminEmail },
        'admin user created from VIGIL_ADMIN_EMAIL',
      );
    }
    setupToken = await services.auth.issueSetupToken();
    finish();
  };

  try {
    await attempt();
  } catch (error) {
    if (options.database.kind !== 'postgres' || !isConnectionError(error)) throw error;
    options.logger.warn(
      { err: error },
      'database unreachable at start; serving cached pages and preparing once it answers',
    );
    let delayMs = FIRST_RETRY_MS;
    const retry = (): void => {
      timer = setTimeout(() => {
        attempt().then(
          () => options.logger.info('database reachable; web prepared and ready'),
          () => {
            delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
            if (!stopped) retry();
          },
        );
      }, delayMs);
    };
    retry();
  }

  return {
    get setupToken() {
      return setupToken;
    },
    finished,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
