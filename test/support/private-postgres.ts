// A PostgreSQL cluster of the test's own (pg_createcluster on a free port, trust auth on
// loopback) that the test may stop and start; the shared cluster on 5432 is never touched.
// drop() removes it, running or not.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort, waitFor } from '../cli/cli-support.js';
import { unavailable } from './services.js';

const run = promisify(execFile);
const VERSION = process.env.VIGIL_TEST_PG_VERSION ?? '15';

export function clusterToolsUnavailable(): string | false {
  return unavailable(
    'pg_createcluster',
    existsSync('/usr/bin/pg_createcluster') && existsSync(`/usr/lib/postgresql/${VERSION}/bin`)
      ? false
      : `/usr/bin/pg_createcluster or PostgreSQL ${VERSION} not installed (apt-get install postgresql-common postgresql-${VERSION})`,
  );
}

export interface PrivatePostgres {
  /** A connection string to the cluster's `postgres` database. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  drop(): Promise<void>;
}

export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const name = `vigil_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  await run('pg_createcluster', [VERSION, name, '-p', String(port), '--', '--auth=trust'], {
    timeout: 60_000,
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const cluster: PrivatePostgres = {
    url,
    async start() {
      await run('pg_ctlcluster', [VERSION, name, 'start'], { timeout: 60_000 });
      await waitFor(`private PostgreSQL ${name} to accept connections`, () => accepts(url), 30_000);
    },
    async stop() {
      // pg_ctlcluster stops in fast mode: clients are disconnected at once.
      await run('pg_ctlcluster', [VERSION, name, 'stop'], { timeout: 60_000 });
    },
    async drop() {
      await run('pg_dropcluster', [VERSION, name, '--stop'], { timeout: 60_000 });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.drop().catch(() => undefined);
    throw error;
  }
  return cluster;
}

async function accepts(url: string): Promise<true | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
