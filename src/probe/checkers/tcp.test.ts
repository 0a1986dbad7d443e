// TCP checker against a real listening socket, a closed port and a cancelled check.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  ANSWER_TIMEOUT_MS,
  assertOrderedTimings,
  closedPort,
  closeServer,
  listen,
} from './checker-test-support.js';
import { tcpChecker } from './tcp.js';

describe('tcp checker', () => {
  let server: Server;
  let port: number;
  let accepted = 0;

  before(async () => {
    server = createServer((socket) => {
      accepted += 1;
      socket.end();
    });
    port = await listen(server);
  });
  after(() => closeServer(server));

  it('reports a connection to a listening port, with ordered timings', async () => {
    const before = accepted;
    const outcome = await tcpChecker.check(
      { host: '127.0.0.1', port },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined);
    assert.deepEqual(outcome.facts.tcp, { connected: true });
    assert.equal(outcome.facts.latency, outcome.latencyMs);
    assertOrderedTimings(outcome.timings, ['connectMs', 'totalMs']);
    assert.equal(outcome.timings?.dnsMs, undefined, 'no lookup for an address');
    await waitFor(() => accepted > before);
  });

  it('times the lookup of a host name', async () => {
    const outcome = await tcpChecker.check(
      { host: 'localhost', port },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    // localhost may resolve to ::1 first; happy eyeballs then falls back to 127.0.0.1.
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assertOrderedTimings(outcome.timings, ['dnsMs', 'connectMs', 'totalMs']);
  });

  it('classifies a closed port as refused', async () => {
    const outcome = await tcpChecker.check(
      { host: '127.0.0.1', port: await closedPort() },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(outcome.facts.tcp, { connected: false });
    assert.equal(outcome.error?.class, 'refused');
    assert.match(outcome.error?.message ?? '', /ECONNREFUSED/);
  });

  it('classifies an unknown host name as a DNS failure', async () => {
    const outcome = await tcpChecker.check(
      { host: 'no-such-host.invalid', port: 80 },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(outcome.facts.tcp, { connected: false });
    assert.equal(outcome.error?.class, 'dns');
  });

  it('reports a cancelled check without throwing', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await tcpChecker.check(
      { host: '127.0.0.1', port },
      { timeoutMs: ANSWER_TIMEOUT_MS, signal: controller.signal },
    );
    assert.deepEqual(outcome.facts.tcp, { connected: false });
    assert.equal(outcome.error?.class, 'unknown');
    assert.match(outcome.error?.message ?? '', /cancelled/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), 'condition met within 1 s');
}
