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
  /** Source address of the connection (each region has its own inside network namespaces). */
  from: string;
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

export interface TargetServerOptions {
  /** Address to listen on (default 127.0.0.1; 0.0.0.0 inside a network namespace). */
  host?: string;
  /** Port (default: any free one). */
  port?: number;
  /** Told of every hit as it is recorded (a target in a child process reports them this way). */
  onHit?: (hit: Hit) => void;
}

/** The probe says who it is: `Vigil-Probe/x.y.z (region=eu-west; agent=...)`. */
export function regionOf(request: IncomingMessage): string {
  return /region=([a-z0-9-]+)/.exec(request.headers['user-agent'] ?? '')?.[1] ?? 'unknown';
}

export function agentOf(request: IncomingMessage): string {
  return /agent=([A-Za-z0-9_.:-]+)/.exec(request.headers['user-agent'] ?? '')?.[1] ?? 'unknown';
}

/** The hits seen so far, and waiters for the next one that matches. */
export class HitLog {
  private readonly list: Hit[] = [];
  private readonly waiters = new Set<{
    filter: (hit: Hit) => boolean;
    resolve: (hit: Hit) => void;
  }>();

  record(hit: Hit): void {
    this.list.push(hit);
    for (const waiter of this.waiters) {
      if (!waiter.filter(hit)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(hit);
    }
  }

  hits(): readonly Hit[] {
    return this.list;
  }

  nextHit(filter: (hit: Hit) => boolean, timeoutMs: number): Promise<Hit> {
    return new Promise<Hit>((resolve, reject) => {
      const waiter = {
        filter,
        resolve: (hit: Hit) => {
          clearTimeout(timer);
          resolve(hit);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching hit on the target within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

export async function startTargetServer(options: TargetServerOptions = {}): Promise<TargetServer> {
  const host = options.host ?? '127.0.0.1';
  let healthy = true;
  const blocked = new Set<string>();
  const log = new HitLog();
  const record = (request: IncomingMessage, status: number): void => {
    const hit = {
      region: regionOf(request),
      agent: agentOf(request),
      path: (request.url ?? '/').split('?')[0]!,
      at: Date.now(),
      status,
      from: request.socket.remoteAddress ?? 'unknown',
    };
    log.record(hit);
    options.onHit?.(hit);
  };
  const server: Server = createServer((request, response) => {
    if (blocked.has(regionOf(request))) {
      record(request, 0);
      request.socket.destroy();
      return;
    }
    const status = healthy ? 200 : 503;
    record(request, status);
    response.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    response.end(healthy ? 'OK' : 'unavailable');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/health`,
    setHealthy: (value) => {
      healthy = value;
    },
    block: (...regions) => regions.forEach((region) => blocked.add(region)),
    unblock: (...regions) => regions.forEach((region) => blocked.delete(region)),
    hits: () => log.hits(),
    nextHit: (filter, timeoutMs) => log.nextHit(filter, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
