// Drives HTTP load at one URL and reports throughput and latency percentiles: with wrk when it is
// installed (a C load generator, so the figures measure the server, not the client), else with
// autocannon in this process. Also used by bench/cluster, which adds headers and wrk Lua scripts.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses that were not 2xx/3xx, plus socket errors and timeouts. */
  failures: number;
  tool: 'wrk' | 'autocannon';
  /** What wrk printed (a Lua script's `done` adds its own lines); empty with autocannon. */
  output: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Sent with every request, e.g. a cookie that makes a cache pass the request through. */
  headers?: Record<string, string>;
  /** A wrk Lua script (path) that makes the requests; wrk only. */
  script?: string;
}

/** wrk runs its duration, then gets this long to finish before it is killed. */
const WRK_GRACE_MS = 30_000;

const WRK = process.env.BENCH_WRK ?? '/usr/bin/wrk';

export function loadTool(): 'wrk' | 'autocannon' {
  return existsSync(WRK) ? 'wrk' : 'autocannon';
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return loadTool() === 'wrk' ? runWrk(options) : runAutocannon(options);
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function durationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) throw new Error(`wrk printed a latency I cannot read: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

export function parseWrkOutput(output: string): Omit<LoadResult, 'tool' | 'output'> {
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(output);
    if (!match) throw new Error(`wrk output has no ${p}% latency:\n${output}`);
    return durationMs(match[1]!);
  };
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  if (!rate) throw new Error(`wrk output has no Requests/sec:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSecond: Number(rate[1]),
    p50Ms: percentile('50'),
    p99Ms: percentile('99'),
    failures: non2xx + socketErrors,
  };
}

async function runWrk({
  url,
  connections,
  durationSeconds,
  headers = {},
  script,
}: LoadOptions): Promise<LoadResult> {
  const extra = [
    ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    ...(script ? ['-s', script] : []),
  ];
  // One wrk thread: on a small machine the other core is the server's.
  const { stdout } = await promisify(execFile)(
    WRK,
    [
      '-t1',
      `-c${connections}`,
      `-d${durationSeconds}s`,
      '--timeout',
      '5s',
      '--latency',
      ...extra,
      url,
    ],
    // A wrk that hangs (a server that never answers) must not hang the benchmark.
    { maxBuffer: 1 << 20, timeout: durationSeconds * 1000 + WRK_GRACE_MS, killSignal: 'SIGKILL' },
  );
  return { ...parseWrkOutput(stdout), tool: 'wrk', output: stdout };
}

async function runAutocannon({
  url,
  connections,
  durationSeconds,
  headers,
  script,
}: LoadOptions): Promise<LoadResult> {
  if (script) throw new Error(`${url}: a Lua script needs wrk (${WRK} is missing)`);
  // Loaded only when wrk is missing: a devDependency that production never needs.
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({ url, connections, duration: durationSeconds, headers });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    tool: 'autocannon',
    output: '',
  };
}
