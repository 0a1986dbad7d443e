// HttpProbeTransport against a local server: bearer token and paths, and each kind of failure
// (unreachable, 5xx, 429, 401, other 4xx, slow) mapped onto retry, timeout, unauthorized or
// rejected.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PROBE_API } from '../domain/monitoring/probe-protocol.js';
import {
  ANSWER_TIMEOUT_MS,
  closedPort,
  closeServer,
  listen,
} from './checkers/checker-test-support.js';
import { fakeResult } from './probe-test-support.js';
import { HttpProbeTransport, parseServerUrl } from './http-transport.js';
import { ProbeTransportError } from './transport.js';

describe('HttpProbeTransport', () => {
  let server: Server;
  let base: string;
  interface Answer {
    status: number;
    body: string;
    headers?: Record<string, string>;
    /** The server answers only once this settles (after the client gave up, in the slow test). */
    after?: Promise<void>;
    /** Called once the server has read the whole request. */
    received?: () => void;
  }
  let answer: Answer;
  const seen: { path: string; auth: string | undefined; body: unknown }[] = [];

  before(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        seen.push({
          path: request.url ?? '',
          auth: request.headers.authorization,
          body: JSON.parse(text),
        });
        const { status, body, headers, after, received } = answer;
        received?.();
        void (after ?? Promise.resolve()).then(() => {
          if (response.destroyed) return;
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(body);
        });
      });
    });
    base = `http://127.0.0.1:${await listen(server)}/prefix`;
  });
  after(() => closeServer(server));

  const transport = (serverUrl = base, timeoutMs = ANSWER_TIMEOUT_MS) =>
    new HttpProbeTransport({ serverUrl, token: 'vigil_probe_secret', timeoutMs });

  async function failure(promise: Promise<unknown>): Promise<ProbeTransportError> {
    const error = await promise.then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ProbeTransportError, String(error));
    return error;
  }

  it('posts to the protocol paths under the server URL with the bearer token', async () => {
    const client = transport();
    answer = { status: 200, body: JSON.stringify({ accepted: 1, stored: 1 }) };
    const receipt = await client.submit({ agent_id: 'a1', results: [] });
    assert.deepEqual(receipt, { accepted: 1, stored: 1 });
    const request = seen.at(-1);
    assert.equal(request?.path, `/prefix${PROBE_API.results}`);
    assert.equal(request?.auth, 'Bearer vigil_probe_secret');
    assert.deepEqual(request?.body, { agent_id: 'a1', results: [] });
    answer = { status: 200, body: JSON.stringify({ monitors: [] }) };
    await client.assignment({ agent_id: 'a1' });
    assert.equal(seen.at(-1)?.path, `/prefix${PROBE_API.assignment}`);
    await client.close();
  });

  it('tells "retry later" (5xx, 429 with Retry-After), "timeout" (a proxy\'s 504) and "rejected" (4xx, with the reason)', async () => {
    const client = transport();
    answer = { status: 503, body: '{"error":{"code":"draining","message":"shutting down"}}' };
    const unavailable = await failure(client.submit({ agent_id: 'a1', results: [] }));
    assert.equal(unavailable.failure, 'retry');
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.refused, false);

    // A proxy that gave up waiting for web: web has the batch and may store it, as on a timeout.
    answer = { status: 504, body: '<html><body>504 Gateway Time-out</body></html>' };
    const proxyGaveUp = await failure(client.submit({ agent_id: 'a1', results: [] }));
    assert.deepEqual([proxyGaveUp.failure, proxyGaveUp.status], ['timeout', 504]);
    assert.equal(proxyGaveUp.retryable, true);
    assert.equal(proxyGaveUp.refused, false);
    for (const status of [500, 502, 408]) {
      answer = { status, body: '{}' };
      const again = await failure(client.submit({ agent_id: 'a1', results: [] }));
      assert.deepEqual([again.failure, again.status], ['retry', status]);
    }

    answer = { status: 429, body: '{}', headers: { 'retry-after': '7' } };
    const limited = await failure(client.submit({ agent_id: 'a1', results: [] }));
    assert.deepEqual([limited.failure, limited.retryAfterMs], ['retry', 7_000]);

    answer = {
      status: 400,
      body: '{"error":{"code":"validation_failed","message":"results[3].id is too long","field":"results"}}',
    };
    const rejected = await failure(client.submit({ agent_id: 'a1', results: [] }));
    assert.equal(rejected.failure, 'rejected');
    assert.equal(rejected.retryable, false);
    assert.equal(rejected.refused, true);
    assert.match(rejected.message, /400: validation_failed: results\[3\]\.id is too long/);

    answer = { status: 401, body: '{"error":{"code":"unauthorized","message":"token revoked"}}' };
    const refused = await failure(client.assignment({ agent_id: 'a1' }));
    assert.equal(refused.failure, 'unauthorized');
    assert.equal(refused.retryable, true, 'results are kept while the token is fixed');
    assert.equal(refused.refused, true, 'a probe starting with it stops at once');
    await client.close();
  });

  it('reports a refused connection as "retry later"', async () => {
    const down = transport(`http://127.0.0.1:${await closedPort()}`);
    const unreachable = await failure(down.assignment({ agent_id: 'a1' }));
    assert.equal(unreachable.failure, 'retry');
    assert.match(unreachable.message, /unreachable/);
    assert.equal(unreachable.refused, false);
    await down.close();
  });

  it('reports a connection that does not come up in time as "retry later", not as a timeout', async () => {
    // Accepts TCP but never answers the TLS handshake: undici never gets to send the request.
    const silent = createTcpServer(() => {});
    const port = await listen(silent);
    const client = transport(`https://127.0.0.1:${port}`, 200);
    try {
      const error = await failure(client.submit({ agent_id: 'a1', results: [fakeResult('r1')] }));
      assert.equal(error.failure, 'retry', error.message);
      assert.match(error.message, /unreachable/);
    } finally {
      await client.close();
      await closeServer(silent);
    }
  });

  it('reports a server that got the batch but answers too late as "timeout"', async () => {
    const client = transport(base, 3_000);
    answer = { status: 200, body: JSON.stringify({ accepted: 0, stored: 0 }) };
    // A first call opens the keep-alive connection, so the slow one is sent at once.
    await client.submit({ agent_id: 'a1', results: [] });
    let answerNow = (): void => {};
    const after = new Promise<void>((resolve) => (answerNow = resolve));
    let receivedNow = (): void => {};
    const received = new Promise<void>((resolve) => (receivedNow = resolve));
    answer = {
      status: 200,
      body: JSON.stringify({ accepted: 3, stored: 3 }),
      after,
      received: receivedNow,
    };
    const results = ['r1', 'r2', 'r3'].map((id) => fakeResult(id));
    try {
      const slow = await failure(client.submit({ agent_id: 'a1', results }));
      assert.equal(slow.failure, 'timeout', slow.message);
      assert.match(slow.message, /did not answer within 3000 ms/);
      assert.equal(slow.retryable, true);
      assert.equal(slow.refused, false);
      // Web gets the whole batch: a timeout means it may store it after all.
      await received;
      assert.deepEqual(seen.at(-1)?.body, { agent_id: 'a1', results });
    } finally {
      answerNow();
      await client.close();
    }
  });

  it('refuses a server URL that is not plain http(s)', () => {
    assert.throws(() => parseServerUrl('status.example.com'), /not an absolute URL/);
    assert.throws(() => parseServerUrl('ftp://status.example.com'), /http:\/\/ or https:\/\//);
    assert.throws(() => parseServerUrl('https://u:p@status.example.com'), /credentials/);
    assert.equal(parseServerUrl('https://status.example.com/vigil').pathname, '/vigil');
  });
});
