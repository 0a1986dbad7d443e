// PostgreSQL goes down under two web instances (a private cluster, stopped and started by the
// test; Redis of the test's own): the public page and JSON keep being served from the last
// snapshot, marked as possibly out of date after VIGIL_STALE_AFTER_SECONDS; a page in no cache and
// every write answer 503 with Retry-After; a third instance started during the outage serves the
// page from Redis; and when PostgreSQL is back the mark goes, changes show again and the late
// instance becomes ready, all without restarting anything.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vigil, waitFor } from '../cli/cli-support.js';
import { assertMatchesSchema } from '../status-api/schema.js';
import {
  privatePostgresUnavailable,
  createPrivatePostgres,
  type PrivatePostgres,
} from '../support/private-postgres.js';
import {
  redisServerUnavailable,
  startPrivateRedis,
  type PrivateRedis,
} from '../support/private-redis.js';
import { callApi, startWebInstance, waitReady, type WebInstance } from './web-instances.js';

const STALE_NOTICE = 'This page may be out of date.';

async function get(url: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe(
  'web instances while PostgreSQL is down',
  { skip: privatePostgresUnavailable() || redisServerUnavailable() },
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-pg-outage-'));
    let postgres: PrivatePostgres;
    let redis: PrivateRedis;
    let env: Record<string, string>;
    const instances: WebInstance[] = [];
    let key: string;
    let pageId: string;

    before(async () => {
      postgres = await createPrivatePostgres();
      redis = await startPrivateRedis();
      env = {
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        DATA_DIR: dataDir,
        VIGIL_STALE_AFTER_SECONDS: '2',
      };
      instances.push(await startWebInstance(env), await startWebInstance(env));
      await Promise.all(instances.map((instance) => waitReady(instance)));
      const created = await vigil(['api-key', 'create', '--name', 'pg', '--scope', 'write'], env);
      assert.equal(created.code, 0, created.stderr);
      key = created.stdout.trim();
      const a = instances[0]!;
      const page = await callApi(a.url, key, 'POST', '/pages', { slug: 'main', name: 'Main' });
      assert.equal(page.status, 201, JSON.stringify(page.body));
      pageId = (page.body as { id: string }).id;
      const cold = await callApi(a.url, key, 'POST', '/pages', { slug: 'cold', name: 'Cold' });
      assert.equal(cold.status, 201, JSON.stringify(cold.body));
    });
    after(async () => {
      for (const instance of instances) await instance.stop();
      await redis?.stop();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('serves from the last snapshot, marked stale after a while, and recovers by itself', async () => {
      const [a, b] = [instances[0]!, instances[1]!];
      for (const instance of [a, b]) {
        assert.equal((await get(`${instance.url}/`)).status, 200);
        assert.equal((await get(`${instance.url}/api/v2/summary.json`)).status, 200);
      }

      await postgres.stop();
      for (const instance of [a, b]) {
        const page = await get(`${instance.url}/`);
        assert.equal(page.status, 200, 'served from the snapshot');
        assert.match(page.text, /Main/);
      }
      await waitFor(
        'the stale mark',
        async () => {
          const page = await get(`${a.url}/`);
          return page.text.includes(STALE_NOTICE) && page.headers.get('x-vigil-stale') === '1'
            ? true
            : undefined;
        },
        15_000,
      );
      const summary = await get(`${b.url}/api/v2/summary.json`);
      await waitFor(
        'the stale header on B',
        async () =>
          (await get(`${b.url}/api/v2/summary.json`)).headers.get('x-vigil-stale') === '1'
            ? true
            : undefined,
        15_000,
      );
      assert.equal(summary.status, 200);
      assertMatchesSchema('summary', JSON.parse(summary.text), 'summary.json while stale');
      const page = await get(`${a.url}/`);
      assert.match(page.text, /last updated <time datetime="[^"]+">\d\d:\d\d UTC<\/time>/);
      assert.equal(page.headers.get('warning'), '110 - "Response is Stale"');

      // Nothing cached for this page: a friendly 503, never a stack trace.
      const cold = await get(`${a.url}/s/cold`);
      assert.equal(cold.status, 503);
      assert.ok(Number(cold.headers.get('retry-after')) > 0);
      assert.match(cold.text, /Status temporarily unavailable/);
      assert.doesNotMatch(cold.text, /at .*\.ts:\d+/);
      const coldJson = await get(`${a.url}/s/cold/api/v2/summary.json`);
      assert.equal(coldJson.status, 503);
      assert.equal(JSON.parse(coldJson.text).error.code, 'database_unavailable');

      // A write is refused with a message, and changes nothing.
      const write = await callApi(a.url, key, 'PATCH', `/pages/${pageId}`, { name: 'Lost write' });
      assert.equal(write.status, 503);
      assert.equal((write.body as { error: { code: string } }).error.code, 'database_unavailable');
      assert.ok(Number(write.headers.get('retry-after')) > 0);

      // An instance started now has never read the database: it serves the page from Redis.
      const late = await startWebInstance(env);
      instances.push(late);
      const fromRedis = await get(`${late.url}/`);
      assert.equal(fromRedis.status, 200, fromRedis.text);
      assert.match(fromRedis.text, /Main/);
      assert.equal((await fetch(`${late.url}/readyz`)).status, 503, 'but it is not ready');

      await postgres.start();
      await waitFor(
        'the stale mark to go',
        async () => {
          const page = await get(`${a.url}/`);
          return !page.text.includes(STALE_NOTICE) && page.headers.get('x-vigil-stale') === null
            ? true
            : undefined;
        },
        20_000,
      );
      await waitReady(late, 30_000);
      const renamed = await callApi(late.url, key, 'PATCH', `/pages/${pageId}`, {
        name: 'Main, after the outage',
      });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      for (const instance of instances) {
        await waitFor(
          `the change on ${instance.url}`,
          async () =>
            (await get(`${instance.url}/`)).text.includes('Main, after the outage')
              ? true
              : undefined,
          15_000,
        );
      }
      assert.doesNotMatch((await get(`${a.url}/`)).text, /Lost write/);
    });
  },
);
