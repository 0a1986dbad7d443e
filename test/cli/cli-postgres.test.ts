// The CLI against PostgreSQL (DATABASE_URL): each command opens the database directly.
import { describe } from 'node:test';
import { createServices } from '../../src/services/index.js';
import { openDatabase } from '../../src/store/database.js';
import { createPostgresDatabase } from '../support/databases.js';
import { postgresUnavailable } from '../support/services.js';
import { configScenario } from './config-scenario.js';

describe('vigil CLI on PostgreSQL', { skip: await postgresUnavailable() }, () => {
  configScenario(async () => {
    const created = await createPostgresDatabase();
    const database = await openDatabase({ databaseUrl: created.url, dataDir: '.', poolSize: 2 });
    return {
      env: { DATABASE_URL: created.url, DATA_DIR: '/nonexistent-vigil-cli-test' },
      inspect: (look) => look(database.db, createServices(database.db, { sessionTtlMs: 60_000 })),
      async cleanup() {
        await database.close();
        await created.drop();
      },
    };
  });
});
