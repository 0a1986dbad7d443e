// A PostgreSQL cluster of a test's own (Debian's pg_createcluster), for fault tests that stop or
// restart the database: the shared cluster on 5432 must never be touched. Dropped at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../cli/cli-support.js';
import { unavailable } from './services.js';

const run = promisify(execFile);
const VERSION = process.env.VIGIL_TEST_POSTGRES_VERSION ?? '15';
/** pg_ctlcluster waits for the server; this bounds it (a start takes a second or two). */
const COMMAND_TIMEOUT_MS = 60_000;

export interface PrivatePostgres {
  /** Connection string of the database `vigil` in the cluster. */
  url: string;
  name: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and removes the cluster and its files. */
  drop(): Promise<void>;
}

/** False when a private cluster can be made here, else why not (the test is then skipped). */
export function privatePostgresUnavailable(): string | false {
  let reason: string | false = false;
  if (!existsSync('/usr/bin/pg_createcluster'))
    reason = 'pg_createcluster not found (postgresql-common)';
  else if (!existsSync(`/usr/lib/postgresql/${VERSION}/bin/postgres`)) {
    reason = `PostgreSQL ${VERSION} server binaries not found`;
  } else if (process.getuid?.() !== 0) reason = 'pg_createcluster needs root';
  return unavailable('a private PostgreSQL cluster', reason);
}

export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const name = `vigil_fault_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const ctl = (action: string) =>
    run('pg_ctlcluster', [VERSION, name, action], { timeout: COMMAND_TIMEOUT_MS }).then(
      () => undefined,
    );
  await run('pg_createcluster', [VERSION, name, '-p', String(port), '--', '--auth=trust'], {
    timeout: COMMAND_TIMEOUT_MS,
  });
  const drop = () =>
    run('pg_dropcluster', [VERSION, name, '--stop'], { timeout: COMMAND_TIMEOUT_MS }).then(
      () => undefined,
    );
  try {
    await ctl('start');
    const admin = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE vigil');
    } finally {
      await admin.end();
    }
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/vigil`,
    name,
    restart: () => ctl('restart'),
    stop: () => ctl('stop'),
    start: () => ctl('start'),
    drop,
  };
}
