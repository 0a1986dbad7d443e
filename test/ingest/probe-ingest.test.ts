// Probe ingest over HTTP on both backends: tokens bound to a region, assignment shared among live
// agents, batches stored once and refused whole (nothing stored) when anything is wrong.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROBE_API, PROBE_LIMITS } from '../../src/domain/monitoring/probe-protocol.js';
import { waitFor } from '../cli/cli-support.js';
import { databaseBackends } from '../support/databases.js';
import { serveForSuite } from '../api/client.js';

interface Posted {
  status: number;
  // Tests read several JSON shapes and assert on them field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * The hand-off test posts as two agents that must both stay live between their requests: an
 * agent is dead 2.2 heartbeats after its last one, so with 1 s a loaded machine that stalled for
 * two seconds declared one dead mid-test. 5 s (the default) makes that 11 s; the newcomer's wait
 * (a fifth of a heartbeat) stays short.
 */
const HEARTBEAT_MS = 5_000;

for (const backend of await databaseBackends()) {
  describe(`probe ingest on ${backend.name}`, { skip: backend.skip }, () => {
    const server = serveForSuite(backend, {
      env: { VIGIL_PROBE_HEARTBEAT_SECONDS: String(HEARTBEAT_MS / 1000) },
    });

    async function post(path: string, token: string | undefined, body: unknown): Promise<Posted> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${server.web.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    }

    async function monitor(name: string, regions: string[]): Promise<string> {
      const created = await server.call('POST', '/monitors', {
        json: {
          name,
          type: 'http',
          target: { url: 'http://127.0.0.1:9/' },
          interval: '10s',
          regions,
          conditions: ['status == 200'],
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id;
    }

    async function token(region: string): Promise<string> {
      return (await server.web.services.probeTokens.create({ region })).secret;
    }

    function result(monitorId: string, id: string, checkedAt = new Date()) {
      return {
        id,
        monitor_id: monitorId,
        checked_at: checkedAt.toISOString(),
        passed: false,
        latency_ms: 12.5,
        error_class: 'refused',
        error_message: 'connect ECONNREFUSED 127.0.0.1:9',
        condition_results: [{ condition: 'status == 200', passed: false, observed: {} }],
        facts: { tcp: { connected: false } },
        timings: { totalMs: 12.5 },
      };
    }

    async function storedIds(monitorId: string): Promise<string[]> {
      const rows = await server.web.database.db
        .selectFrom('check_results')
        .select('id')
        .where('monitor_id', '=', monitorId)
        .orderBy('id')
        .execute();
      return rows.map((row) => row.id);
    }

    it('refuses requests without a live token of a region', async () => {
      const none = await post(PROBE_API.assignment, undefined, { agent_id: 'a1' });
      assert.equal(none.status, 401);
      assert.match(none.body.error.message, /probe token/);
      const wrong = await post(PROBE_API.assignment, 'vigil_probe_nope', { agent_id: 'a1' });
      assert.equal(wrong.status, 401);
      const created = await server.web.services.probeTokens.create({ region: 'revoked' });
      await server.web.services.probeTokens.revoke(created.token.id);
      const revoked = await post(PROBE_API.assignment, created.secret, { agent_id: 'a1' });
      assert.equal(revoked.status, 401);
    });

    it("shares a region's monitors among its live agents, each exactly once", async () => {
      const region = 'share';
      const ids = await Promise.all(
        Array.from({ length: 12 }, (_, i) => monitor(`share-${i}`, [region, 'elsewhere'])),
      );
      await monitor('other-region', ['elsewhere']);
      const secret = await token(region);
      const idsOf = (answer: Posted): string[] =>
        answer.body.monitors.map((m: { id: string }) => m.id).sort();
      const alone = await post(PROBE_API.assignment, secret, { agent_id: 'agent-a' });
      assert.equal(alone.status, 200, JSON.stringify(alone.body));
      assert.equal(alone.body.region, region);
      assert.deepEqual(alone.body.agents, ['agent-a']);
      assert.equal(alone.body.heartbeat_ms, HEARTBEAT_MS);
      assert.equal(alone.body.handoff_pending, false);
      assert.deepEqual(idsOf(alone), [...ids].sort());
      const first = alone.body.monitors[0];
      assert.equal(first.type, 'http');
      assert.deepEqual(first.target, { url: 'http://127.0.0.1:9/' });
      assert.equal(first.interval_ms, 10_000);
      assert.deepEqual(first.conditions, ['status == 200']);

      // A newcomer checks nothing until agent-a has been told of it and has dropped its share.
      const joined = await post(PROBE_API.assignment, secret, { agent_id: 'agent-b' });
      assert.equal(joined.body.handoff_pending, true);
      assert.deepEqual(joined.body.monitors, []);
      assert.deepEqual(joined.body.agents, ['agent-a', 'agent-b']);
      assert.ok(joined.body.next_heartbeat_ms <= HEARTBEAT_MS);
      const a = await post(PROBE_API.assignment, secret, { agent_id: 'agent-a' });
      assert.deepEqual(a.body.agents, ['agent-a', 'agent-b']);
      assert.ok(idsOf(a).length < ids.length, 'agent-a dropped what agent-b takes');
      const b = await waitFor('the hand-off to agent-b', async () => {
        const answer = await post(PROBE_API.assignment, secret, { agent_id: 'agent-b' });
        return answer.body.handoff_pending === false ? answer : undefined;
      });
      assert.equal(b.body.handoff_pending, false);
      const shares = [...idsOf(a), ...idsOf(b)];
      assert.equal(shares.length, ids.length);
      assert.deepEqual(shares.sort(), [...ids].sort());

      // A leaving agent is forgotten at once: the other takes everything at its next heartbeat.
      const left = await post(PROBE_API.assignment, secret, { agent_id: 'agent-b', leaving: true });
      assert.equal(left.status, 200);
      assert.deepEqual(left.body.monitors, []);
      const after = await post(PROBE_API.assignment, secret, { agent_id: 'agent-a' });
      assert.deepEqual(after.body.agents, ['agent-a']);
      assert.deepEqual(idsOf(after), [...ids].sort());
    });

    it('stores a batch once, however often it is resent', async () => {
      const id = await monitor('resent', ['eu']);
      const secret = await token('eu');
      const batch = { agent_id: 'p1', results: [result(id, 'r1'), result(id, 'r2')] };
      const first = await post(PROBE_API.results, secret, batch);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body, { accepted: 2, stored: 2 });
      const again = await post(PROBE_API.results, secret, batch);
      assert.deepEqual(again.body, { accepted: 2, stored: 0 });
      assert.deepEqual(await storedIds(id), ['r1', 'r2']);
      const row = await server.web.database.db
        .selectFrom('check_results')
        .selectAll()
        .where('id', '=', 'r1')
        .executeTakeFirstOrThrow();
      assert.equal(row.region, 'eu', 'the region comes from the token');
      assert.equal(row.error_class, 'refused');
      assert.equal(row.latency_ms, 13);
    });

    it('refuses a whole batch naming the field, and stores nothing of it', async () => {
      const id = await monitor('refused', ['us']);
      const secret = await token('us');
      const good = result(id, 'ok-1');
      const cases: Array<[unknown, number, string]> = [
        [
          { agent_id: 'p', results: [good, { ...result(id, 'x'), passed: 'yes' }] },
          400,
          'results[1].passed',
        ],
        [
          { agent_id: 'p', results: [good, { ...result(id, 'x'), checked_at: 'yesterday' }] },
          400,
          'results[1].checked_at',
        ],
        [
          {
            agent_id: 'p',
            results: [good, result(id, 'future', new Date(Date.now() + 3_600_000))],
          },
          400,
          'results[1].checked_at',
        ],
        [
          { agent_id: 'p', results: [good, result('no-such-monitor', 'x')] },
          400,
          'results[1].monitor_id',
        ],
        [
          { agent_id: 'p', results: [good, { ...result(id, 'x'), id: 'bad id!' }] },
          400,
          'results[1].id',
        ],
        [
          { agent_id: 'p', results: [good, { ...result(id, 'x'), latency_ms: -1 }] },
          400,
          'results[1].latency_ms',
        ],
        [
          {
            agent_id: 'p',
            results: [good, { ...result(id, 'x'), facts: { body: 'x'.repeat(20_000) } }],
          },
          400,
          'results[1].facts',
        ],
        [{ agent_id: '', results: [good] }, 400, 'agent_id'],
        [{ agent_id: 'p', results: 'all' }, 400, 'results'],
        [
          {
            agent_id: 'p',
            results: Array.from({ length: PROBE_LIMITS.maxBatchResults + 1 }, (_, i) =>
              result(id, `n${i}`),
            ),
          },
          413,
          'results',
        ],
      ];
      for (const [body, status, field] of cases) {
        const answer = await post(PROBE_API.results, secret, body);
        assert.equal(answer.status, status, `${field}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error.field, field, answer.body.error.message);
      }
      const malformed = await post(PROBE_API.results, secret, '{"agent_id": "p", "results": [');
      assert.equal(malformed.status, 400);
      assert.deepEqual(await storedIds(id), []);
    });

    it('stores a batch of the largest size, one result for each of thousands of monitors', async () => {
      // Each result makes its own rollup rows here: the statements must stay within the
      // protocol's parameter limit however large a (resent) batch is.
      const settings = (await server.web.services.monitors.get(await monitor('many-0', ['bulk'])))
        .monitor.settings;
      const ids = Array.from({ length: PROBE_LIMITS.maxBatchResults }, (_, i) => `bulk-${i}`);
      for (let i = 0; i < ids.length; i += 1000) {
        await server.web.database.db
          .insertInto('monitors')
          .values(
            ids.slice(i, i + 1000).map((id) => ({
              id,
              name: id,
              type: 'http' as const,
              spec: JSON.stringify({ url: 'http://127.0.0.1:9/' }),
              settings: JSON.stringify(settings),
              conditions: [],
            })),
          )
          .execute();
      }
      const secret = await token('bulk');
      const answer = await post(PROBE_API.results, secret, {
        agent_id: 'p',
        results: ids.map((id) => result(id, `${id}-r`)),
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body, { accepted: ids.length, stored: ids.length });
      const rollups = await server.web.database.db
        .selectFrom('rollups_hourly')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('monitor_id', 'like', 'bulk-%')
        .executeTakeFirstOrThrow();
      assert.ok(Number(rollups.n) >= ids.length * 2, `${rollups.n} hourly rollup rows`);
    });

    it("refuses results for a monitor the token's region does not check", async () => {
      const id = await monitor('us-only', ['us-east']);
      const secret = await token('eu-west');
      const answer = await post(PROBE_API.results, secret, {
        agent_id: 'p',
        results: [result(id, 'wrong-region')],
      });
      assert.equal(answer.status, 403);
      assert.match(answer.body.error.message, /not checked from region "eu-west"/);
      assert.deepEqual(await storedIds(id), []);
    });
  });
}
