// Two `web` processes behind one address, as behind a load balancer, sharing PostgreSQL and a
// Redis of the test's own: rate-limit counters carry from one instance to the other, a change made
// through one shows on the other by its change notice, stopping Redis under load fails no
// request, and once Redis is back the shared snapshot cache is used again. Without Redis, the
// counters are shared through PostgreSQL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { vigil, waitFor } from '../cli/cli-support.js';
import { createPostgresDatabase } from '../support/databases.js';
import { describeLoad, startLoad } from '../support/load.js';
import { postgresUnavailable } from '../support/services.js';
import {
  redisServerUnavailable,
  startPrivateRedis,
  type PrivateRedis,
} from '../support/private-redis.js';
import { callApi, startWebInstance, waitReady, type WebInstance } from './web-instances.js';

const SNAPSHOT_PREFIX = 'vigil:snap:1:';
/** An admin exists, so that sign-in attempts reach the login limiter instead of the setup page. */
const ADMIN = {
  VIGIL_ADMIN_EMAIL: 'admin@example.com',
  VIGIL_ADMIN_PASSWORD: 'correct horse battery',
  VIGIL_LOGIN_RATE_LIMIT: '1000',
};

/** The rate-limit headroom left after one more request to `url` (header of its answer). */
async function remaining(url: string, init?: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  const header = response.headers.get('x-ratelimit-remaining');
  assert.ok(header !== null, `${url} answered ${response.status} without x-ratelimit-remaining`);
  return Number(header);
}

/** The message of a JSON log line; '' for anything else (a line still being written, say). */
function messageOf(line: string): string {
  try {
    return (JSON.parse(line) as { msg?: string }).msg ?? '';
  } catch {
    return '';
  }
}

/**
 * Runs `steps`, whose rate-limit counts must follow on from instance to instance, once more (at
 * most three times in all) when an instance counted alone meanwhile: the shared counter gives up
 * on a store that takes over 500 ms to answer, which a stall of a loaded machine can cause, and
 * logs that as the store being unreachable. Counts that do not carry over without such a line
 * fail at once.
 */
async function withSharedCounts(
  instances: WebInstance[],
  steps: () => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const since = instances.map((instance) => instance.process.output().length);
    // Log messages of each instance since the attempt began; a fallback is logged as "<store> is
    // unreachable; <what happens> until it is back", its end as "<store> is back".
    const messages = () =>
      instances.map((instance, i) =>
        instance.process.output().slice(since[i]).split('\n').map(messageOf),
      );
    const fellBack = (logged: string[]) => logged.findIndex((m) => / is unreachable;/.test(m));
    const explained = () => messages().some((logged) => fellBack(logged) >= 0);
    const allBack = () =>
      messages().every((logged) => {
        const at = fellBack(logged);
        return at < 0 || logged.slice(at).some((m) => /^[^;]* is back$/.test(m));
      });
    try {
      await steps();
      return;
    } catch (error) {
      // The line may come through the child's stdout a moment after the answer it explains.
      const fallback = await waitFor(
        'a fallback to counting alone',
        () => (explained() ? true : undefined),
        2_000,
      ).catch(() => false);
      if (!fallback || attempt === 3) throw error;
      // An instance that fell back counts alone a moment longer, then tries the store again at
      // a request, and logs its return once that works.
      await waitFor(
        'the shared counters to be back',
        async () => {
          for (const instance of instances) {
            await (await fetch(`${instance.url}/api/v1/pages`)).arrayBuffer();
          }
          return allBack() ? true : undefined;
        },
        30_000,
      );
    }
  }
}

function login(url: string): Promise<number> {
  return remaining(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=nobody%40example.com&password=wrong-password',
    redirect: 'manual',
  });
}

describe(
  'two web instances sharing PostgreSQL and Redis',
  { skip: (await postgresUnavailable()) || redisServerUnavailable() },
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-shared-'));
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let redis: PrivateRedis;
    let a: WebInstance;
    let b: WebInstance;
    let key: string;
    let pageId: string;
    let componentId: string;

    before(async () => {
      database = await createPostgresDatabase();
      redis = await startPrivateRedis();
      const env = {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        DATA_DIR: dataDir,
        VIGIL_API_RATE_LIMIT: '100000',
        ...ADMIN,
      };
      a = await startWebInstance(env);
      b = await startWebInstance(env);
      await Promise.all([waitReady(a), waitReady(b)]);
      const created = await vigil(['api-key', 'create', '--name', 'ha', '--scope', 'write'], env);
      assert.equal(created.code, 0, created.stderr);
      key = created.stdout.trim();
      const page = await callApi(a.url, key, 'POST', '/pages', { slug: 'main', name: 'Main' });
      assert.equal(page.status, 201, JSON.stringify(page.body));
      pageId = (page.body as { id: string }).id;
      const component = await callApi(a.url, key, 'POST', `/pages/${pageId}/components`, {
        name: 'API',
      });
      assert.equal(component.status, 201, JSON.stringify(component.body));
      componentId = (component.body as { id: string }).id;
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      await redis?.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('counts rate limits across instances', async () => {
      const api = (url: string) =>
        remaining(`${url}/api/v1/pages`, { headers: { authorization: `Bearer ${key}` } });
      await withSharedCounts([a, b], async () => {
        const first = await api(a.url);
        assert.equal(await api(b.url), first - 1, 'B goes on from A’s count');
        assert.equal(await api(a.url), first - 2, 'and A from B’s');
      });
      await withSharedCounts([a, b], async () => {
        const sign = await login(b.url);
        assert.equal(await login(a.url), sign - 1, 'the login limiter too');
      });
    });

    it('shows a change made through one instance on the other by its change notice', async () => {
      const before = await fetch(`${b.url}/api/v2/incidents/unresolved.json`);
      assert.deepEqual(((await before.json()) as { incidents: unknown[] }).incidents, []);
      const incident = await callApi(a.url, key, 'POST', `/pages/${pageId}/incidents`, {
        name: 'Seen everywhere',
        status: 'investigating',
        impact: 'minor',
        body: 'Looking into it.',
        components: { [componentId]: 'degraded_performance' },
      });
      assert.equal(incident.status, 201, JSON.stringify(incident.body));
      await waitFor(
        'the incident on instance B',
        async () => {
          const response = await fetch(`${b.url}/api/v2/incidents/unresolved.json`);
          const body = (await response.json()) as { incidents: Array<{ name: string }> };
          return body.incidents.some((i) => i.name === 'Seen everywhere') ? true : undefined;
        },
        // Nothing but the notice rebuilds B's snapshot this side of a minute (only its uptime
        // part expires, after 60 s), so this proves the notice; 1.5 s was too short for a loaded
        // machine.
        10_000,
      );
    });

    it('fails no request while Redis stops and starts again, then shares snapshots again', async () => {
      const load = startLoad({
        targets: [a.url, b.url].flatMap((url, index) =>
          ['/', '/api/v2/summary.json', '/s/main/history'].map((path) => ({
            name: `${index === 0 ? 'A' : 'B'} ${path}`,
            url: `${url}${path}`,
            ok: [200],
          })),
        ),
        concurrency: 4,
      });
      const afterLoad = async (what: string, count: number) => {
        const target = load.count() + count;
        await waitFor(what, () => (load.count() >= target ? true : undefined), 60_000);
      };
      // The outage's lines are counted from here: a command that was merely slow before (see
      // withSharedCounts) is logged as an outage of its own.
      const since = [a, b].map((instance) => instance.process.output().length);
      try {
        await afterLoad('load before the outage', 100);
        await redis.stop();
        await afterLoad('load while Redis is down', 300);
        // Change notices still reach every instance through PostgreSQL.
        const changed = await callApi(a.url, key, 'PATCH', `/pages/${pageId}`, {
          name: 'Main during the outage',
        });
        assert.equal(changed.status, 200, JSON.stringify(changed.body));
        await waitFor(
          'the change on B without Redis',
          async () => {
            const html = await (await fetch(`${b.url}/`)).text();
            return html.includes('Main during the outage') ? true : undefined;
          },
          15_000,
        );
        await afterLoad('more load while Redis is down', 100);
        await redis.start();
        await afterLoad('load after Redis is back', 300);
      } finally {
        const report = await load.stop();
        assert.equal(report.failures.length, 0, describeLoad(report));
      }
      for (const [index, instance] of [a, b].entries()) {
        const output = () => instance.process.output().slice(since[index]);
        // The client reconnects with a backoff of up to 5 s: the end of the outage may come after
        // the load above, which requests succeed either way.
        await waitFor(
          'the end of the Redis outage to be logged',
          () => (output().includes('Redis is back') ? true : undefined),
          15_000,
        );
        const lines = output().split('\n');
        const count = (text: string) => lines.filter((line) => line.includes(text)).length;
        assert.equal(
          count('Redis is unreachable'),
          1,
          'the outage is logged once, not per request',
        );
        assert.equal(count('Redis is back'), 1, 'and so is its end');
      }

      // The shared cache resumes: after a change, the page A builds reappears in Redis and B
      // takes it from there instead of building it (its L2 hit counter grows).
      const client = new Redis(redis.url);
      try {
        await waitFor(
          'B to take a snapshot from Redis again',
          async () => {
            const hitsBefore = b.stats()?.l2?.hits ?? 0;
            const gen = Number((await client.hget(`${SNAPSHOT_PREFIX}page:${pageId}`, 'gen')) ?? 0);
            await callApi(a.url, key, 'PATCH', `/pages/${pageId}`, { name: `Main ${Date.now()}` });
            // Both instances recorded the notice.
            await waitFor(
              'both notices in Redis',
              async () => {
                const now = Number(
                  (await client.hget(`${SNAPSHOT_PREFIX}page:${pageId}`, 'gen')) ?? 0,
                );
                return now >= gen + 2 ? true : undefined;
              },
              15_000,
            );
            await (await fetch(`${a.url}/api/v2/summary.json`)).arrayBuffer();
            const stored = await waitFor(
              'A’s build in Redis',
              async () => {
                const [epoch, [entryGen, tag]] = await Promise.all([
                  client.get(`${SNAPSHOT_PREFIX}epoch`),
                  client.hmget(`${SNAPSHOT_PREFIX}page:${pageId}`, 'gen', 'tag'),
                ]);
                return tag && tag === `${epoch}:${entryGen}` ? true : undefined;
              },
              5_000,
            ).catch(() => false);
            if (!stored) return undefined;
            await (await fetch(`${b.url}/api/v2/summary.json`)).arrayBuffer();
            return waitFor(
              'B’s next stats line',
              () => {
                const hits = b.stats()?.l2?.hits ?? 0;
                return hits > hitsBefore ? true : undefined;
              },
              3_000,
            ).catch(() => undefined);
          },
          30_000,
        );
      } finally {
        await client.quit();
      }
    });
  },
);

describe(
  'two web instances sharing PostgreSQL without Redis',
  { skip: await postgresUnavailable() },
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-shared-pg-'));
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let a: WebInstance;
    let b: WebInstance;

    before(async () => {
      database = await createPostgresDatabase();
      const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, ...ADMIN };
      a = await startWebInstance(env);
      b = await startWebInstance(env);
      await Promise.all([waitReady(a), waitReady(b)]);
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('counts rate limits across instances in the database', async () => {
      await withSharedCounts([a, b], async () => {
        const first = await login(a.url);
        assert.equal(await login(b.url), first - 1);
        assert.equal(await login(a.url), first - 2);
      });
      const api = (url: string) => remaining(`${url}/api/v1/pages`);
      await withSharedCounts([a, b], async () => {
        const unauthenticated = await api(b.url);
        assert.equal(await api(a.url), unauthenticated - 1, 'the API limiter counts apart');
      });
    });
  },
);
