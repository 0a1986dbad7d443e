// Several `vigil serve --role web` processes on one database (and Redis), as behind a load
// balancer, for the tests of what they share: each logs its cache counters every second, which
// the tests read to see whether the shared cache is in use.
import {
  freePort,
  startVigil,
  stopChild,
  waitFor,
  type BackgroundVigil,
} from '../cli/cli-support.js';

export interface CacheStats {
  l1Hits: number;
  builds: number;
  fallbacks: number;
  failures: number;
  l2?: { hits: number; misses: number; stores: number; refused: number; errors: number };
  redisErrors: number;
  databaseReachable: boolean;
}

export interface WebInstance {
  url: string;
  process: BackgroundVigil;
  /** The counters of the latest stats line (undefined before the first one). */
  stats(): CacheStats | undefined;
  stop(): Promise<void>;
}

/** Starts one web instance and waits until it answers /healthz (not /readyz: the database may be down). */
export async function startWebInstance(env: Record<string, string>): Promise<WebInstance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = startVigil(['serve', '--role', 'web'], {
    LOG_LEVEL: 'info',
    VIGIL_STATS_LOG_SECONDS: '1',
    ...env,
    PORT: String(port),
  });
  const instance: WebInstance = {
    url,
    process,
    stats: () => latestStats(process.output()),
    stop: async () => {
      if (process.child.exitCode === null) await stopChild(process.child);
    },
  };
  await waitFor(
    `${url} to answer`,
    async () => {
      if (process.child.exitCode !== null) {
        throw new Error(`web exited with ${process.child.exitCode}:\n${process.output()}`);
      }
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      return response?.ok ? true : undefined;
    },
    60_000,
  );
  return instance;
}

export function waitReady(instance: WebInstance, timeoutMs = 60_000): Promise<true> {
  return waitFor(
    `${instance.url} to be ready`,
    async () => {
      const response = await fetch(`${instance.url}/readyz`).catch(() => undefined);
      return response?.ok ? true : undefined;
    },
    timeoutMs,
  );
}

function latestStats(output: string): CacheStats | undefined {
  const lines = output.split('\n').filter((line) => line.includes('"web cache stats"'));
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as { stats: CacheStats }).stats : undefined;
}

/** A JSON call to the management API with a bearer key. */
export async function callApi(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}
