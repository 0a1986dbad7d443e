// The one local target every benchmark monitor checks: answers 200 at once and counts responses
// per second, which is what "checks achieved" means from the target's side.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingTarget {
  url: string;
  /** Responses served since start. */
  served(): number;
  close(): Promise<void>;
}

export async function startCountingTarget(): Promise<CountingTarget> {
  let served = 0;
  const server = createServer((_request, response) => {
    served += 1;
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    response.end('OK');
  });
  // Probes keep connections alive; the defaults would close idle ones the probe means to reuse.
  server.keepAliveTimeout = 65_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
