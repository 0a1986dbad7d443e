// Local targets for the checker tests: free ports, certificates made with openssl, timing checks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhaseTimings } from './checker.js';

export interface TestCertificates {
  ca: string;
  valid: { key: string; cert: string };
  expired: { key: string; cert: string };
  /** Signed by the CA but for another name only. */
  otherName: { key: string; cert: string };
}

/** The reason certificates cannot be made here, or false. */
export function opensslMissing(): string | false {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'the openssl command is not installed (apt-get install openssl)';
  }
}

/** A CA, and leaf certificates it signed; `-days -1` gives one that expired as it was made. */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-certs-'));
  const openssl = (command: string) =>
    execFileSync('openssl', command.split(' '), { cwd: dir, stdio: 'pipe' });
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const newKey = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
  const leaf = (name: string, days: number, san: string) => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl(`req ${newKey} -keyout ${name}.key -out ${name}.csr -subj /CN=leaf`);
    openssl(
      `x509 -req -in ${name}.csr -CA ca.pem -CAkey ca.key -CAcreateserial ` +
        `-out ${name}.pem -days ${days} -extfile ${name}.ext`,
    );
    return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
  };
  try {
    openssl(`req -x509 ${newKey} -keyout ca.key -out ca.pem -days 2 -subj /CN=VigilTestCA`);
    return {
      ca: read('ca.pem'),
      valid: leaf('valid', 2, 'DNS:localhost,IP:127.0.0.1'),
      expired: leaf('expired', -1, 'DNS:localhost,IP:127.0.0.1'),
      otherName: leaf('other', 2, 'DNS:other.invalid'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The timeout of a check (or request) that a local target answers: an answer takes milliseconds,
 * but a loaded machine can stall a test process for a second or two, and after a stall Node runs
 * due timers before it reads sockets, so a timeout no longer than the stall fails a check whose
 * answer had arrived. Tests of timeouts use short ones against targets that never answer.
 */
export const ANSWER_TIMEOUT_MS = 10_000;

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function listen(server: Server | HttpServer): Promise<number> {
  const open = new Set<Socket>();
  openSockets.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('server has no port'));
    });
  });
}

/** Closes a server without waiting for its clients to hang up (half-closed sockets linger). */
export function closeServer(server: Server | HttpServer): Promise<void> {
  const open = openSockets.get(server) ?? new Set();
  for (const socket of open) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

const openSockets = new WeakMap<object, Set<Socket>>();

/** Each phase that happened finished no earlier than the one before it. */
export function assertOrderedTimings(
  timings: PhaseTimings | undefined,
  expected: readonly (keyof PhaseTimings)[],
): void {
  assert.ok(timings, 'timings are reported');
  let previous = 0;
  for (const phase of expected) {
    const value: number | undefined = timings[phase];
    assert.ok(typeof value === 'number', `${phase} is reported`);
    assert.ok(value >= previous, `${phase} (${value}) comes after ${previous}`);
    previous = value;
  }
}
