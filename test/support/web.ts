// Starts the real `web` service in this process on an ephemeral port over a test database.
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/observability/logger.js';
import { startWeb, type RunningWeb } from '../../src/web/server.js';
import type { TestDatabase } from './databases.js';

export const TEST_ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

export interface TestWeb extends RunningWeb {
  baseUrl: string;
  /** Stops the server and drops the database. */
  close(): Promise<void>;
}

export async function startTestWeb(
  database: TestDatabase,
  env: Record<string, string> = {},
): Promise<TestWeb> {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: '/nonexistent-vigil-test-dir',
    LOG_LEVEL: process.env.VIGIL_TEST_LOG_LEVEL ?? 'silent',
    VIGIL_ADMIN_EMAIL: TEST_ADMIN.email,
    VIGIL_ADMIN_PASSWORD: TEST_ADMIN.password,
    VIGIL_LOGIN_RATE_LIMIT: '1000',
    ...env,
  });
  const web = await startWeb(config, createLogger(config.logLevel), database);
  return Object.assign(web, {
    baseUrl: web.url,
    async close() {
      await web.stop();
      await database.drop();
    },
  });
}
