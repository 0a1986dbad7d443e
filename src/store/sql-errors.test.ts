// Errors that mean "the database is unreachable" told apart from errors of a statement, on the
// errors the pg driver really raises: refused connections, a terminated session, bad SQL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { POSTGRES_ADMIN_URL, postgresUnavailable } from '../../test/support/services.js';
import { openDatabase } from './database.js';
import { isConnectionError, isUniqueViolation } from './sql-errors.js';

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

const skipPostgres = await postgresUnavailable();

describe('database unavailable errors', () => {
  it('counts a refused connection, through the pool and Kysely', async () => {
    const database = await openDatabase({
      databaseUrl: `postgres://postgres@127.0.0.1:${await closedPort()}/none`,
      dataDir: '.',
      poolSize: 1,
    });
    try {
      const error = await rejection(sql`SELECT 1`.execute(database.db));
      assert.equal(isConnectionError(error), true, String(error));
    } finally {
      await database.close();
    }
  });

  it('leaves other errors alone', () => {
    assert.equal(isConnectionError(new Error('syntax error at or near "SELEC"')), false);
    assert.equal(isConnectionError(Object.assign(new Error('dup'), { code: '23505' })), false);
    assert.equal(isConnectionError(undefined), false);
    assert.equal(isConnectionError(Object.assign(new Error('x'), { code: '57P03' })), true);
    assert.equal(isConnectionError(Object.assign(new Error('x'), { code: '08006' })), true);
  });

  it(
    'counts a session the server terminated, not a bad statement',
    { skip: skipPostgres },
    async () => {
      const victim = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      victim.on('error', () => undefined);
      await victim.connect();
      const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      try {
        const bad = await rejection(victim.query('SELEC 1'));
        assert.equal(isConnectionError(bad), false);
        await admin.query('CREATE TEMP TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)');
        const duplicate = await rejection(admin.query('INSERT INTO t VALUES (1)'));
        assert.equal(isUniqueViolation(duplicate), true);
        assert.equal(isConnectionError(duplicate), false);
        const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
          .pid;
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        const cut = await rejection(victim.query('SELECT 1'));
        assert.equal(isConnectionError(cut), true, String(cut));
      } finally {
        await admin.end();
        await victim.end().catch(() => undefined);
      }
    },
  );
});
