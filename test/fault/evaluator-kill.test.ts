// Fault test 6: SIGKILL one of two evaluators while monitors keep changing state. Heartbeat
// monitors (failure and success thresholds of 1) are pushed alternately "ok" and "fail" through
// nginx, so every pushed result is a state change; one evaluator is killed halfway. Afterwards
// every monitor's transitions form one unbroken chain with one transition per pushed result (none
// lost, none written twice), each transition has exactly one outbox row, the surviving evaluator
// brought every monitor to its final state, and the public page never failed meanwhile.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { request } from 'undici';
import type { Cluster } from '../../scripts/cluster/launcher.js';
import { waitFor } from '../cli/cli-support.js';
import { nginxUnavailable, postgresUnavailable } from '../support/services.js';
import { describeLoad, startLoad } from '../support/load.js';
import { siteTargets, startSiteCluster, type SiteCluster } from './support/site.js';

const MONITORS = 30;
const ROUNDS = 16;
/** The evaluator dies after this many rounds of pushes. */
const KILL_AFTER_ROUND = 6;
const ROUND_PAUSE_MS = 500;

interface TransitionRow {
  id: string;
  monitor_id: string;
  from_status: string;
  to_status: string;
}

const skip = (await postgresUnavailable()) || nginxUnavailable();

describe('an evaluator killed while states change', { skip }, () => {
  let site: SiteCluster;
  let cluster: Cluster;
  let sql: pg.Client;
  const monitors: Array<{ id: string; path: string }> = [];

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await request(`${cluster.url}${path}`, {
      method,
      dispatcher: cluster.dispatcher,
      headers: {
        authorization: `Bearer ${cluster.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: text ? JSON.parse(text) : null };
  };

  before(async () => {
    site = await startSiteCluster({
      webInstances: 2,
      evaluators: 2,
      env: { VIGIL_STATS_LOG_SECONDS: '1' },
    });
    cluster = site.cluster;
    sql = new pg.Client({ connectionString: site.databaseUrl });
    await sql.connect();
    for (let index = 0; index < MONITORS; index++) {
      const created = await api('POST', '/api/v1/monitors', {
        name: `job-${index}`,
        type: 'heartbeat',
        // Far longer than the test: only pushed results change these monitors.
        interval: '1h',
        target: { grace: '1h' },
        failure_threshold: 1,
        success_threshold: 1,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      monitors.push({ id: created.body.id, path: created.body.heartbeat.path });
    }
  });

  after(async () => {
    await sql?.end();
    await site?.stop();
  });

  it('loses no transition, writes none twice, and the survivor takes over', async () => {
    const load = startLoad({
      ca: cluster.caCertPem,
      concurrency: 4,
      targets: siteTargets(cluster),
    });
    const pushed = new Map<string, number>(monitors.map((m) => [m.id, 0]));
    const push = async (monitor: { id: string; path: string }, ok: boolean) => {
      const path = ok ? monitor.path : `${monitor.path}/fail`;
      const answer = await api('POST', path);
      assert.equal(answer.status, 200, `${path}: ${JSON.stringify(answer.body)}`);
      pushed.set(monitor.id, pushed.get(monitor.id)! + 1);
    };
    const [killed, survivor] = cluster.evaluators as [
      (typeof cluster.evaluators)[0],
      (typeof cluster.evaluators)[0],
    ];
    let killedAt: Date | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      // Even rounds report success, odd ones failure: with thresholds of 1, each is a change.
      await Promise.all(monitors.map((monitor) => push(monitor, round % 2 === 0)));
      if (round === KILL_AFTER_ROUND) {
        assert.match(
          killed.output(),
          /"evaluations":[1-9]/,
          'the evaluator killed had been working',
        );
        killed.kill('SIGKILL');
        await killed.exited;
        killedAt = new Date();
      }
      await new Promise((resolve) => setTimeout(resolve, ROUND_PAUSE_MS));
    }
    // The last round decides where every monitor ends; the survivor alone must bring them there.
    const finalStatus = (ROUNDS - 1) % 2 === 0 ? 'up' : 'down';
    await waitFor(
      `every monitor ${finalStatus} after the last round`,
      async () => {
        const { rows } = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM monitor_states
            WHERE monitor_id = ANY($1) AND status = $2`,
          [monitors.map((m) => m.id), finalStatus],
        );
        return rows[0]!.n === MONITORS ? true : undefined;
      },
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${survivor.output().slice(-3000)}`);
    });
    const report = await load.stop();

    const { rows: transitions } = await sql.query<TransitionRow>(
      `SELECT id, monitor_id, from_status, to_status FROM monitor_transitions
        WHERE monitor_id = ANY($1) ORDER BY monitor_id, at, id`,
      [monitors.map((m) => m.id)],
    );
    const byMonitor = new Map<string, TransitionRow[]>();
    for (const row of transitions) {
      byMonitor.set(row.monitor_id, [...(byMonitor.get(row.monitor_id) ?? []), row]);
    }
    for (const monitor of monitors) {
      const chain = byMonitor.get(monitor.id) ?? [];
      // One transition per pushed result: the first takes it out of its initial status, every
      // later one flips it.
      assert.equal(chain.length, pushed.get(monitor.id), `${monitor.id}: ${JSON.stringify(chain)}`);
      chain.forEach((transition, index) => {
        assert.notEqual(transition.from_status, transition.to_status);
        if (index > 0) {
          assert.equal(
            transition.from_status,
            chain[index - 1]!.to_status,
            `${monitor.id}: transition ${index} does not continue the chain: ${JSON.stringify(chain)}`,
          );
        }
      });
      assert.equal(chain.at(-1)?.to_status, finalStatus);
    }

    const { rows: events } = await sql.query<{ event_id: string; n: number }>(
      `SELECT payload->>'event_id' AS event_id, count(*)::int AS n FROM outbox
        WHERE kind LIKE 'monitor.%' AND payload->>'monitor_id' = ANY($1)
        GROUP BY 1`,
      [monitors.map((m) => m.id)],
    );
    const outboxCount = new Map(events.map((row) => [row.event_id, row.n]));
    assert.equal(outboxCount.size, transitions.length, 'one outbox event per transition');
    for (const transition of transitions) {
      assert.equal(outboxCount.get(transition.id), 1, `outbox rows for ${transition.id}`);
    }

    const { rows: afterKill } = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM monitor_transitions WHERE monitor_id = ANY($1) AND at > $2',
      [monitors.map((m) => m.id), killedAt],
    );
    assert.ok(afterKill[0]!.n >= MONITORS, 'the survivor wrote the transitions after the kill');

    assert.ok(report.requests > 0, describeLoad(report));
    assert.equal(report.failures.length, 0, describeLoad(report));
  });
});
