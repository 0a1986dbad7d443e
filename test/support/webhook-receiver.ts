// A webhook receiver on 127.0.0.1 for notification tests: records every request exactly as it
// came (method, path, headers, raw body), answers per path as told (a status, or never), and
// counts event ids so tests can tell deliveries from duplicates.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. /hook?x=1 */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with a request: answer with a status, or hang until closed. */
export type Behaviour =
  | {
      status: number;
      headers?: Record<string, string>;
      /** The answer's body, or made from the request's path (a server quoting the URL). */
      body?: string | ((path: string) => string);
    }
  | 'hang';

export interface WebhookReceiver {
  url: string;
  /** How requests to paths starting with `prefix` are answered (default: 200). */
  behave(prefix: string, behaviour: Behaviour): void;
  requests(prefix?: string): ReceivedRequest[];
  /** Vigil-Event-Id → how many times it arrived (answered 2xx or not). */
  eventIdCounts(prefix?: string): Map<string, number>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const behaviours = new Map<string, Behaviour>();
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const behaviourFor = (path: string): Behaviour => {
    let best: [string, Behaviour] | undefined;
    for (const entry of behaviours) {
      if (path.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
    }
    return best?.[1] ?? { status: 200 };
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({
        method: request.method ?? '',
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const behaviour = behaviourFor(path);
      if (behaviour === 'hang') {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      }
      response.writeHead(behaviour.status, behaviour.headers ?? {});
      response.end(
        typeof behaviour.body === 'function'
          ? behaviour.body(path)
          : (behaviour.body ??
              (behaviour.status >= 400 ? `receiver says ${behaviour.status}` : 'ok')),
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const matching = (prefix: string | undefined) =>
    received.filter((request) => prefix === undefined || request.path.startsWith(prefix));
  return {
    url: `http://127.0.0.1:${port}`,
    behave(prefix, behaviour) {
      behaviours.set(prefix, behaviour);
    },
    requests: (prefix) => matching(prefix),
    eventIdCounts(prefix) {
      const counts = new Map<string, number>();
      for (const request of matching(prefix)) {
        const id = String(request.headers['vigil-event-id'] ?? '');
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
