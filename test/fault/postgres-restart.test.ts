// Fault test: PostgreSQL (a private cluster) restarts, and later stops for a while, under web, an
// evaluator and two probe regions checking a target, and no process is restarted. Every result
// the target served is stored exactly once (probes buffer while web answers 503 and resend; the
// probe-made ids make a resend harmless), the public page never answers 500 and recovers, and
// the evaluator goes on turning results into state afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  startVigil,
  stopChild,
  waitFor,
  waitReady,
  type BackgroundVigil,
} from '../cli/cli-support.js';
import {
  createPrivatePostgres,
  privatePostgresUnavailable,
  type PrivatePostgres,
} from '../support/private-postgres.js';
import {
  applyTargetMonitors,
  createProbeToken,
  splitRolesEnv,
  startProbe,
} from '../support/split-roles.js';
import { startTargetServer, type TargetServer } from '../support/target-server.js';

const REGIONS = ['r1', 'r2'] as const;
const MONITORS = 12;
const INTERVAL_MS = 10_000;
/** A few intervals: checks, sending, evaluating, with room for a database coming back. */
const WITHIN_MS = 4 * INTERVAL_MS;

interface PageOutcomes {
  /** Responses by status ("error" when the request itself failed). */
  byStatus: Map<string, number>;
  /** 5xx bodies that show a stack trace or an internal error (never acceptable). */
  leaks: string[];
  last: string;
}

describe(
  'PostgreSQL restarts under every role',
  { skip: privatePostgresUnavailable(), timeout: 400_000 },
  () => {
    let postgres: PrivatePostgres;
    let target: TargetServer;
    let workDir: string;
    let env: Record<string, string>;
    let baseUrl: string;
    let sql: pg.Client | undefined;
    let web: BackgroundVigil;
    const running = new Set<BackgroundVigil>();
    const probes = new Map<string, BackgroundVigil>();
    const paths = Array.from({ length: MONITORS }, (_, i) => `/m/${i}`);
    const page: PageOutcomes = { byStatus: new Map(), leaks: [], last: '' };
    let pageLoop: Promise<void> | undefined;
    let loopStopped = false;

    const logs = () => [...running].map((p) => p.output().slice(-1500)).join('\n---\n');
    const fail = (error: Error): never => assert.fail(`${error.message}\n${logs()}`);

    /** A query on a connection of the test's own, made again after the restarts. */
    async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
      if (!sql) {
        sql = new pg.Client({ connectionString: postgres.url });
        sql.on('error', () => (sql = undefined));
        await sql.connect();
      }
      return (await sql.query<T>(text, values)).rows;
    }
    const dropConnection = async () => {
      await sql?.end().catch(() => undefined);
      sql = undefined;
    };

    async function loadPageForever(): Promise<void> {
      while (!loopStopped) {
        let key: string;
        try {
          const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(10_000) });
          const body = await response.text();
          key = String(response.status);
          if (response.status >= 500 && (response.status !== 503 || /\n\s+at |stack/.test(body))) {
            page.leaks.push(`${response.status}: ${body.slice(0, 300)}`);
          }
        } catch (error) {
          key = `error: ${(error as Error).message}`;
        }
        page.byStatus.set(key, (page.byStatus.get(key) ?? 0) + 1);
        page.last = key;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    async function monitorIds(): Promise<Map<string, string>> {
      const rows = await query<{ id: string; path: string }>(
        "SELECT id, spec ->> 'url' AS path FROM monitors",
      );
      return new Map(rows.map((row) => [row.id, new URL(row.path).pathname]));
    }

    before(async () => {
      postgres = await createPrivatePostgres();
      target = await startTargetServer();
      workDir = await mkdtemp(join(tmpdir(), 'vigil-pg-restart-'));
      ({ env, baseUrl } = await splitRolesEnv(postgres.url, {
        VIGIL_PROBE_HEARTBEAT_SECONDS: '2',
      }));
      await applyTargetMonitors(env, workDir, {
        origin: new URL(target.url).origin,
        paths,
        intervalMs: INTERVAL_MS,
        regions: REGIONS,
        settings: ['conditions: ["status == 200"]', 'failure_threshold: 1', 'success_threshold: 1'],
        page: true,
      });
      web = startVigil(['serve', '--role', 'web'], env);
      running.add(web);
      running.add(startVigil(['serve', '--role', 'evaluator'], env));
      await waitReady(web, baseUrl);
      for (const region of REGIONS) {
        const token = await createProbeToken(env, region);
        const probe = startProbe(env, {
          region,
          baseUrl,
          token,
          dataDir: join(workDir, `probe-${region}`),
        });
        probes.set(region, probe);
        running.add(probe);
      }
    });

    after(async () => {
      loopStopped = true;
      await pageLoop;
      for (const child of running) await stopChild(child.child).catch(() => undefined);
      await dropConnection();
      await target?.close();
      await postgres?.drop();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('runs: every monitor up from both regions, the page served', async () => {
      await waitFor(
        'every monitor up',
        async () => {
          const rows = await query<{ n: number }>(
            "SELECT count(*)::int AS n FROM monitor_states WHERE status = 'up'",
          );
          return rows[0]!.n === MONITORS ? true : undefined;
        },
        90_000,
      ).catch(fail);
      const response = await fetch(`${baseUrl}/`);
      assert.equal(response.status, 200);
      pageLoop = loadPageForever();
    });

    it('rides out a restart and a stop of PostgreSQL with no process restarted', async (t) => {
      const checksWhileDown = (since: number) =>
        REGIONS.every((region) =>
          target.hits().some((hit) => hit.region === region && hit.at > since),
        );

      const whileStopped = async (stoppedAt: number) => {
        await waitFor(
          'both regions to check while PostgreSQL is down',
          () => (checksWhileDown(stoppedAt) ? true : undefined),
          WITHIN_MS,
        ).catch(fail);
        // ... and to have had results refused for now, so they wait on disk.
        await waitFor(
          'both probes to buffer results',
          () =>
            [...probes.values()].every((probe) =>
              probe.output().slice(outputBefore.get(probe)).includes('buffering them on disk'),
            )
              ? true
              : undefined,
          WITHIN_MS,
        ).catch(fail);
        const readyWhileDown = await fetch(`${baseUrl}/readyz`);
        assert.equal(readyWhileDown.status, 503, 'not ready while the database is down');
        const ingestWhileDown = await fetch(`${baseUrl}/internal/v1/probe/assignment`, {
          method: 'POST',
          headers: { authorization: 'Bearer vigil_probe_x', 'content-type': 'application/json' },
          body: '{"agent_id":"x"}',
        });
        assert.equal(ingestWhileDown.status, 503, 'ingest says "later", so probes buffer');
        assert.ok(ingestWhileDown.headers.get('retry-after'));
        assert.equal(
          ((await ingestWhileDown.json()) as { error: { code: string } }).error.code,
          'database_unavailable',
        );
      };
      const outputBefore = new Map([...probes.values()].map((p) => [p, p.output().length]));
      // A restart while results stream in.
      await postgres.restart();
      await dropConnection();
      // A longer stop: the probes check on, web answers 503, results wait in the probes' buffers.
      const stoppedAt = Date.now();
      await postgres.stop();
      // Whatever fails below, the later tests need the database back.
      try {
        await whileStopped(stoppedAt);
      } finally {
        await postgres.start();
      }
      const startedAt = Date.now();
      await waitFor(
        'web to be ready again',
        async () => {
          const response = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
          return response?.ok ? true : undefined;
        },
        WITHIN_MS,
      ).catch(fail);
      await waitFor(
        'both regions to check after PostgreSQL is back',
        () => (checksWhileDown(startedAt) ? true : undefined),
        WITHIN_MS,
      );
      for (const child of running) assert.equal(child.child.exitCode, null, 'no process exited');
      // The outage is a warning and a "back" line, not a failed request with a stack each time.
      const failedRequests = web
        .output()
        .split('\n')
        .filter(
          (line) => line.includes('"request failed"') && /ECONNREFUSED|57P0|terminat/.test(line),
        );
      assert.deepEqual(failedRequests, []);
      assert.match(web.output(), /"the database is unreachable; retrying until it is back"/);
      assert.match(web.output(), /"the database is back"/);
      t.diagnostic(`page during the faults: ${JSON.stringify([...page.byStatus])}`);
    });

    it('keeps evaluating after the restarts: a failing target turns the monitors down', async () => {
      const since = new Date();
      target.setHealthy(false);
      await waitFor(
        'every monitor down',
        async () => {
          const rows = await query<{ n: number }>(
            "SELECT count(DISTINCT monitor_id)::int AS n FROM monitor_transitions WHERE to_status = 'down' AND at > $1",
            [since],
          );
          return rows[0]!.n === MONITORS ? true : undefined;
        },
        WITHIN_MS,
      ).catch(fail);
      target.setHealthy(true);
      await waitFor(
        'every monitor up again',
        async () => {
          const rows = await query<{ n: number }>(
            "SELECT count(*)::int AS n FROM monitor_states WHERE status = 'up'",
          );
          return rows[0]!.n === MONITORS ? true : undefined;
        },
        WITHIN_MS,
      ).catch(fail);
    });

    it('stored every result the target served exactly once, and the page never failed with 500', async (t) => {
      // Stopping probes send what they hold; then nothing more is checked.
      for (const [region, probe] of probes) {
        assert.equal(await stopChild(probe.child), 0, `${region}: ${probe.output().slice(-2000)}`);
        running.delete(probe);
      }
      const ids = await monitorIds();
      const served = new Map<string, number>();
      for (const hit of target.hits()) {
        const key = `${hit.region} ${hit.path}`;
        served.set(key, (served.get(key) ?? 0) + 1);
      }
      const storedCounts = async () => {
        const rows = await query<{ region: string; monitor_id: string; n: number }>(
          'SELECT region, monitor_id, count(*)::int AS n FROM check_results GROUP BY region, monitor_id',
        );
        return new Map(rows.map((row) => [`${row.region} ${ids.get(row.monitor_id)}`, row.n]));
      };
      const stored = await waitFor(
        'stored results to match what the target served',
        async () => {
          const counts = await storedCounts();
          return [...served].every(([key, n]) => counts.get(key) === n) ? counts : undefined;
        },
        30_000,
      ).catch(async (error: Error) =>
        assert.fail(
          `${error.message}: served ${JSON.stringify([...served])}, stored ${JSON.stringify([
            ...(await storedCounts()),
          ])}\n${logs()}`,
        ),
      );
      assert.deepEqual(new Map([...stored].sort()), new Map([...served].sort()));
      const total = [...served.values()].reduce((a, b) => a + b, 0);
      t.diagnostic(`${total} results served and stored once each`);

      loopStopped = true;
      await pageLoop;
      t.diagnostic(`page requests: ${JSON.stringify([...page.byStatus])}`);
      assert.deepEqual(page.leaks, [], 'no 5xx but 503, and none with a stack');
      assert.equal(page.byStatus.has('500'), false);
      assert.equal(page.last, '200', 'the page recovered without a restart');
    });
  },
);
