// run-check against real local servers: conditions judged, target errors as results, facts cut.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  PROBE_LIMITS,
  RESULT_ID_PATTERN,
  type AssignedMonitor,
} from '../domain/monitoring/probe-protocol.js';
import {
  ANSWER_TIMEOUT_MS,
  closedPort,
  closeServer,
  listen,
} from './checkers/checker-test-support.js';
import { FACTS_BODY_BYTES } from './result-facts.js';
import { CheckRunner, DEFAULT_HTTP_CONDITION, probeUserAgent } from './run-check.js';

const NOW_MS = Date.UTC(2026, 0, 2, 3, 4, 5);

function monitor(overrides: Partial<AssignedMonitor>): AssignedMonitor {
  return {
    id: 'mon1',
    name: 'test',
    type: 'http',
    target: {},
    interval_ms: 60_000,
    timeout_ms: ANSWER_TIMEOUT_MS,
    conditions: [],
    updated_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('run-check', () => {
  let server: Server;
  let base: string;
  const runner = new CheckRunner({ now: () => NOW_MS });

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/ok') response.end('{"status":"UP"}');
      else if (request.url === '/ua') response.end(request.headers['user-agent'] ?? '');
      else if (request.url === '/large') response.end('é'.repeat(50_000));
      else if (request.url === '/headers') {
        // Within undici's 16 KiB header limit, but with 4 KiB of body over the facts limit.
        response.writeHead(200, { 'x-big': 'h'.repeat(12_500) });
        response.end('b'.repeat(5_000));
      } else response.writeHead(503).end('down');
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  after(() => closeServer(server));

  it('passes when every condition holds, recording each outcome and the facts', async () => {
    const result = await runner.run(
      monitor({
        target: { url: `${base}/ok` },
        conditions: ['status == 200', 'json(body).status == "UP"', 'latency < 10s'],
      }),
    );
    assert.match(result.id, RESULT_ID_PATTERN);
    assert.equal(result.monitor_id, 'mon1');
    assert.equal(result.checked_at, new Date(NOW_MS).toISOString());
    assert.equal(result.passed, true, JSON.stringify(result.condition_results));
    assert.equal(result.error_class, null);
    assert.equal(result.error_message, null);
    assert.deepEqual(
      result.condition_results.map((c) => c.passed),
      [true, true, true],
    );
    assert.equal(result.facts?.status, 200);
    assert.equal(result.facts?.body, '{"status":"UP"}');
    assert.ok(Number.isInteger(result.latency_ms), 'latency is whole milliseconds');
    assert.equal(typeof result.timings?.totalMs, 'number');
  });

  it('fails when one condition does not hold, saying which and what was seen', async () => {
    const result = await runner.run(
      monitor({
        id: 'mon-fail',
        target: { url: `${base}/ok` },
        conditions: ['status == 200', 'body contains "DOWN"'],
      }),
    );
    assert.equal(result.passed, false);
    assert.equal(result.error_class, null);
    assert.deepEqual(
      result.condition_results.map((c) => [c.condition, c.passed]),
      [
        ['status == 200', true],
        ['body contains "DOWN"', false],
      ],
    );
  });

  it('judges an HTTP monitor without conditions by status < 400', async () => {
    const up = await runner.run(monitor({ target: { url: `${base}/ok` } }));
    const down = await runner.run(monitor({ id: 'mon2', target: { url: `${base}/nope` } }));
    assert.equal(up.passed, true);
    assert.equal(down.passed, false);
    assert.equal(down.condition_results[0]?.condition, DEFAULT_HTTP_CONDITION);
    assert.deepEqual(down.condition_results[0]?.observed, { status: 503 });
  });

  it('reports a refused TCP connection as a failed result with its error class', async () => {
    const port = await closedPort();
    const result = await runner.run(
      monitor({ id: 'tcp1', type: 'tcp', target: { host: '127.0.0.1', port } }),
    );
    assert.equal(result.passed, false);
    assert.equal(result.error_class, 'refused');
    assert.ok(result.error_message && result.error_message.length > 0);
    assert.deepEqual(result.condition_results, []);
  });

  it('passes a TCP monitor that connects and has no conditions', async () => {
    const port = Number(new URL(base).port);
    const result = await runner.run(
      monitor({ id: 'tcp2', type: 'tcp', target: { host: '127.0.0.1', port } }),
    );
    assert.equal(result.passed, true, JSON.stringify(result));
    assert.deepEqual(result.facts?.tcp, { connected: true });
  });

  it('reports a type this probe cannot run as a result, not a throw', async () => {
    const result = await runner.run(monitor({ id: 'x', type: 'smtp', target: {} }));
    assert.equal(result.passed, false);
    assert.equal(result.error_class, 'unknown');
    assert.match(result.error_message ?? '', /cannot run "smtp"/);
  });

  it('cuts a large body to a few KB of whole characters and marks it truncated', async () => {
    const result = await runner.run(
      monitor({ id: 'big', target: { url: `${base}/large` }, conditions: ['body contains "éé"'] }),
    );
    assert.equal(result.passed, true);
    const body = result.facts?.body as string;
    assert.ok(Buffer.byteLength(body) <= FACTS_BODY_BYTES);
    assert.ok(body.length > 1000 && /^é+$/.test(body), 'no half character at the cut');
    assert.equal(result.facts?.body_truncated, true);
    assert.ok(Buffer.byteLength(JSON.stringify(result.facts)) <= PROBE_LIMITS.maxFactsBytes);
  });

  it('names the probe and its region as User-Agent unless the monitor sets one', async () => {
    const named = new CheckRunner({
      now: () => NOW_MS,
      userAgent: probeUserAgent('eu-west', 'a1'),
    });
    const result = await named.run(monitor({ target: { url: `${base}/ua` } }));
    assert.equal(result.facts?.body, 'Vigil-Probe/0.1.0 (region=eu-west; agent=a1)');
    const own = await named.run(
      monitor({ target: { url: `${base}/ua`, headers: { 'User-Agent': 'mine/1' } } }),
    );
    assert.equal(own.facts?.body, 'mine/1');
  });

  it('drops headers when they alone would exceed the facts limit', async () => {
    const result = await runner.run(monitor({ id: 'hdr', target: { url: `${base}/headers` } }));
    assert.equal(result.passed, true);
    assert.equal(result.facts?.headers, undefined);
    assert.equal(result.facts?.headers_dropped, true);
    assert.equal(result.facts?.body, 'b'.repeat(FACTS_BODY_BYTES));
    assert.ok(Buffer.byteLength(JSON.stringify(result.facts)) <= PROBE_LIMITS.maxFactsBytes);
  });

  it('uses the new conditions once a monitor is edited (new updated_at)', async () => {
    const first = monitor({
      id: 'edit',
      target: { url: `${base}/ok` },
      conditions: ['status == 500'],
    });
    assert.equal((await runner.run(first)).passed, false);
    const same = { ...first, conditions: ['status == 200'] };
    assert.equal((await runner.run(same)).passed, false, 'same definition: parsed once, cached');
    const edited = { ...same, updated_at: '2026-01-01T00:05:00.000Z' };
    assert.equal((await runner.run(edited)).passed, true);
  });

  it('fails a condition this probe cannot parse instead of throwing', async () => {
    const result = await runner.run(
      monitor({ id: 'bad', target: { url: `${base}/ok` }, conditions: ['status === 200'] }),
    );
    assert.equal(result.passed, false);
    assert.match(result.condition_results[0]?.error ?? '', /cannot parse/);
  });

  it('makes a distinct id for every check', async () => {
    const target = { url: `${base}/ok` };
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await runner.run(monitor({ id: 'same', target }))).id);
    assert.equal(ids.size, 5);
  });
});
