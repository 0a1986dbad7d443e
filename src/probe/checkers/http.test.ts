// HTTP checker against real local servers: statuses, redirects, timeouts, resets, large bodies.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  ANSWER_TIMEOUT_MS,
  assertOrderedTimings,
  closedPort,
  closeServer,
  listen,
} from './checker-test-support.js';
import { httpChecker, MAX_BODY_BYTES } from './http.js';

const LARGE_BODY_BYTES = MAX_BODY_BYTES * 2;

function route(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://target');
  const hops = /^\/redirect\/(\d+)$/.exec(url.pathname);
  if (hops) {
    const left = Number(hops[1]);
    if (left === 0) return void response.end('arrived');
    response.writeHead(302, { location: `/redirect/${left - 1}` }).end();
  } else if (url.pathname === '/ok') {
    response.writeHead(200, { 'X-Test': 'a', 'Content-Type': 'text/plain' }).end('ok');
  } else if (url.pathname.startsWith('/status/')) {
    response.writeHead(Number(url.pathname.slice(8))).end();
  } else if (url.pathname === '/echo') {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () =>
      response.end(JSON.stringify({ method: request.method, body, token: request.headers.token })),
    );
  } else if (url.pathname === '/moved') {
    response.writeHead(Number(url.searchParams.get('code')), { location: '/echo' }).end();
  } else if (url.pathname === '/large') {
    response.end(Buffer.alloc(LARGE_BODY_BYTES, 'a'));
  } else if (url.pathname === '/reset') {
    request.socket.destroy();
  } else if (url.pathname !== '/slow') {
    response.writeHead(404).end();
  } // '/slow' never answers.
}

describe('http checker', () => {
  let server: Server;
  let garbage: TcpServer;
  let base: string;
  let garbagePort: number;
  const connections: number[] = [];

  before(async () => {
    server = createServer(route);
    server.on('connection', (socket) => connections.push(socket.remotePort ?? 0));
    base = `http://127.0.0.1:${await listen(server)}`;
    garbage = createTcpServer((socket) => socket.end('NOT HTTP AT ALL\r\n\r\n'));
    garbagePort = await listen(garbage);
  });
  after(() => Promise.all([closeServer(server), closeServer(garbage)]));

  it('reports status, body, lower-cased headers and ordered timings', async () => {
    const outcome = await httpChecker.check(
      { url: `${base}/ok` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.equal(outcome.facts.status, 200);
    assert.equal(outcome.facts.body, 'ok');
    assert.equal(outcome.facts.body_truncated, false);
    assert.equal(outcome.facts.headers?.['x-test'], 'a');
    assert.equal(outcome.facts.latency, outcome.latencyMs);
    assertOrderedTimings(outcome.timings, ['connectMs', 'firstByteMs', 'totalMs']);
  });

  it('times DNS when the URL names a host, and opens a fresh connection every check', async () => {
    const port = new URL(base).port;
    const before = connections.length;
    const first = await httpChecker.check(
      { url: `http://localhost:${port}/ok` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    const second = await httpChecker.check(
      { url: `http://localhost:${port}/ok` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(first.error, undefined, JSON.stringify(first.error));
    assertOrderedTimings(first.timings, ['dnsMs', 'connectMs', 'firstByteMs', 'totalMs']);
    assertOrderedTimings(second.timings, ['dnsMs', 'connectMs', 'firstByteMs', 'totalMs']);
    assert.equal(connections.length - before, 2, 'one new connection per check');
  });

  it('reports an error status as a status, not as an error', async () => {
    const outcome = await httpChecker.check(
      { url: `${base}/status/503` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.facts.status, 503);
  });

  it('sends the method, headers and body of the spec', async () => {
    const outcome = await httpChecker.check(
      { url: `${base}/echo`, method: 'POST', headers: { token: 't1' }, body: 'hello' },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(JSON.parse(outcome.facts.body ?? ''), {
      method: 'POST',
      body: 'hello',
      token: 't1',
    });
  });

  it('follows redirects, or reports them when following is off', async () => {
    const followed = await httpChecker.check(
      { url: `${base}/redirect/3` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(followed.facts.status, 200);
    assert.equal(followed.facts.body, 'arrived');
    const reported = await httpChecker.check(
      { url: `${base}/redirect/3`, followRedirects: false },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(reported.error, undefined);
    assert.equal(reported.facts.status, 302);
    assert.equal(reported.facts.headers?.location, '/redirect/2');
  });

  it('keeps POST across a 307 and turns it into GET across a 302', async () => {
    const spec = { method: 'POST' as const, body: 'b' };
    const kept = await httpChecker.check(
      { ...spec, url: `${base}/moved?code=307` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(JSON.parse(kept.facts.body ?? ''), { method: 'POST', body: 'b' });
    const changed = await httpChecker.check(
      { ...spec, url: `${base}/moved?code=302` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.deepEqual(JSON.parse(changed.facts.body ?? ''), { method: 'GET', body: '' });
  });

  it('stops after five redirects with a protocol error', async () => {
    const five = await httpChecker.check(
      { url: `${base}/redirect/5` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(five.facts.status, 200);
    const six = await httpChecker.check(
      { url: `${base}/redirect/6` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(six.error?.class, 'protocol');
    assert.match(six.error?.message ?? '', /more than 5 redirects/);
  });

  it('cuts a large body at the limit and flags it', async () => {
    const outcome = await httpChecker.check(
      { url: `${base}/large` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
    assert.equal(outcome.facts.body?.length, MAX_BODY_BYTES);
    assert.equal(outcome.facts.body_truncated, true);
  });

  it('classifies a response that never comes as a timeout', async () => {
    const outcome = await httpChecker.check({ url: `${base}/slow` }, { timeoutMs: 300 });
    assert.equal(outcome.error?.class, 'timeout');
    assert.equal(outcome.facts.status, undefined);
    // Its own 300 ms gave up, not a default of the client; the bound leaves room for a stall.
    assert.ok(
      outcome.latencyMs >= 300 && outcome.latencyMs < ANSWER_TIMEOUT_MS,
      `${outcome.latencyMs} ms`,
    );
    assertOrderedTimings(outcome.timings, ['connectMs', 'totalMs']);
  });

  it('classifies a connection closed by the server as a reset', async () => {
    const outcome = await httpChecker.check(
      { url: `${base}/reset` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'reset', JSON.stringify(outcome.error));
  });

  it('classifies a closed port as refused', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const outcome = await httpChecker.check({ url }, { timeoutMs: ANSWER_TIMEOUT_MS });
    assert.equal(outcome.error?.class, 'refused');
  });

  it('classifies an unknown host as a DNS failure', async () => {
    const outcome = await httpChecker.check(
      { url: 'http://no-such-host.invalid/' },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'dns');
  });

  it('classifies a reply that is not HTTP as a protocol error', async () => {
    const outcome = await httpChecker.check(
      { url: `http://127.0.0.1:${garbagePort}/` },
      { timeoutMs: ANSWER_TIMEOUT_MS },
    );
    assert.equal(outcome.error?.class, 'protocol', JSON.stringify(outcome.error));
  });

  it('reports an unusable URL as an unknown error instead of throwing', async () => {
    for (const url of ['ftp://127.0.0.1/', 'not a url']) {
      const outcome = await httpChecker.check({ url }, { timeoutMs: ANSWER_TIMEOUT_MS });
      assert.equal(outcome.error?.class, 'unknown', url);
    }
  });
});
