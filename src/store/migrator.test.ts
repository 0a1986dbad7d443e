import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type VigilDatabase } from './database.js';
import { isSchemaCurrent, loadMigrations, migrate } from './migrator.js';
import { createPostgresDatabase } from '../../test/support/databases.js';
import { postgresUnavailable } from '../../test/support/services.js';

describe('migrations on PostgreSQL', { skip: await postgresUnavailable() }, () => {
  let created: { url: string; drop: () => Promise<void> };
  const opened: VigilDatabase[] = [];
  const open = async () => {
    const database = await openDatabase({ databaseUrl: created.url, dataDir: '.', poolSize: 2 });
    opened.push(database);
    return database;
  };

  before(async () => {
    created = await createPostgresDatabase();
  });
  after(async () => {
    for (const database of opened) await database.close();
    await created.drop();
  });

  it('applies each migration exactly once when several instances start at the same time', async () => {
    const instances = await Promise.all([open(), open(), open()]);
    const results = await Promise.all(instances.map((database) => migrate(database)));
    const versions = loadMigrations().map((m) => m.version);
    assert.deepEqual(
      results.flat().sort(),
      versions,
      'every version applied by exactly one instance',
    );
    for (const database of instances) assert.equal(await isSchemaCurrent(database), true);
  });

  it('leaves nothing behind when a migration fails', async () => {
    const database = await open();
    const broken = [
      ...loadMigrations(),
      {
        version: 9999,
        name: 'broken',
        sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
      },
    ];
    await assert.rejects(migrate(database, broken), /9999_broken/);
    const tables = await database.withSession((s) =>
      s.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half_done'",
      ),
    );
    assert.equal(tables[0]?.n, 0);
    assert.equal(await isSchemaCurrent(database, broken), false);
  });
});
