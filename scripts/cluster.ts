// `npm run cluster`: the whole high-availability deployment on this machine — nginx in front of two
// web instances, two evaluators, probes in three regions and the notifier (when this version has
// it) on local PostgreSQL and Redis — with examples/cluster.yaml applied, until Ctrl-C.
//
// DATABASE_URL (default postgres://postgres@127.0.0.1:5432/vigil_cluster, created when missing),
// REDIS_URL (default redis://127.0.0.1:6379, passed to every role), VIGIL_ADMIN_EMAIL and
// VIGIL_ADMIN_PASSWORD (default admin@example.com and a new password each run).
import { createServer, type Server } from 'node:http';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { availableRoles, startCluster, type Cluster } from './cluster/launcher.js';
import { ROOT } from './cluster/vigil-command.js';

/** Fixed ports, because examples/cluster.yaml names them. */
const HTTPS_PORT = 8443;
const HTTP_PORT = 8480;
const TARGET_PORT = 8490;
const WORK_DIR = join(ROOT, 'data', 'cluster');

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigil_cluster';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Creates the database of `url` when it does not exist yet (on the same server). */
async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      console.log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** The "Example API" the example monitors check: healthy until POST /break, again after /fix. */
function startExampleTarget(): Promise<Server> {
  let healthy = true;
  const server = createServer((request, response) => {
    if (request.method === 'POST' && (request.url === '/break' || request.url === '/fix')) {
      healthy = request.url === '/fix';
    }
    response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: healthy ? 'ok' : 'failing' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(TARGET_PORT, '127.0.0.1', () => resolve(server));
  });
}

async function main(): Promise<void> {
  await ensureDatabase(databaseUrl);
  const target = await startExampleTarget();
  // Logs of the last run stay in data/cluster/logs after Ctrl-C; each run starts afresh.
  await rm(WORK_DIR, { recursive: true, force: true });
  const notifier = (await availableRoles()).includes('notifier');
  if (!notifier) console.log('(no notifier: `vigil serve --help` does not list that role yet)');
  console.log(
    'starting nginx, 2 web, 2 evaluators, probes in 3 regions' +
      (notifier ? ', notifier' : '') +
      ' ...',
  );
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      databaseUrl,
      redisUrl,
      notifier,
      httpsPort: HTTPS_PORT,
      httpPort: HTTP_PORT,
      workDir: WORK_DIR,
      configFile: join(ROOT, 'examples', 'cluster.yaml'),
      admin: {
        email: process.env.VIGIL_ADMIN_EMAIL ?? 'admin@example.com',
        password:
          process.env.VIGIL_ADMIN_PASSWORD ?? `cluster-${Math.random().toString(36).slice(2, 14)}`,
      },
    });
  } catch (error) {
    await new Promise((resolve) => target.close(resolve));
    throw error;
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping every process ...`);
    cluster
      .stop()
      .then(() => new Promise((resolve) => target.close(resolve)))
      .then(
        () => {
          console.log(`stopped; logs are in ${join(WORK_DIR, 'logs')}`);
          process.exit(0);
        },
        (error: unknown) => {
          console.error('some processes did not stop cleanly:', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const role of cluster.processes()) {
    void role.exited.then((code) => {
      if (!stopping)
        console.error(
          `${role.name} exited (${code}); see ${join(WORK_DIR, 'logs', `${role.name}.log`)}`,
        );
    });
  }

  const rows = [
    ['status page', `${cluster.url}/  (certificate: ${cluster.certPath})`],
    ['admin', `${cluster.url}/admin  ${cluster.admin.email} / ${cluster.admin.password}`],
    [
      'API key',
      `${cluster.apiKey}  (curl --cacert ${cluster.certPath} -H 'Authorization: Bearer ...' ${cluster.url}/api/v1/monitors)`,
    ],
    ['plain HTTP', `${cluster.httpUrl}/ (redirects)`],
    [
      'processes',
      cluster
        .processes()
        .map((role) => `${role.name}:${role.pid}`)
        .join(' ') + ` nginx:${cluster.nginx.pid}`,
    ],
    ['web instances', cluster.webs.map((web) => web.url).join(' ')],
    ['example target', `http://127.0.0.1:${TARGET_PORT}/health  (curl -X POST .../break, .../fix)`],
    ['database', databaseUrl],
    ['Redis', redisUrl],
    ['logs', join(WORK_DIR, 'logs')],
  ];
  const width = Math.max(...rows.map(([label]) => label!.length));
  console.log(`\nVigil cluster running (Ctrl-C stops it):\n`);
  for (const [label, value] of rows) console.log(`  ${label!.padEnd(width)}  ${value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
