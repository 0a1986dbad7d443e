// Where tests find the system services they need (PostgreSQL, Chromium, nginx, ...): a missing service
// skips the test with the reason, unless VIGIL_REQUIRE_SERVICES=1 (set by .ci/run) makes it fail.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { namespaceSupportProblem } from './netns.js';
import { NGINX_PATH } from '../../scripts/cluster/nginx.js';

export const REQUIRE_SERVICES = process.env.VIGIL_REQUIRE_SERVICES === '1';

/** Returns false when available, or the skip reason; throws when services are required. */
export function unavailable(service: string, reason: string | false): string | false {
  if (!reason) return false;
  const message = `${service} unavailable: ${reason}`;
  if (REQUIRE_SERVICES) throw new Error(`${message} (VIGIL_REQUIRE_SERVICES=1 forbids skipping)`);
  console.warn(`SKIP ${message}`);
  return message;
}

export const POSTGRES_ADMIN_URL =
  process.env.VIGIL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let postgresProbe: Promise<string | false> | undefined;
export function postgresUnavailable(): Promise<string | false> {
  postgresProbe ??= (async () => {
    const client = new pg.Client({
      connectionString: POSTGRES_ADMIN_URL,
      connectionTimeoutMillis: 3000,
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return false as const;
    } catch (error) {
      return `cannot connect to ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresProbe.then((reason) => unavailable('PostgreSQL', reason));
}

export const CHROMIUM_PATH = process.env.VIGIL_TEST_CHROMIUM ?? '/usr/bin/chromium';
export function chromiumUnavailable(): string | false {
  return unavailable(
    'Chromium',
    existsSync(CHROMIUM_PATH) ? false : `${CHROMIUM_PATH} not found (apt-get install chromium)`,
  );
}

/** Where the machine's PostgreSQL has its Unix socket (a process in a network namespace uses it). */
export const POSTGRES_SOCKET_DIR =
  process.env.VIGIL_TEST_POSTGRES_SOCKET_DIR ?? '/var/run/postgresql';
export function postgresSocketUnavailable(): string | false {
  const port = new URL(POSTGRES_ADMIN_URL).port || '5432';
  const socket = `${POSTGRES_SOCKET_DIR}/.s.PGSQL.${port}`;
  return unavailable(
    'PostgreSQL Unix socket',
    existsSync(socket) ? false : `${socket} not found (set VIGIL_TEST_POSTGRES_SOCKET_DIR)`,
  );
}

let namespaceProbe: Promise<string | false> | undefined;
/** Network namespaces with veth pairs and nftables: root, `ip netns`, `nft`, and a trial one. */
export function namespacesUnavailable(): Promise<string | false> {
  namespaceProbe ??= namespaceSupportProblem();
  return namespaceProbe.then((reason) => unavailable('Network namespaces', reason));
}

const programProbes = new Map<string, string | false>();
/** False when `path args` runs and exits 0 here, else why not (with how to install it). */
function programMissing(path: string, args: string[], install: string): string | false {
  let reason = programProbes.get(path);
  if (reason === undefined) {
    const run = spawnSync(path, args, { timeout: 10_000 });
    reason =
      run.status === 0
        ? false
        : `${path} ${args.join(' ')} failed: ${run.error?.message ?? run.stderr.toString()} (${install})`;
    programProbes.set(path, reason);
  }
  return reason;
}

/** nginx at NGINX_PATH, for the reverse proxy and cluster tests. */
export function nginxUnavailable(): string | false {
  return unavailable('nginx', programMissing(NGINX_PATH, ['-v'], 'apt-get install nginx'));
}

/** envsubst (gettext-base), which renders the nginx template in production. */
export function envsubstUnavailable(): string | false {
  return unavailable(
    'envsubst',
    programMissing('envsubst', ['--version'], 'apt-get install gettext-base'),
  );
}
