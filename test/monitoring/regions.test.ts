// Split roles on PostgreSQL, as a multi-region deployment runs them: `web`, the evaluator and
// three probe processes (regions r1, r2, r3). One region cut off from the target is no outage
// (and shows in the monitor's region verdicts); two of three are. Restarting a probe or `web`
// while checks run loses no result: every response the target served is stored exactly once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  freePort,
  startVigil,
  stopChild,
  vigil,
  waitFor,
  waitReady,
  type BackgroundVigil,
} from '../cli/cli-support.js';
import { createPostgresDatabase } from '../support/databases.js';
import { postgresUnavailable } from '../support/services.js';
import { startTargetServer, type TargetServer } from '../support/target-server.js';
import {
  applyWebsiteMonitor,
  createProbeTokens,
  waitForMonitorState,
  websiteMonitorId,
  type MonitorStateRow,
} from '../support/website-monitor.js';

const REGIONS = ['r1', 'r2', 'r3'] as const;
const INTERVAL_MS = 10_000;
/** A few intervals: long enough for F = 1 plus sending and evaluating, short enough to fail fast. */
const VERDICT_WITHIN_MS = INTERVAL_MS * 3;

describe(
  'three probe regions, quorum and restarts on PostgreSQL',
  { skip: await postgresUnavailable() },
  () => {
    let target: TargetServer;
    let workDir: string;
    let database: { url: string; drop: () => Promise<void> };
    let sql: pg.Client;
    let env: Record<string, string>;
    let web: BackgroundVigil;
    let evaluator: BackgroundVigil;
    const probes = new Map<string, BackgroundVigil>();
    const tokens = new Map<string, string>();
    let baseUrl: string;
    let monitorId: string;
    let apiKey: string;

    const logs = () =>
      [web, evaluator, ...probes.values()]
        .map((p) => p?.output().slice(-2000) ?? '')
        .join('\n---\n');

    const startWeb = () => startVigil(['serve', '--role', 'web'], env);
    const startProbe = (region: string) =>
      startVigil(
        [
          'serve',
          '--role',
          'probe',
          '--region',
          region,
          '--server',
          baseUrl,
          '--token',
          tokens.get(region)!,
        ],
        { ...env, DATA_DIR: join(workDir, `probe-${region}`) },
      );

    async function componentStatus(): Promise<string | undefined> {
      const response = await fetch(`${baseUrl}/api/v2/components.json`);
      if (!response.ok) return undefined;
      const body = (await response.json()) as {
        components: Array<{ name: string; status: string }>;
      };
      return body.components.find((component) => component.name === 'Website')?.status;
    }

    /**
     * The public component status, once it is `status`: web rebuilds its snapshot on the
     * evaluator's change notice, which may reach it a moment after the test read the new state.
     */
    const componentBecomes = (status: string) =>
      waitFor(
        `the component to be ${status}`,
        async () => ((await componentStatus()) === status ? status : undefined),
        VERDICT_WITHIN_MS,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message} (it is ${await componentStatus()})\n${logs()}`);
      });

    const waitForState = (what: string, accept: (row: MonitorStateRow) => boolean) =>
      waitForMonitorState(sql, monitorId, what, accept, VERDICT_WITHIN_MS, logs);

    before(async () => {
      target = await startTargetServer();
      workDir = await mkdtemp(join(tmpdir(), 'vigil-regions-'));
      database = await createPostgresDatabase();
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      env = {
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'info',
      };
      await applyWebsiteMonitor(env, workDir, {
        url: target.url,
        intervalMs: INTERVAL_MS,
        regions: REGIONS,
      });
      for (const [region, token] of await createProbeTokens(env, REGIONS)) {
        tokens.set(region, token);
      }
      const key = await vigil(['api-key', 'create', '--name', 'test', '--scope', 'read'], env);
      assert.equal(key.code, 0, key.stderr);
      apiKey = key.stdout.trim();
      sql = new pg.Client({ connectionString: database.url });
      await sql.connect();
      monitorId = await websiteMonitorId(sql);
      web = startWeb();
      evaluator = startVigil(['serve', '--role', 'evaluator'], env);
      await waitReady(web, baseUrl);
      for (const region of REGIONS) probes.set(region, startProbe(region));
    });

    after(async () => {
      for (const child of [...probes.values(), evaluator, web]) {
        if (child) await stopChild(child.child).catch(() => undefined);
      }
      await sql?.end();
      await database?.drop();
      await target?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('checks from every region and reports the monitor up', async () => {
      await waitForState(
        'all regions ok',
        (row) =>
          row.status === 'up' && REGIONS.every((region) => row.state.regions[region]?.lastResult),
      );
      for (const region of REGIONS) {
        assert.ok(
          target.hits().some((hit) => hit.region === region),
          `${region} checked`,
        );
      }
      await componentBecomes('operational');
    });

    it('declares no outage when one region of three cannot reach the target', async () => {
      target.block('r1');
      const row = await waitForState('r1 failing', (state) =>
        state.state.failingRegions.includes('r1'),
      );
      assert.deepEqual(row.state.failingRegions, ['r1']);
      assert.equal(row.status, 'degraded', 'below quorum: degraded, not down');
      // The monitor view tells which region is failing and why.
      const view = await fetch(`${baseUrl}/api/v1/monitors/${monitorId}/status`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      assert.equal(view.status, 200);
      const status = (await view.json()) as {
        status: string;
        regions: Array<{ region: string; failing: boolean; last_result: { error: string | null } }>;
      };
      assert.equal(status.status, 'degraded');
      const r1 = status.regions.find((region) => region.region === 'r1');
      assert.equal(r1?.failing, true);
      assert.match(r1?.last_result.error ?? '', /reset|refused|closed|socket/i);
      assert.deepEqual(
        status.regions.filter((region) => region.failing).map((region) => region.region),
        ['r1'],
      );
      await componentBecomes('partial_outage');
      const downs = await sql.query(
        "SELECT 1 FROM monitor_transitions WHERE monitor_id = $1 AND to_status = 'down'",
        [monitorId],
      );
      assert.equal(downs.rowCount, 0, 'no false outage');
    });

    it('declares the monitor down when two of three regions cannot reach it', async () => {
      target.block('r2');
      const row = await waitForState('quorum failing', (state) => state.status === 'down');
      assert.deepEqual([...row.state.failingRegions].sort(), ['r1', 'r2']);
      await componentBecomes('major_outage');
      target.unblock('r1', 'r2');
      await waitForState('recovery', (state) => state.status === 'up');
    });

    /** Stored results of the monitor per region. */
    const storedCounts = async () => {
      const { rows } = await sql.query<{ region: string; n: string }>(
        'SELECT region, count(*) AS n FROM check_results WHERE monitor_id = $1 GROUP BY region',
        [monitorId],
      );
      return new Map(rows.map((row) => [row.region, Number(row.n)]));
    };

    it('loses no result when a probe and then web restart during checks', async () => {
      const r1 = probes.get('r1')!;
      assert.equal(await stopChild(r1.child), 0, r1.output());
      probes.set('r1', startProbe('r1'));
      await target.nextHit((hit) => hit.region === 'r1', VERDICT_WITHIN_MS);

      assert.equal(await stopChild(web.child), 0, web.output());
      // Checks go on while web is away; their results wait in each probe's buffer.
      const whileAway = Date.now();
      await waitFor(
        'every region to check while web is down',
        async () =>
          REGIONS.every((region) =>
            target.hits().some((hit) => hit.region === region && hit.at > whileAway),
          )
            ? true
            : undefined,
        VERDICT_WITHIN_MS,
      );
      web = startWeb();
      await waitReady(web, baseUrl);
      const back = Date.now();
      await waitFor(
        'every region to check again after web is back',
        async () =>
          REGIONS.every((region) =>
            target.hits().some((hit) => hit.region === region && hit.at > back),
          )
            ? true
            : undefined,
        VERDICT_WITHIN_MS,
      );

      // What the probes buffered while web was away is resent once their backoff (up to 30 s)
      // runs out; a probe stopped before that keeps it on disk for its next start. So wait for
      // every result served before web was back to be stored, then stop checking (a stopping
      // probe sends what it holds in memory): every response served must be stored exactly once.
      const servedBefore = (region: string) =>
        target.hits().filter((hit) => hit.region === region && hit.at <= back).length;
      await waitFor(
        'the results buffered while web was away to be stored',
        async () => {
          const counts = await storedCounts();
          return REGIONS.every((region) => (counts.get(region) ?? 0) >= servedBefore(region))
            ? true
            : undefined;
        },
        60_000,
      );
      for (const [region, probe] of probes) {
        assert.equal(await stopChild(probe.child), 0, `${region}: ${probe.output()}`);
      }
      probes.clear();
      const served = new Map<string, number>();
      for (const hit of target.hits()) served.set(hit.region, (served.get(hit.region) ?? 0) + 1);
      const stored = await waitFor(
        'stored results to match what the target served',
        async () => {
          const counts = await storedCounts();
          return REGIONS.every((region) => counts.get(region) === served.get(region))
            ? counts
            : undefined;
        },
        30_000,
      ).catch(async (error: Error) => {
        const counts = [...(await storedCounts())];
        throw new Error(
          `${error.message}: served ${JSON.stringify([...served])}, stored ${JSON.stringify(counts)}\n${logs()}`,
        );
      });
      for (const region of REGIONS) assert.equal(stored.get(region), served.get(region), region);
    });
  },
);
