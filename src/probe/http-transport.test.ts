// HttpProbeTransport against a local server: bearer token and paths, and each kind of failure
// (unreachable, 5xx, 429, 401, other 4xx, slow) mapped onto retry, unauthorized or rejected.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { PROBE_API } from '../domain/monitoring/probe-protocol.js';
import {
  ANSWER_TIMEOUT_MS,
  closedPort,
  closeServer,
  listen,
} from './checkers/checker-test-support.js';
import { HttpProbeTransport, parseServerUrl } from './http-transport.js';
import { ProbeTransportError } from './transport.js';

describe('HttpProbeTransport', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string; headers?: Record<string, string> } | 'hang';
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
        if (answer === 'hang') return;
        response.writeHead(answer.status, {
          'content-type': 'application/json',
          ...answer.headers,
        });
        response.end(answer.body);
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

  it('tells "retry later" (5xx, 429 with Retry-After) from "rejected" (4xx, with the reason)', async () => {
    const client = transport();
    answer = { status: 503, body: '{"error":{"code":"draining","message":"shutting down"}}' };
    const unavailable = await failure(client.submit({ agent_id: 'a1', results: [] }));
    assert.equal(unavailable.failure, 'retry');
    assert.equal(unavailable.status, 503);

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
    assert.match(rejected.message, /400: validation_failed: results\[3\]\.id is too long/);

    answer = { status: 401, body: '{"error":{"code":"unauthorized","message":"token revoked"}}' };
    const refused = await failure(client.assignment({ agent_id: 'a1' }));
    assert.equal(refused.failure, 'unauthorized');
    assert.equal(refused.retryable, true, 'results are kept while the token is fixed');
    await client.close();
  });

  it('reports an unreachable or silent server as "retry later"', async () => {
    const down = transport(`http://127.0.0.1:${await closedPort()}`);
    const unreachable = await failure(down.assignment({ agent_id: 'a1' }));
    assert.equal(unreachable.failure, 'retry');
    assert.match(unreachable.message, /unreachable/);
    await down.close();

    answer = 'hang';
    const slow = transport(base, 200);
    assert.equal((await failure(slow.assignment({ agent_id: 'a1' }))).failure, 'retry');
    await slow.close();
  });

  it('refuses a server URL that is not plain http(s)', () => {
    assert.throws(() => parseServerUrl('status.example.com'), /not an absolute URL/);
    assert.throws(() => parseServerUrl('ftp://status.example.com'), /http:\/\/ or https:\/\//);
    assert.throws(() => parseServerUrl('https://u:p@status.example.com'), /credentials/);
    assert.equal(parseServerUrl('https://status.example.com/vigil').pathname, '/vigil');
  });
});
