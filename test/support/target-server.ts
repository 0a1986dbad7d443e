// A monitored target for cross-service tests: a local HTTP server that answers healthy or failing,
// refuses chosen probe regions (told apart by the probe's User-Agent), and records every response
// it served with its region, agent, path and time, so tests can compare what was checked with
// what was stored, and see each monitor's timeline (give each monitor a path of its own).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  region: string;
  /** The probe agent that checked (its id, from the User-Agent). */
  agent: string;
  /** The request path, without the query: tells monitors apart when each has its own. */
  path: string;
  at: number;
  /** 200, 503, or 0 for a connection reset on purpose. */
  status: number;
}

export interface TargetServer {
  url: string;
  /** Answer 200 ("OK") or 503. */
  setHealthy(healthy: boolean): void;
  /** Reset the connections of probes of these regions without an answer (as if cut off). */
  block(...regions: string[]): void;
  unblock(...regions: string[]): void;
  hits(): readonly Hit[];
  /** Resolves at the next hit matching `filter` (after now), or rejects after `timeoutMs`. */
  nextHit(filter: (hit: Hit) => boolean, timeoutMs: number): Promise<Hit>;
  close(): Promise<void>;
}

/** The probe says who it is: `Vigil-Probe/x.y.z (region=eu-west; agent=...)`. */
export function regionOf(request: IncomingMessage): string {
  return /region=([a-z0-9-]+)/.exec(request.headers['user-agent'] ?? '')?.[1] ?? 'unknown';
}

export function agentOf(request: IncomingMessage): string {
  return /agent=([A-Za-z0-9_.:-]+)/.exec(request.headers['user-agent'] ?? '')?.[1] ?? 'unknown';
}

export async function startTargetServer(): Promise<TargetServer> {
  let healthy = true;
  const blocked = new Set<string>();
  const hits: Hit[] = [];
  const waiters = new Set<{ filter: (hit: Hit) => boolean; resolve: (hit: Hit) => void }>();
  const record = (hit: Hit): void => {
    hits.push(hit);
    for (const waiter of waiters) {
      if (!waiter.filter(hit)) continue;
      waiters.delete(waiter);
      waiter.resolve(hit);
    }
  };
  const server: Server = createServer((request, response) => {
    const seen = {
      region: regionOf(request),
      agent: agentOf(request),
      path: (request.url ?? '/').split('?')[0]!,
      at: Date.now(),
    };
    if (blocked.has(seen.region)) {
      record({ ...seen, status: 0 });
      request.socket.destroy();
      return;
    }
    const status = healthy ? 200 : 503;
    record({ ...seen, status });
    response.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    response.end(healthy ? 'OK' : 'unavailable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/health`,
    setHealthy: (value) => {
      healthy = value;
    },
    block: (...regions) => regions.forEach((region) => blocked.add(region)),
    unblock: (...regions) => regions.forEach((region) => blocked.delete(region)),
    hits: () => hits,
    nextHit(filter, timeoutMs) {
      return new Promise<Hit>((resolve, reject) => {
        const waiter = {
          filter,
          resolve: (hit: Hit) => {
            clearTimeout(timer);
            resolve(hit);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching hit on the target within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
