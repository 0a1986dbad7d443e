// Benchmark of checking at scale: 10,000 HTTP monitors at a 10 s interval (1,000 checks/s) against
// one local target, first in `vigil start` on PGlite, then with split roles (web, evaluator,
// probe as three processes) on PostgreSQL. Prints checks/s achieved against expected, the
// probe's scheduling lateness, CPU and RSS of each process, results stored/s, the evaluator's
// backlog and database bytes per stored result.
// Environment: BENCH_MONITORS (10000), BENCH_INTERVAL_SECONDS (10), BENCH_WARM_UP_SECONDS (20),
// BENCH_DURATION_SECONDS (60), BENCH_MODES (embedded,split), BENCH_DATABASE_URL (PostgreSQL server
// for the split run; default postgres://postgres@127.0.0.1:5432/postgres).
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type VigilDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import { ProbeTokenRepository } from '../../src/store/probe-token-repository.js';
import { problemsLogged } from '../support/logged-problems.js';
import { createScratchDatabase } from '../support/scratch-database.js';
import { processesCpuMs, startVigilProcess, type VigilProcess } from '../support/vigil-process.js';
import { storedFigures, type StoredFigures } from './measure.js';
import { seedMonitors } from './seed.js';
import { startCountingTarget, type CountingTarget } from './target.js';

const MONITORS = Number(process.env.BENCH_MONITORS ?? 10_000);
const INTERVAL_SECONDS = Number(process.env.BENCH_INTERVAL_SECONDS ?? 10);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 20);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 60);
const MODES = (process.env.BENCH_MODES ?? 'embedded,split').split(',').map((m) => m.trim());
const POSTGRES = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STATS_SECONDS = 5;
const TARGETS = { checkedShare: 0.999, latenessP99Ms: 1000, probeRssBytes: 300 * 1024 * 1024 };

interface Role {
  name: string;
  process: VigilProcess;
}

interface RunFigures {
  mode: string;
  expectedPerSecond: number;
  checksPerSecond: number;
  stored: StoredFigures;
  roles: Array<{ name: string; cpuPercent: number | undefined; maxRssBytes: number | undefined }>;
  probeStats: Record<string, number> | undefined;
  evaluatorBacklog: number[];
  /** Distinct warning and error messages the roles logged, with a count each. */
  problems: Map<string, number>;
  /** CPU of the machine's PostgreSQL server processes (split roles only). */
  postgresPercent: number;
}

async function seed(database: VigilDatabase, region: string, target: CountingTarget) {
  const started = Date.now();
  await migrate(database);
  await seedMonitors(database.db, {
    count: MONITORS,
    intervalSeconds: INTERVAL_SECONDS,
    region,
    targetUrl: target.url,
  });
  console.log(`  seeded ${MONITORS} monitors in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The latest `stats` object a role logged under `message`. */
function latestStats(role: VigilProcess, message: string): Record<string, number> | undefined {
  const lines = role.lines();
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i]!.includes(`"msg":"${message}"`)) continue;
    try {
      return (JSON.parse(lines[i]!) as { stats: Record<string, number> }).stats;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function allStats(role: VigilProcess, message: string): Array<Record<string, number>> {
  return role
    .lines()
    .filter((line) => line.includes(`"msg":"${message}"`))
    .map((line) => (JSON.parse(line) as { stats: Record<string, number> }).stats);
}

async function observe(
  mode: string,
  target: CountingTarget,
  roles: Role[],
  probe: VigilProcess,
  evaluatorRole: VigilProcess,
  readStored: (window: { from: Date; to: Date }) => Promise<StoredFigures>,
): Promise<RunFigures> {
  console.log(`  warming up ${WARM_UP_SECONDS} s, then measuring ${DURATION_SECONDS} s`);
  await delay(WARM_UP_SECONDS * 1000);
  const from = new Date();
  const servedBefore = target.served();
  const cpuBefore = roles.map((role) => role.process.cpuMs());
  const postgresBefore = processesCpuMs('postgres');
  const maxRss = roles.map(() => 0);
  const sampler = setInterval(() => {
    roles.forEach((role, i) => {
      maxRss[i] = Math.max(maxRss[i]!, role.process.rssBytes() ?? 0);
    });
  }, 1000);
  await delay(DURATION_SECONDS * 1000);
  clearInterval(sampler);
  const to = new Date();
  const seconds = (to.getTime() - from.getTime()) / 1000;
  const served = target.served() - servedBefore;
  const cpuAfter = roles.map((role) => role.process.cpuMs());
  const postgresPercent = ((processesCpuMs('postgres') - postgresBefore) / (seconds * 1000)) * 100;
  const backlog = allStats(evaluatorRole, 'evaluator stats').map((stats) => stats.dirty ?? 0);
  const probeStats = latestStats(probe, 'probe stats');
  const stored = await readStored({ from, to });
  return {
    mode,
    expectedPerSecond: MONITORS / INTERVAL_SECONDS,
    checksPerSecond: served / seconds,
    stored: { ...stored, storedInWindow: stored.storedInWindow / seconds },
    roles: roles.map((role, i) => ({
      name: role.name,
      cpuPercent:
        cpuBefore[i] === undefined || cpuAfter[i] === undefined
          ? undefined
          : ((cpuAfter[i]! - cpuBefore[i]!) / (seconds * 1000)) * 100,
      maxRssBytes: maxRss[i] || undefined,
    })),
    probeStats,
    evaluatorBacklog: backlog,
    postgresPercent,
    problems: problemsLogged(roles.flatMap((role) => role.process.lines())),
  };
}

async function embeddedRun(target: CountingTarget): Promise<RunFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-probes-'));
  try {
    const database = await openDatabase({ dataDir });
    try {
      await seed(database, 'local', target);
    } finally {
      await database.close();
    }
    const vigil = await startVigilProcess({
      env: { DATA_DIR: dataDir, VIGIL_STATS_LOG_SECONDS: String(STATS_SECONDS) },
      logLevel: 'info',
      captureStdout: true,
      readyTimeoutMs: 120_000,
    });
    let figures: RunFigures;
    let window: { from: Date; to: Date } | undefined;
    try {
      figures = await observe(
        'vigil start, PGlite',
        target,
        [{ name: 'vigil start (all roles)', process: vigil }],
        vigil,
        vigil,
        // PGlite is held by the server: read the database once it has stopped.
        async (w) => {
          window = w;
          return emptyFigures();
        },
      );
    } finally {
      await vigil.stop();
    }
    const reopened = await openDatabase({ dataDir });
    try {
      figures.stored = {
        ...(await storedFigures(reopened.db, window!)),
      };
      figures.stored.storedInWindow /= (window!.to.getTime() - window!.from.getTime()) / 1000;
    } finally {
      await reopened.close();
    }
    return figures;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function splitRun(target: CountingTarget): Promise<RunFigures> {
  const scratch = await createScratchDatabase(POSTGRES);
  const bufferDir = await mkdtemp(join(tmpdir(), 'vigil-bench-probe-buffer-'));
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: '.', poolSize: 4 });
  const roles: Role[] = [];
  try {
    await seed(database, 'bench', target);
    const { secret } = await new ProbeTokenRepository(database.db).create({ region: 'bench' });
    const env = {
      DATABASE_URL: scratch.url,
      VIGIL_STATS_LOG_SECONDS: String(STATS_SECONDS),
      VIGIL_API_RATE_LIMIT: '1000000',
    };
    const web = await startVigilProcess({
      args: ['serve', '--role', 'web'],
      env,
      logLevel: 'warn',
      captureStdout: true,
    });
    roles.push({ name: 'web', process: web });
    const evaluator = await startVigilProcess({
      args: ['serve', '--role', 'evaluator'],
      env,
      waitReady: false,
      logLevel: 'info',
      captureStdout: true,
    });
    roles.push({ name: 'evaluator', process: evaluator });
    const probe = await startVigilProcess({
      args: [
        'serve',
        '--role',
        'probe',
        '--region',
        'bench',
        '--server',
        web.url,
        '--token',
        secret,
      ],
      env: { ...env, DATA_DIR: bufferDir },
      waitReady: false,
      logLevel: 'info',
      captureStdout: true,
    });
    roles.push({ name: 'probe', process: probe });
    return await observe('split roles, PostgreSQL', target, roles, probe, evaluator, (window) =>
      storedFigures(database.db, window),
    );
  } finally {
    for (const role of roles.reverse()) await role.process.stop();
    await database.close();
    await scratch.drop();
    await rm(bufferDir, { recursive: true, force: true });
  }
}

function emptyFigures(): StoredFigures {
  return {
    storedInWindow: 0,
    totalResults: 0,
    backlog: 0,
    monitorsEvaluated: 0,
    rawBytes: 0,
    databaseBytes: 0,
  };
}

function report(figures: RunFigures): boolean {
  const share = figures.checksPerSecond / figures.expectedPerSecond;
  const p50 = figures.probeStats?.latenessP50Ms;
  const p99 = figures.probeStats?.latenessP99Ms;
  const mb = (bytes: number | undefined) =>
    bytes === undefined ? '-' : `${(bytes / 1048576).toFixed(0)} MB`;
  console.log(`\n  ${figures.mode}`);
  console.log(
    `  checks/s ${figures.checksPerSecond.toFixed(1)} of ${figures.expectedPerSecond.toFixed(0)} expected ` +
      `(${(share * 100).toFixed(2)} %; target ≥ ${TARGETS.checkedShare * 100} %: ${share >= TARGETS.checkedShare ? 'met' : 'MISSED'})`,
  );
  console.log(
    `  scheduling lateness p50 ${p50 ?? '-'} ms, p99 ${p99 ?? '-'} ms ` +
      `(target p99 < ${TARGETS.latenessP99Ms} ms: ${p99 !== undefined && p99 < TARGETS.latenessP99Ms ? 'met' : 'MISSED'})`,
  );
  const stats = figures.probeStats;
  if (stats)
    console.log(
      `  probe counters: ${[
        'monitors',
        'scheduled',
        'started',
        'skipped',
        'queued',
        'inFlight',
        'sent',
        'buffered',
        'dropped',
      ]
        .map((name) => `${name} ${stats[name] ?? '-'}`)
        .join(', ')}`,
    );
  for (const role of figures.roles) {
    console.log(
      `  ${role.name.padEnd(24)} CPU ${role.cpuPercent === undefined ? '-' : `${role.cpuPercent.toFixed(0)} %`} of one core, ` +
        `max RSS ${mb(role.maxRssBytes)}`,
    );
  }
  if (figures.mode.includes('PostgreSQL'))
    console.log(
      `  ${'PostgreSQL (all backends)'.padEnd(24)} CPU ${figures.postgresPercent.toFixed(0)} % of one core`,
    );
  if (figures.roles.length === 1) {
    console.log('  probe RSS target: not measurable here (one process holds every role)');
  } else {
    const probeRss = figures.roles.find((role) => role.name === 'probe');
    const rssOk = (probeRss?.maxRssBytes ?? Infinity) < TARGETS.probeRssBytes;
    console.log(`  probe RSS target < ${mb(TARGETS.probeRssBytes)}: ${rssOk ? 'met' : 'MISSED'}`);
  }
  const { stored } = figures;
  console.log(
    `  results stored/s ${stored.storedInWindow.toFixed(1)}; ${stored.totalResults} stored in all; ` +
      `${stored.monitorsEvaluated} monitors evaluated`,
  );
  const backlog = figures.evaluatorBacklog;
  // Growing: the second half of the samples is well above the first (noise of one batch aside).
  const half = Math.floor(backlog.length / 2);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const early = mean(backlog.slice(0, half));
  const late = mean(backlog.slice(half));
  const growing = backlog.length >= 4 && late > Math.max(early * 1.5, early + 200);
  console.log(
    `  evaluator backlog (dirty monitors, every ${STATS_SECONDS} s): ${backlog.join(' ') || '-'}; ` +
      `results not yet applied at the end: ${stored.backlog} (${growing ? 'GROWING' : 'not growing'})`,
  );
  console.log(
    `  database bytes per stored result: ${stored.totalResults ? (stored.rawBytes / stored.totalResults).toFixed(0) : '-'} ` +
      `raw partitions, ${stored.totalResults ? (stored.databaseBytes / stored.totalResults).toFixed(0) : '-'} whole database`,
  );
  return (
    share >= TARGETS.checkedShare && p99 !== undefined && p99 < TARGETS.latenessP99Ms && !growing
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<number> {
  console.log(
    `${MONITORS} HTTP monitors every ${INTERVAL_SECONDS} s (${MONITORS / INTERVAL_SECONDS} checks/s expected); ` +
      `modes: ${MODES.join(', ')}`,
  );
  let met = true;
  for (const mode of MODES) {
    const target = await startCountingTarget();
    try {
      console.log(`\n${mode}:`);
      const figures = mode === 'split' ? await splitRun(target) : await embeddedRun(target);
      met = report(figures) && met;
    } finally {
      await target.close();
    }
  }
  const [load1] = loadavg();
  console.log(
    `\nmachine: ${availableParallelism()} CPUs, load average ${load1!.toFixed(1)} at the end; ` +
      'the target server runs in this benchmark process and shares the machine.',
  );
  console.log(met ? 'All targets met.' : 'Some targets were missed.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
