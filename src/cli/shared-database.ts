// Roles that run as processes of their own beside web (evaluator, notifier) need PostgreSQL:
// the embedded database can be opened by one process only.
import type { VigilConfig } from '../config/env.js';
import { CliError } from './cli-error.js';

export function requireSharedDatabase(config: VigilConfig, role: string): void {
  if (config.databaseUrl) return;
  throw new CliError(
    `the ${role} role needs DATABASE_URL (PostgreSQL): the embedded database (PGlite) can be ` +
      'opened by one process only. Set DATABASE_URL, or run `vigil start` to run every role in one process.',
  );
}
