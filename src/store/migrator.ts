// Applies the versioned SQL migrations in ./migrations, once each and each in its own transaction,
// under an advisory lock so that many instances can start at the same time.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlSession, VigilDatabase } from './database.js';

/** Arbitrary constant shared by every Vigil instance: the key of the migration advisory lock. */
const MIGRATION_LOCK_KEY = 7_311_452_019;
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/** Returns the versions it applied (empty when the schema was already current). */
export async function migrate(
  database: VigilDatabase,
  migrations = loadMigrations(),
): Promise<number[]> {
  return database.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(`CREATE TABLE IF NOT EXISTS vigil_schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = await session.query<{ version: number }>(
        'SELECT version FROM vigil_schema_migrations',
      );
      const applied = new Set(done.map((row) => row.version));
      const newlyApplied: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await applyOne(session, migration);
        newlyApplied.push(migration.version);
      }
      return newlyApplied;
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

async function applyOne(session: SqlSession, migration: Migration): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(migration.sql);
    await session.query('INSERT INTO vigil_schema_migrations (version, name) VALUES ($1, $2)', [
      migration.version,
      migration.name,
    ]);
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK');
    throw new Error(
      `migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** True when every known migration has been applied (used by readiness checks). */
export async function isSchemaCurrent(
  database: VigilDatabase,
  migrations = loadMigrations(),
): Promise<boolean> {
  const latest = migrations.at(-1)?.version ?? 0;
  try {
    const rows = await database.withSession((s) =>
      s.query<{ max: number | null }>(
        'SELECT max(version)::int AS max FROM vigil_schema_migrations',
      ),
    );
    return (rows[0]?.max ?? 0) >= latest;
  } catch {
    return false;
  }
}
