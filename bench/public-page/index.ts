// Benchmark of the public status page: seeds a busy page, starts `vigil start` as a child process
// and measures the HTML page and summary.json against a trivial route of the same server.
// Environment: BENCH_DATABASE_URL (PostgreSQL server to create a scratch database on; default
// embedded PGlite), BENCH_DURATION_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_WRK (/usr/bin/wrk).
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTool, runLoad, type LoadResult } from './load.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { SEED_SHAPE, seedBusyDatabase } from './seed.js';
import { startVigil, type VigilProcess } from '../support/vigil-process.js';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARM_UP_SECONDS = 2;
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 20;

const ROUTES = [
  { name: 'trivial', path: '/healthz' },
  { name: 'page', path: '/' },
  { name: 'summary', path: '/api/v2/summary.json' },
] as const;
type RouteName = (typeof ROUTES)[number]['name'];

interface RouteResult extends LoadResult {
  /** Server CPU time per request in microseconds (Linux), robust to other load on the machine. */
  cpuUsPerRequest: number | undefined;
}

async function measure(vigil: VigilProcess): Promise<Record<RouteName, RouteResult>> {
  const baseUrl = vigil.url;
  for (const route of ROUTES) {
    const response = await fetch(`${baseUrl}${route.path}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${route.path} answered ${response.status}`);
  }
  const results = {} as Record<RouteName, RouteResult>;
  for (const route of ROUTES) {
    const url = `${baseUrl}${route.path}`;
    // Let the JIT settle on this route's code path before the figures count.
    await runLoad({ url, connections: CONNECTIONS, durationSeconds: WARM_UP_SECONDS });
    const cpuBefore = vigil.cpuMs();
    const result = await runLoad({
      url,
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
    });
    const cpuAfter = vigil.cpuMs();
    const requests = result.requestsPerSecond * DURATION_SECONDS;
    results[route.name] = {
      ...result,
      cpuUsPerRequest:
        cpuBefore === undefined || cpuAfter === undefined || requests === 0
          ? undefined
          : ((cpuAfter - cpuBefore) * 1000) / requests,
    };
  }
  return results;
}

function report(results: Record<RouteName, RouteResult>): boolean {
  const rows = ROUTES.map(({ name, path }) => {
    const r = results[name];
    return [
      name,
      path,
      r.requestsPerSecond.toFixed(0),
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.cpuUsPerRequest === undefined ? '-' : r.cpuUsPerRequest.toFixed(1),
      String(r.failures),
    ];
  });
  const header = ['route', 'path', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'errors'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));

  let met = true;
  const trivial = results.trivial.requestsPerSecond;
  console.log('');
  for (const name of ['page', 'summary'] as const) {
    const ratio = results[name].requestsPerSecond / trivial;
    const ratioOk = ratio >= TARGET_RATIO;
    const p99Ok = results[name].p99Ms < TARGET_P99_MS;
    met &&= ratioOk && p99Ok;
    const cpu = results[name].cpuUsPerRequest;
    const trivialCpu = results.trivial.cpuUsPerRequest;
    const cpuRatio = cpu && trivialCpu ? `; CPU-cost ratio ${(trivialCpu / cpu).toFixed(2)}` : '';
    console.log(
      `${name}/trivial = ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratioOk ? 'met' : 'MISSED'}); ` +
        `p99 ${results[name].p99Ms.toFixed(2)} ms (target < ${TARGET_P99_MS} ms: ${p99Ok ? 'met' : 'MISSED'})${cpuRatio}`,
    );
  }
  const [load1] = loadavg();
  console.log(
    `machine: ${availableParallelism()} CPUs, load average ${load1!.toFixed(1)} at the end ` +
      '(figures from a busy machine understate the server; the CPU-cost ratio is less affected)',
  );
  console.log(met ? '\nAll targets met.' : '\nSome targets were missed.');
  return results.trivial.failures + results.page.failures + results.summary.failures === 0;
}

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-'));
  let scratch: ScratchDatabase | undefined;
  try {
    if (process.env.BENCH_DATABASE_URL) {
      scratch = await createScratchDatabase(process.env.BENCH_DATABASE_URL);
    }
    console.log(
      `database: ${scratch ? 'PostgreSQL (scratch database)' : 'PGlite'}; load: ${loadTool()}, ` +
        `${CONNECTIONS} connections, ${DURATION_SECONDS} s per route`,
    );
    const seedMs = await seedBusyDatabase(dataDir, scratch?.url);
    console.log(
      `seeded ${SEED_SHAPE.groups} groups, ${SEED_SHAPE.components} components, ` +
        `${SEED_SHAPE.activeIncidents} active and ${SEED_SHAPE.pastIncidents} past incidents in ${(seedMs / 1000).toFixed(1)} s`,
    );
    const vigil = await startVigil({
      DATA_DIR: dataDir,
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    });
    let results: Record<RouteName, RouteResult>;
    try {
      results = await measure(vigil);
    } finally {
      await vigil.stop();
    }
    return report(results) ? 0 : 1;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
