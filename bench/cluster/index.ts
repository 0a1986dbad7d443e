// Benchmark of a whole deployment through nginx, as visitors and probes reach it: for 1 and then
// 2 `web` instances (a fresh cluster and scratch database each, one evaluator so ingest wakes
// real work, no probes), wrk over HTTPS measures the status page and summary.json from nginx's
// micro-cache and bypassing it, and probe ingest in results/s, checking that every acknowledged
// result was stored. Prints each figure for 1 and 2 instances with the ratio, and the CPU of the
// web instances, nginx, the evaluator, PostgreSQL and the whole machine.
//
// Read the ratio with the machine in mind: nginx, wrk, PostgreSQL, the evaluator and every web
// instance share its cores (2 on the development machine, also used by other work). A second web
// instance can only add throughput while a core is idle; once the machine is busy it competes for
// the same CPU and the ratio stays near 1 (or below: one more process to schedule), whatever
// the web role would do on a machine of its own.
//
// Environment: BENCH_DATABASE_URL (PostgreSQL server; default postgres://postgres@127.0.0.1:5432/
// postgres, a scratch database is created and dropped per run), BENCH_DURATION_SECONDS (10),
// BENCH_WARM_UP_SECONDS (3), BENCH_CONNECTIONS (50, page figures), BENCH_INGEST_CONNECTIONS (10:
// batches in flight at once, like as many probe agents), BENCH_RESULTS_PER_BATCH (100),
// BENCH_INGEST_MONITORS (1000), BENCH_WEB_INSTANCES (1,2), BENCH_REDIS_URL (unset: no Redis),
// BENCH_WRK (/usr/bin/wrk).
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { PROBE_API } from '../../src/domain/monitoring/probe-protocol.js';
import { openDatabase } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import { startCluster, type Cluster } from '../../scripts/cluster/launcher.js';
import { childProcessesOf } from '../../scripts/cluster/proc.js';
import { loadTool } from '../public-page/load.js';
import { SEED_SHAPE, seedBusyDatabase } from '../public-page/seed.js';
import { problemsLogged } from '../support/logged-problems.js';
import { createScratchDatabase } from '../support/scratch-database.js';
import { checkIngest, ingestLoad, type IngestCheck } from './ingest.js';
import { measureFigure, type CpuMeter, type FigureResult } from './measure.js';
import { checkCacheBehaviour, PAGE_FIGURES, pageLoad } from './page-figures.js';
import { comparisonTable, detailTable, type FigureRow, type Runs } from './report.js';
import { writeMonitorsYaml } from './monitors-yaml.js';

const env = process.env;
const POSTGRES = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION_SECONDS = Number(env.BENCH_DURATION_SECONDS ?? 10);
const WARM_UP_SECONDS = Number(env.BENCH_WARM_UP_SECONDS ?? 3);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
const INGEST_CONNECTIONS = Number(env.BENCH_INGEST_CONNECTIONS ?? 10);
const RESULTS_PER_BATCH = Number(env.BENCH_RESULTS_PER_BATCH ?? 100);
const INGEST_MONITORS = Number(env.BENCH_INGEST_MONITORS ?? 1000);
const WEB_COUNTS = (env.BENCH_WEB_INSTANCES ?? '1,2').split(',').map((n) => Number(n.trim()));
const REGION = 'bench';
/** Seeding, starting and stopping a cluster, per instance count, on a busy machine. */
const SETUP_ALLOWANCE_SECONDS = 240;
/** Per figure: wrk's start and end, the cache check, the ingest row count. */
const FIGURE_ALLOWANCE_SECONDS = 60;

const FIGURES = new Map<string, FigureRow>([
  ...PAGE_FIGURES.map((figure): [string, FigureRow] => [
    figure.key,
    { label: figure.label, unit: 'req/s', perSecond: (r) => r.load.requestsPerSecond },
  ]),
  [
    'ingest',
    {
      label: `ingest (${RESULTS_PER_BATCH} results/POST)`,
      unit: 'results/s',
      perSecond: (r) => r.load.requestsPerSecond * RESULTS_PER_BATCH,
    },
  ],
]);

/** Async clean-ups of whatever runs now, run on success, failure, timeout or a signal. */
const cleanups = new Set<() => Promise<unknown>>();
async function cleanUp(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    await cleanup().catch((error: unknown) => console.error('clean-up failed:', error));
  }
}

function meters(cluster: Cluster, db: Kysely<Database>): CpuMeter[] {
  const one = (pid: number | undefined) => (pid === undefined ? [] : [pid]);
  return [
    ...cluster.webs.map((web) => ({ name: web.name, pids: () => one(web.pid) })),
    {
      name: 'nginx',
      // Master, worker and cache manager: the one worker does the work, the others barely count.
      pids: () => {
        const master = cluster.nginx.pid;
        return master === undefined ? [] : [master, ...childProcessesOf(master)];
      },
    },
    ...cluster.evaluators.map((p) => ({ name: p.name, pids: () => one(p.pid) })),
    {
      // The backends serving the cluster's database (PostgreSQL is on this machine): other
      // users of the shared server are not counted, nor are its shared background writers.
      name: 'postgres',
      pids: async () =>
        (
          await sql<{ pid: number }>`
            SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db)
        ).rows.map((row) => row.pid),
    },
  ];
}

async function runWith(
  webs: number,
  workDir: string,
): Promise<{ figures: Map<string, FigureResult>; ingest: IngestCheck }> {
  console.log(`\n${webs} web instance${webs === 1 ? '' : 's'}:`);
  const scratch = await createScratchDatabase(POSTGRES);
  const dropScratch = () => scratch.drop();
  cleanups.add(dropScratch);
  // The data directory is unused on PostgreSQL.
  const seedMs = await seedBusyDatabase('.', scratch.url);
  const configFile = join(workDir, `monitors-${webs}.yaml`);
  await writeMonitorsYaml(configFile, INGEST_MONITORS, REGION);
  const startedAt = Date.now();
  const cluster = await startCluster({
    databaseUrl: scratch.url,
    redisUrl: env.BENCH_REDIS_URL,
    webInstances: webs,
    evaluators: 1,
    regions: [],
    configFile,
    workDir: join(workDir, `cluster-${webs}`),
  });
  const stopCluster = () => cluster.stop();
  cleanups.add(stopCluster);
  console.log(
    `  seeded the page (${SEED_SHAPE.components} components, ${SEED_SHAPE.pastIncidents} past incidents) ` +
      `in ${(seedMs / 1000).toFixed(1)} s; ${INGEST_MONITORS} monitors applied and cluster started ` +
      `in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${cluster.url})`,
  );
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: '.', poolSize: 2 });
  const closeDatabase = () => database.close();
  cleanups.add(closeDatabase);

  const token = (await cluster.vigil(['probe-token', 'create', '--region', REGION])).stdout
    .trim()
    .split('\n')
    .at(-1)!
    .trim();
  const monitorIds = (
    await database.db.selectFrom('monitors').select('id').orderBy('name').execute()
  ).map((row) => row.id);

  const figures = new Map<string, FigureResult>();
  const processMeters = meters(cluster, database.db);
  const measure = (load: Parameters<typeof measureFigure>[0]['load']) =>
    measureFigure({
      load,
      meters: processMeters,
      warmUpSeconds: WARM_UP_SECONDS,
      durationSeconds: DURATION_SECONDS,
    });
  for (const figure of PAGE_FIGURES) {
    await checkCacheBehaviour(cluster.url, cluster.dispatcher, figure);
    const result = await measure(pageLoad(cluster.url, figure, CONNECTIONS));
    figures.set(figure.key, result);
    console.log(`  ${figure.label}: ${result.load.requestsPerSecond.toFixed(0)} req/s`);
  }
  const ingest = ingestLoad({
    baseUrl: `${cluster.url}${PROBE_API.results}`,
    token,
    monitorIds,
    resultsPerBatch: RESULTS_PER_BATCH,
    connections: INGEST_CONNECTIONS,
    prefix: `w${webs}`,
    workDir,
  });
  const ingestResult = await measure(ingest);
  figures.set('ingest', ingestResult);
  const measured = ingest.measured()!;
  const check = await checkIngest(database.db, measured.label, measured.counts, RESULTS_PER_BATCH);
  console.log(
    `  ingest: ${(ingestResult.load.requestsPerSecond * RESULTS_PER_BATCH).toFixed(0)} results/s; ` +
      `${check.counts.sent} batches sent, ${check.counts.acknowledged} acknowledged, ` +
      `${check.storedRows} rows stored (${check.ok ? 'none dropped' : `PROBLEM: ${check.problem}`})`,
  );

  await reportProblems(cluster);
  for (const cleanup of [closeDatabase, stopCluster, dropScratch]) {
    cleanups.delete(cleanup);
    await cleanup();
  }
  return { figures, ingest: check };
}

/** Warnings and errors the roles and nginx logged during the run, so a figure is never quoted blind. */
async function reportProblems(cluster: Cluster): Promise<void> {
  for (const role of cluster.processes()) {
    for (const [message, count] of problemsLogged(role.output().split('\n')))
      console.log(`  ${role.name} logged ${count}× ${message}`);
  }
  const nginxProblems = (await cluster.nginx.output())
    .split('\n')
    .filter((line) => /\[(warn|error|crit|alert|emerg)\]/.test(line));
  if (nginxProblems.length > 0)
    console.log(
      `  nginx logged ${nginxProblems.length} warnings or errors, e.g.:\n    ${nginxProblems.slice(0, 3).join('\n    ')}`,
    );
}

async function main(): Promise<number> {
  const limitSeconds =
    WEB_COUNTS.length *
    (SETUP_ALLOWANCE_SECONDS +
      FIGURES.size * (WARM_UP_SECONDS + DURATION_SECONDS + FIGURE_ALLOWANCE_SECONDS));
  const watchdog = setTimeout(() => {
    console.error(`\nthe benchmark took longer than ${limitSeconds} s: stopping everything`);
    void cleanUp().finally(() => process.exit(1));
  }, limitSeconds * 1000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  console.log(
    `through nginx over HTTPS with ${loadTool()}: ${CONNECTIONS} connections for pages, ` +
      `${INGEST_CONNECTIONS} for ingest, ${WARM_UP_SECONDS} s warm-up and ${DURATION_SECONDS} s per figure; ` +
      `web instances: ${WEB_COUNTS.join(', ')}; 1 evaluator, no probes; Redis: ${env.BENCH_REDIS_URL ? 'yes' : 'no'}`,
  );
  const workDir = await mkdtemp(join(tmpdir(), 'vigil-bench-cluster-'));
  cleanups.add(() => rm(workDir, { recursive: true, force: true }));
  const runs: Runs = new Map();
  const checks: IngestCheck[] = [];
  try {
    for (const webs of WEB_COUNTS) {
      const { figures, ingest } = await runWith(webs, workDir);
      runs.set(webs, figures);
      checks.push(ingest);
    }
  } finally {
    await cleanUp();
    clearTimeout(watchdog);
  }

  console.log(`\n${comparisonTable(runs, FIGURES)}`);
  console.log(
    `\nLatency, and CPU during each measured figure in % of one core ("machine busy": % of all ` +
      `${availableParallelism()} CPUs):\n${detailTable(runs, FIGURES)}`,
  );
  const [load1, load5] = loadavg();
  console.log(
    `\nmachine: ${availableParallelism()} CPUs, load average ${load1!.toFixed(1)} (1 min), ` +
      `${load5!.toFixed(1)} (5 min) at the end. nginx, wrk, PostgreSQL, the evaluator and every ` +
      'web instance share these CPUs (with any other work on the machine), so the 2/1 ratio is ' +
      'bounded by free cores, not by the web role: once "machine busy" is near 100 %, a second ' +
      'instance only splits the same CPU. "postgres" is the backends of the benchmark\'s database; ' +
      '"rest" is busy CPU outside every column: wrk, and other work on the machine.',
  );
  const failed = [...runs.values()].some((figures) =>
    [...figures.values()].some((result) => result.load.failures > 0),
  );
  const dropped = checks.some((check) => !check.ok);
  if (failed) console.log('Some requests failed (see "failed").');
  if (dropped) console.log('Ingest stored fewer or more results than it acknowledged.');
  return failed || dropped ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
