// Region partition, with real network cuts: each probe region runs in a Linux network namespace
// of its own, linked to a hub namespace (target and `web`) by its own veth pair; nftables rules in
// the hub drop (not refuse) a region's packets to one port.
//
//   root namespace: the test, the evaluator (PostgreSQL on 127.0.0.1), and only a blackhole route
//                   for the run's 10.N.0.0/16, so no packet of the test net can leave the machine
//
//   hub  ─ target :8080 on 10.N.0.1 (the monitor's URL; routed from every region)
//        ─ web    :3000 on 0.0.0.0, PostgreSQL over its Unix socket (the filesystem is shared)
//        ─ nftables table inet vigiltest: `ip saddr <region> tcp dport <port> drop` per cut
//     ├── veth 10.N.1.1/24 ── 10.N.1.2/24  r1: probe --server http://10.N.1.1:3000
//     ├── veth 10.N.2.1/24 ── 10.N.2.2/24  r2: probe --server http://10.N.2.1:3000
//     └── veth 10.N.3.1/24 ── 10.N.3.2/24  r3: probe --server http://10.N.3.1:3000
//
// Proves: (a) r1 cut off from the target times out, which with a quorum of 2 of 3 makes the
// monitor degraded (partial outage), never down, and it is up again when the cut heals; (b) r2 cut
// off from web keeps checking and buffers its results, and after the cut heals every result it
// made is stored exactly once (stored results of r2 == responses the target served to r2).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startVigil, stopChild, waitFor, type BackgroundVigil } from '../cli/cli-support.js';
import { createPostgresDatabase, postgresSocketUrl } from '../support/databases.js';
import { createHubTopology, waitForExec, type HubTopology } from '../support/netns.js';
import {
  namespacesUnavailable,
  postgresSocketUnavailable,
  postgresUnavailable,
} from '../support/services.js';
import { startTargetProcess, type TargetProcess } from '../support/target-process.js';
import type { Hit } from '../support/target-server.js';
import {
  applyWebsiteMonitor,
  createProbeTokens,
  waitForMonitorState,
  websiteMonitorId,
  type MonitorStateRow,
} from '../support/website-monitor.js';

const REGIONS = ['r1', 'r2', 'r3'] as const;
/** Ports inside the hub namespace: it has a port space of its own, so fixed ones are free. */
const WEB_PORT = 3000;
const TARGET_PORT = 8080;
/** The shortest interval a monitor may have; the timeout is short so a cut shows quickly. */
const INTERVAL_MS = 10_000;
const TIMEOUT_MS = 2_000;
/** A few intervals: F = 1 plus sending and evaluating, with room for a busy machine. */
const VERDICT_WITHIN_MS = INTERVAL_MS * 3;
/**
 * How long r2 stays cut off from web, in its checks: 4 take over 3 intervals, longer than web's
 * 15 s agent timeout (r2 must rejoin) and long enough that a resend from r2's buffer fails too
 * (each attempt waits out the probe's 10 s request timeout against the silently dropped link).
 */
const CHECKS_DURING_CUT = 4;
/** Results of a region that web cannot hear: a few sends that time out, then the retries. */
const RESEND_WITHIN_MS = 60_000;

const skip =
  (await postgresUnavailable()) || postgresSocketUnavailable() || (await namespacesUnavailable());

describe('probe regions in network namespaces, partitioned', { skip, timeout: 300_000 }, () => {
  let topology: HubTopology;
  let target: TargetProcess;
  let workDir: string;
  let database: { url: string; drop: () => Promise<void> };
  let sql: pg.Client;
  let web: BackgroundVigil;
  let evaluator: BackgroundVigil;
  const probes = new Map<string, BackgroundVigil>();
  let monitorId: string;

  const link = (region: string) => topology.regions.get(region)!;
  const webUrl = (region: string) => `http://${link(region).hubAddress}:${WEB_PORT}`;
  const hitsFrom = (region: string, since = 0): Hit[] =>
    target.hits().filter((hit) => hit.region === region && hit.at >= since);
  const logs = () => {
    const named: Array<[string, BackgroundVigil | undefined]> = [
      ['web', web],
      ['evaluator', evaluator],
      ...probes,
    ];
    return named.map(([name, p]) => `--- ${name}\n${p?.output().slice(-3000) ?? ''}`).join('\n');
  };

  const waitForState = (what: string, accept: (row: MonitorStateRow) => boolean) =>
    waitForMonitorState(sql, monitorId, what, accept, VERDICT_WITHIN_MS, logs);

  /** Results of `region` stored so far; `since` counts only those checked from then on. */
  async function storedFrom(region: string, since = 0): Promise<number> {
    const { rows } = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM check_results
        WHERE monitor_id = $1 AND region = $2 AND checked_at >= to_timestamp($3 / 1000.0)`,
      [monitorId, region, since],
    );
    return Number(rows[0]!.n);
  }

  async function downTransitions(): Promise<number> {
    const { rowCount } = await sql.query(
      "SELECT 1 FROM monitor_transitions WHERE monitor_id = $1 AND to_status = 'down'",
      [monitorId],
    );
    return rowCount ?? 0;
  }

  /** The public components API, asked from inside r3 (test traffic stays in the namespaces). */
  async function componentStatus(): Promise<string | undefined> {
    const response = await topology.fetchIn(
      link('r3').namespace,
      `${webUrl('r3')}/api/v2/components.json`,
    );
    const body = JSON.parse(response.body) as {
      components: Array<{ name: string; status: string }>;
    };
    return body.components.find((component) => component.name === 'Website')?.status;
  }

  /** Web rebuilds its page snapshot when state changes, a moment after the evaluator wrote it. */
  async function waitForComponent(status: string): Promise<void> {
    let seen: string | undefined;
    await waitFor(
      `component Website ${status}`,
      async () => ((seen = await componentStatus()) === status ? true : undefined),
      10_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message} (last seen: ${seen})`);
    });
  }

  /** The fields of the last JSON log line (pino) with this message. */
  function lastLog(output: string, message: string): Record<string, unknown> | undefined {
    for (const line of output.split('\n').reverse()) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (typeof entry.msg === 'string' && entry.msg.includes(message)) return entry;
    }
    return undefined;
  }

  async function startInNamespace(namespace: string, args: string[], env: Record<string, string>) {
    const child = startVigil(args, env, topology.launcher(namespace));
    await waitForExec(child.child);
    return child;
  }

  before(async () => {
    topology = await createHubTopology(REGIONS);
    target = await startTargetProcess(topology.launcher(topology.hub), TARGET_PORT);
    await waitForExec(target.child);
    workDir = await mkdtemp(join(tmpdir(), 'vigil-partition-'));
    database = await createPostgresDatabase();
    const rootEnv = { DATABASE_URL: database.url, LOG_LEVEL: 'info' };
    await applyWebsiteMonitor(rootEnv, workDir, {
      url: `http://${topology.sharedAddress}:${TARGET_PORT}/health`,
      intervalMs: INTERVAL_MS,
      timeoutMs: TIMEOUT_MS,
      regions: REGIONS,
      quorum: 2,
    });
    const tokens = await createProbeTokens(rootEnv, REGIONS);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    monitorId = await websiteMonitorId(sql);

    web = await startInNamespace(topology.hub, ['serve', '--role', 'web'], {
      DATABASE_URL: postgresSocketUrl(database.url),
      HOST: '0.0.0.0',
      PORT: String(WEB_PORT),
      LOG_LEVEL: 'info',
    });
    evaluator = startVigil(['serve', '--role', 'evaluator'], rootEnv);
    for (const region of REGIONS) {
      await waitFor(
        `web to be ready, seen from ${region}`,
        async () => {
          if (web.child.exitCode !== null)
            throw new Error(`web exited with ${web.child.exitCode}:\n${web.output()}`);
          const response = await topology
            .fetchIn(link(region).namespace, `${webUrl(region)}/readyz`)
            .catch(() => undefined);
          return response?.status === 200 ? true : undefined;
        },
        60_000,
      );
    }
    for (const region of REGIONS) {
      const args = ['serve', '--role', 'probe', '--region', region];
      args.push('--server', webUrl(region), '--token', tokens.get(region)!);
      probes.set(
        region,
        await startInNamespace(link(region).namespace, args, {
          DATA_DIR: join(workDir, `probe-${region}`),
          LOG_LEVEL: 'info',
        }),
      );
    }
  });

  after(async () => {
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>) => {
      await step().catch((error: Error) => problems.push(`${what}: ${error.message}`));
    };
    for (const [region, probe] of probes) await attempt(region, () => stopChild(probe.child));
    if (evaluator) await attempt('evaluator', () => stopChild(evaluator.child));
    if (web) await attempt('web', () => stopChild(web.child));
    if (target) await attempt('target', () => target.stop());
    if (sql) await attempt('sql', () => sql.end());
    if (database) await attempt('database', () => database.drop());
    // Last, and also when anything above failed: namespaces, veths and the blackhole route.
    if (topology) await attempt('network', () => topology.destroy());
    if (workDir) await attempt('work dir', () => rm(workDir, { recursive: true, force: true }));
    if (problems.length > 0) throw new Error(`cleanup: ${problems.join('; ')}`);
  });

  it('checks from every region over its own link and reports the monitor up', async () => {
    await waitForState(
      'every region to report, monitor up',
      (row) =>
        row.status === 'up' && REGIONS.every((region) => row.state.regions[region]?.lastResult),
    );
    for (const region of REGIONS) {
      const hits = hitsFrom(region);
      assert.ok(hits.length > 0, `${region} checked the target`);
      // The target tells regions apart by address too: each came over its own veth.
      assert.deepEqual(new Set(hits.map((hit) => hit.from)), new Set([link(region).regionAddress]));
    }
    await waitForComponent('operational');
  });

  it('declares no outage while r1 is cut off from the target, and recovers when it heals', async () => {
    await topology.cut('r1', TARGET_PORT);
    const cutAt = Date.now();
    const row = await waitForState('r1 failing', (state) =>
      state.state.failingRegions.includes('r1'),
    );
    assert.deepEqual(row.state.failingRegions, ['r1']);
    assert.equal(row.status, 'degraded', 'one of three failing is below the quorum of 2');
    const { rows } = await sql.query<{ passed: boolean; error_class: string | null }>(
      `SELECT passed, error_class FROM check_results WHERE monitor_id = $1 AND region = 'r1'
        ORDER BY checked_at DESC LIMIT 1`,
      [monitorId],
    );
    assert.deepEqual(rows[0], { passed: false, error_class: 'timeout' }, 'dropped, not refused');
    await waitForComponent('partial_outage');
    // A check already connected at the cut finishes within milliseconds; later ones never arrive.
    assert.deepEqual(hitsFrom('r1', cutAt + 1_000), [], 'the cut holds');

    await topology.heal('r1', TARGET_PORT);
    await waitForState(
      'recovery once r1 reaches the target again',
      (state) => state.status === 'up' && state.state.failingRegions.length === 0,
    );
    await waitForComponent('operational');
    assert.equal(await downTransitions(), 0, 'no false outage');
  });

  it('stores every result r2 checked while cut off from web, once, after the cut heals', async () => {
    const r2 = probes.get('r2')!;
    await topology.cut('r2', WEB_PORT);
    const cutAt = Date.now();
    try {
      // r2 still reaches the target, so it keeps checking; what it cannot do is report.
      await waitFor(
        'r2 to give up sending (its request times out) and buffer its results',
        () => (lastLog(r2.output(), 'buffering them on disk') ? true : undefined),
        VERDICT_WITHIN_MS,
      );
      await waitFor(
        `r2 to check ${CHECKS_DURING_CUT} times while cut off from web`,
        () => (hitsFrom('r2', cutAt).length >= CHECKS_DURING_CUT ? true : undefined),
        INTERVAL_MS * (CHECKS_DURING_CUT + 2),
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${logs()}`);
    }
    assert.equal(await storedFrom('r2', cutAt), 0, 'nothing of r2 arrives during the cut');
    const checkedDuringCut = hitsFrom('r2', cutAt).length;

    const healAt = Date.now();
    await topology.heal('r2', WEB_PORT);
    await waitFor(
      'every result r2 made to be stored',
      async () => ((await storedFrom('r2')) === hitsFrom('r2').length ? true : undefined),
      RESEND_WITHIN_MS,
    ).catch(async (error: Error) => {
      const stored = await storedFrom('r2');
      throw new Error(
        `${error.message}: target served r2 ${hitsFrom('r2').length}, stored ${stored}\n${logs()}`,
      );
    });
    const { rows } = await sql.query<{ n: string; late: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE received_at >= to_timestamp($3 / 1000.0)) AS late
         FROM check_results
        WHERE monitor_id = $1 AND region = 'r2' AND checked_at >= to_timestamp($2 / 1000.0)
          AND checked_at < to_timestamp($3 / 1000.0)`,
      [monitorId, cutAt, healAt],
    );
    assert.ok(Number(rows[0]!.n) >= checkedDuringCut, 'the results checked during the cut');
    assert.equal(rows[0]!.late, rows[0]!.n, 'arrived after the cut healed');

    // Stop r2 so nothing more is checked, then the counts must still agree: nothing lost, nothing
    // doubled, and nothing left behind in its buffer.
    assert.equal(await stopChild(r2.child), 0, r2.output());
    probes.delete('r2');
    const stopped = lastLog(r2.output(), 'probe agent stopped');
    assert.equal(stopped?.buffered, 0, 'buffer empty at stop');
    assert.equal(stopped?.dropped, 0, 'no result dropped');
    assert.equal(await storedFrom('r2'), hitsFrom('r2').length, 'stored once each');
    assert.equal(await downTransitions(), 0, 'no false outage');
  });
});
