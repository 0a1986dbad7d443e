// The probe agent with a fake web and a real local HTTP target: assigned checks run and are sent,
// reassignment adds and removes monitors, edits take effect, and an unreachable web loses nothing.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { AssignedMonitor } from '../domain/monitoring/probe-protocol.js';
import { startProbeAgent, type ProbeAgent } from './agent.js';
import { ANSWER_TIMEOUT_MS, closeServer, listen } from './checkers/checker-test-support.js';
import { FakeWeb, recordingLogger, tempDirs } from './probe-test-support.js';
import { FakeClock } from './scheduler/fake-clock.js';

const INTERVAL_MS = 10_000;
const dirs = tempDirs();

describe('probe agent', () => {
  let server: Server;
  let base: string;
  const hits = new Map<string, number>();

  before(async () => {
    server = createServer((request, response) => {
      hits.set(request.url ?? '', (hits.get(request.url ?? '') ?? 0) + 1);
      response.writeHead(request.url === '/missing' ? 404 : 200).end('ok');
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  after(async () => {
    await closeServer(server);
    await dirs.removeAll();
  });

  const monitor = (id: string, path: string, extra: Partial<AssignedMonitor> = {}) => ({
    id,
    name: id,
    type: 'http',
    target: { url: `${base}${path}` },
    interval_ms: INTERVAL_MS,
    timeout_ms: ANSWER_TIMEOUT_MS,
    conditions: ['status == 200'],
    updated_at: '2026-01-01T00:00:00.000Z',
    ...extra,
  });

  async function start(
    web: FakeWeb,
    logger = recordingLogger(),
  ): Promise<{ agent: ProbeAgent; clock: FakeClock }> {
    const clock = new FakeClock();
    const agent = await startProbeAgent({
      region: 'local',
      agentId: 'agent-test',
      transport: web,
      bufferDir: await dirs.make(),
      concurrency: 4,
      logger,
      clock,
    });
    return { agent, clock };
  }

  /** Moves the fake clock one interval, then waits (really) until `done` holds. */
  async function runUntil(
    agent: ProbeAgent,
    clock: FakeClock,
    done: () => boolean,
    deadlineMs = 10_000,
  ): Promise<void> {
    await clock.advance(INTERVAL_MS);
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      await yieldToIo();
      await agent.flushResults();
      if (done()) return;
      if (Date.now() > deadline) throw new Error(`not done: ${JSON.stringify(agent.metrics())}`);
    }
  }

  const resultsOf = (web: FakeWeb, id: string) => web.stored.filter((r) => r.monitor_id === id);

  it('runs the assigned checks against the target and sends the judged results', async () => {
    const web = new FakeWeb();
    web.monitors = [monitor('up', '/a'), monitor('down', '/missing')];
    const { agent, clock } = await start(web);
    assert.equal(agent.metrics().monitors, 2);
    await runUntil(
      agent,
      clock,
      () => resultsOf(web, 'up').length > 0 && resultsOf(web, 'down').length > 0,
    );
    assert.equal(resultsOf(web, 'up')[0]?.passed, true);
    assert.equal(resultsOf(web, 'down')[0]?.passed, false);
    assert.equal(resultsOf(web, 'down')[0]?.facts?.status, 404);
    assert.ok(agent.metrics().sent >= 2);
    await agent.stop();
  });

  it('drops monitors taken away and adds new ones on the next heartbeat', async () => {
    const web = new FakeWeb();
    web.monitors = [monitor('old', '/old')];
    const { agent, clock } = await start(web);
    await runUntil(agent, clock, () => resultsOf(web, 'old').length > 0);
    web.monitors = [monitor('new', '/new')];
    assert.equal(await agent.refreshAssignment(), true);
    const oldHits = hits.get('/old');
    await runUntil(agent, clock, () => resultsOf(web, 'new').length > 0);
    await runUntil(agent, clock, () => resultsOf(web, 'new').length > 1);
    assert.equal(hits.get('/old'), oldHits, 'the removed monitor is no longer checked');
    assert.equal(agent.metrics().monitors, 1);
    await agent.stop();
  });

  it('checks an edited monitor (new updated_at) by its new definition', async () => {
    const web = new FakeWeb();
    web.monitors = [monitor('edit', '/before')];
    const { agent, clock } = await start(web);
    await runUntil(agent, clock, () => resultsOf(web, 'edit').length > 0);
    assert.equal(resultsOf(web, 'edit')[0]?.passed, true);
    web.monitors = [
      monitor('edit', '/after', {
        conditions: ['status == 201'],
        updated_at: '2026-01-01T01:00:00.000Z',
      }),
    ];
    await agent.refreshAssignment();
    const seen = resultsOf(web, 'edit').length;
    await runUntil(agent, clock, () => resultsOf(web, 'edit').length > seen);
    const latest = resultsOf(web, 'edit').at(-1);
    assert.equal(latest?.passed, false, 'judged by the new condition');
    assert.equal(latest?.condition_results[0]?.condition, 'status == 201');
    assert.ok((hits.get('/after') ?? 0) > 0, 'the new target was checked');
    await agent.stop();
  });

  it('keeps checking its last assignment while web is down and sends the results later', async () => {
    const web = new FakeWeb();
    web.monitors = [monitor('steady', '/steady')];
    const { agent, clock } = await start(web);
    web.mode = 'down';
    const before = hits.get('/steady') ?? 0;
    await runUntil(agent, clock, () => agent.metrics().buffered > 0);
    assert.ok((hits.get('/steady') ?? 0) > before, 'checks went on');
    assert.ok(agent.metrics().heartbeatFailures > 0);
    assert.equal(agent.metrics().monitors, 1, 'the last assignment is kept');
    web.mode = 'up';
    await runUntil(
      agent,
      clock,
      () => agent.metrics().buffered === 0 && resultsOf(web, 'steady').length > 0,
    );
    assert.equal(web.resent, 0);
    assert.equal(agent.metrics().heartbeatFailures, 0);
    await agent.stop();
  });

  it('starts while web is unreachable and picks up its assignment once web answers', async () => {
    const web = new FakeWeb();
    web.mode = 'down';
    web.monitors = [monitor('late', '/late')];
    const { agent, clock } = await start(web);
    assert.equal(agent.metrics().monitors, 0);
    assert.equal(agent.metrics().assignedAt, null);
    web.mode = 'up';
    await clock.advance(2_000); // past the first retry
    assert.equal(agent.metrics().monitors, 1);
    await runUntil(agent, clock, () => resultsOf(web, 'late').length > 0);
    await agent.stop();
  });

  it('sends the results of checks in flight when it stops', async () => {
    const web = new FakeWeb();
    web.monitors = [monitor('last', '/last')];
    const { agent, clock } = await start(web);
    await clock.advance(INTERVAL_MS);
    await agent.stop();
    assert.equal(resultsOf(web, 'last').length, agent.metrics().started);
    assert.ok(agent.metrics().started > 0);
  });

  it('comes back early when web asks, and retries no slower than the heartbeat', async () => {
    const web = new FakeWeb();
    web.nextHeartbeatMs = 300;
    const { agent, clock } = await start(web);
    web.clock = clock;
    const t0 = clock.now();
    web.nextHeartbeatMs = undefined;
    await clock.advance(300);
    assert.equal(web.requests.at(-1)?.atMs, t0 + 300, 'the early visit');
    await clock.advance(5_000);
    assert.equal(web.requests.at(-1)?.atMs, t0 + 5_300, 'then the period again');
    web.mode = 'down';
    await clock.advance(30_000);
    const attempts = web.requests.filter((r) => (r.atMs ?? 0) > t0 + 5_300).map((r) => r.atMs!);
    const gaps = attempts.map((at, i) => at - (i === 0 ? t0 + 5_300 : attempts[i - 1]!));
    // First failure after a period, then retries doubling from 1 s but capped at the period.
    assert.deepEqual(gaps.slice(0, 6), [5_000, 1_000, 2_000, 4_000, 5_000, 5_000]);
    await agent.stop();
  });

  it('checks nothing while its hand-off is pending, then its share', async () => {
    const web = new FakeWeb();
    web.monitors = [monitor('shared', '/shared')];
    web.handoffPending = true;
    const logger = recordingLogger();
    const { agent } = await start(web, logger);
    assert.equal(agent.metrics().handoffPending, true);
    assert.equal(agent.metrics().monitors, 0);
    web.handoffPending = false;
    assert.equal(await agent.refreshAssignment(), true);
    assert.equal(agent.metrics().handoffPending, false);
    assert.equal(agent.metrics().monitors, 1);
    assert.ok(logger.lines.some((line) => /waiting for the other agents/.test(line.message)));
    assert.ok(logger.lines.some((line) => /hand-off done/.test(line.message)));
    await agent.stop();
  });

  it('tells web it leaves once its last check has run, so others take over at once', async () => {
    const web = new FakeWeb();
    web.monitors = [monitor('handed', '/handed')];
    const { agent, clock } = await start(web);
    await clock.advance(INTERVAL_MS);
    const beforeStop = web.requests.length;
    await agent.stop();
    const after = web.requests.slice(beforeStop);
    assert.deepEqual(after, [{ agent_id: 'agent-test', leaving: true, atMs: undefined }]);
    assert.equal(agent.metrics().inFlight, 0, 'no check runs after it left');
  });

  it('stops without waiting long when web cannot hear it leave', async () => {
    const web = new FakeWeb();
    web.mode = 'down';
    const { agent } = await start(web);
    await agent.stop();
    assert.equal(web.requests.at(-1)?.leaving, true);
  });
});
