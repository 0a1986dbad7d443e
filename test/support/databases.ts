// The two database backends every store and web suite runs on: embedded PGlite, and the real
// PostgreSQL of the machine (a fresh database per use, dropped afterwards).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type VigilDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import { POSTGRES_ADMIN_URL, POSTGRES_SOCKET_DIR, postgresUnavailable } from './services.js';

export interface TestDatabase extends VigilDatabase {
  /** Connection string (PostgreSQL) so other processes can open the same database. */
  url: string | undefined;
  /** Closes and removes the database. */
  drop(): Promise<void>;
}

export interface DatabaseBackend {
  name: 'pglite' | 'postgres';
  /** False when usable, else why the suite is skipped. */
  skip: string | false;
  create(): Promise<TestDatabase>;
}

export async function databaseBackends(): Promise<DatabaseBackend[]> {
  return [
    { name: 'pglite', skip: false, create: createPGlite },
    { name: 'postgres', skip: await postgresUnavailable(), create: createPostgres },
  ];
}

async function createPGlite(): Promise<TestDatabase> {
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  return Object.assign(database, { url: undefined, drop: () => database.close() });
}

export async function createPostgresDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * The same database over the Unix socket: for a process inside a network namespace, which has no
 * route to 127.0.0.1:5432 of the root namespace but shares its filesystem.
 */
export function postgresSocketUrl(url: string): string {
  const parsed = new URL(url);
  const password = parsed.password ? `:${parsed.password}` : '';
  const user = parsed.username ? `${parsed.username}${password}@` : '';
  const query = new URLSearchParams({ host: POSTGRES_SOCKET_DIR, port: parsed.port || '5432' });
  return `postgres://${user}${parsed.pathname}?${query}`;
}

async function createPostgres(): Promise<TestDatabase> {
  const created = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: created.url, dataDir: '.', poolSize: 4 });
  await migrate(database);
  return Object.assign(database, {
    url: created.url,
    async drop() {
      await database.close();
      await created.drop();
    },
  });
}
