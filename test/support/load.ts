// A small closed-loop load generator for the fault tests: a few workers request a rotation of
// URLs back to back through one connection pool (as browsers behind a proxy would) and every
// outcome is counted, so a test can assert "zero failed requests" while it kills processes.
import { Agent, request } from 'undici';

export interface LoadTarget {
  /** Shown in failure reports. */
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Statuses that count as success (default: 200 and 304). */
  ok?: readonly number[];
}

export interface LoadFailure {
  at: number;
  target: string;
  /** HTTP status, or the network error's code/message. */
  outcome: string;
}

export interface LoadReport {
  requests: number;
  failures: LoadFailure[];
  /** Requests per target name. */
  byTarget: Record<string, number>;
  /** Responses per status code (and network errors by code). */
  outcomes: Record<string, number>;
  durationMs: number;
}

export interface RunningLoad {
  /** Requests finished so far. */
  count(): number;
  /** Stops the workers, waits for requests in flight, and reports. */
  stop(): Promise<LoadReport>;
}

export interface LoadOptions {
  targets: readonly LoadTarget[];
  /** Requests in flight at once. */
  concurrency?: number;
  /** PEM of the CA that signed the proxy's certificate (tests generate their own). */
  ca?: string | Buffer;
  /** Per-request bound: a request hanging this long is a failure. */
  timeoutMs?: number;
}

export function startLoad(options: LoadOptions): RunningLoad {
  const agent = new Agent({
    connections: options.concurrency ?? 8,
    keepAliveTimeout: 4_000,
    connect: options.ca ? { ca: options.ca } : {},
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const startedAt = Date.now();
  const failures: LoadFailure[] = [];
  const byTarget: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  let requests = 0;
  let next = 0;
  let stopping = false;

  const record = (target: LoadTarget, outcome: string, ok: boolean): void => {
    requests += 1;
    byTarget[target.name] = (byTarget[target.name] ?? 0) + 1;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (!ok) failures.push({ at: Date.now() - startedAt, target: target.name, outcome });
  };

  const worker = async (): Promise<void> => {
    while (!stopping) {
      const target = options.targets[next++ % options.targets.length]!;
      try {
        const response = await request(target.url, {
          dispatcher: agent,
          method: target.method ?? 'GET',
          headers: target.headers,
          body: target.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        await response.body.arrayBuffer();
        const ok = (target.ok ?? [200, 304]).includes(response.statusCode);
        record(target, String(response.statusCode), ok);
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).message;
        record(target, code, false);
      }
    }
  };

  const workers = Array.from({ length: options.concurrency ?? 8 }, () => worker());
  return {
    count: () => requests,
    async stop() {
      stopping = true;
      await Promise.all(workers);
      await agent.close();
      return { requests, failures, byTarget, outcomes, durationMs: Date.now() - startedAt };
    },
  };
}

/** A one-line summary for assertion messages. */
export function describeLoad(report: LoadReport): string {
  const first = report.failures
    .slice(0, 10)
    .map((failure) => `${failure.at} ms ${failure.target}: ${failure.outcome}`);
  return (
    `${report.requests} requests in ${report.durationMs} ms, outcomes ${JSON.stringify(report.outcomes)}, ` +
    `per target ${JSON.stringify(report.byTarget)}; ${report.failures.length} failed` +
    (first.length > 0 ? `:\n  ${first.join('\n  ')}` : '')
  );
}
