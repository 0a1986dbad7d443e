// Fault test 5: stop Redis (the cluster's shared cache and rate-limit store) under load through
// nginx: not one page request fails, since every web instance keeps serving from its own snapshot
// and the database. Start Redis again (empty: it keeps nothing on disk): the shared snapshot cache
// resumes by itself — copies are stored there again and an instance rebuilding after a change takes
// the copy another instance built (L2 hits grow) — with no web restarted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { waitFor } from '../cli/cli-support.js';
import { nginxUnavailable, postgresUnavailable } from '../support/services.js';
import {
  redisServerUnavailable,
  startPrivateRedis,
  type PrivateRedis,
} from '../support/private-redis.js';
import { describeLoad, startLoad } from '../support/load.js';
import { siteTargets, startSiteCluster, type SiteCluster } from './support/site.js';

const SNAPSHOT_KEYS = 'vigil:snap:1:page:*';

const skip = (await postgresUnavailable()) || nginxUnavailable() || redisServerUnavailable();

/** The L2 hits of every web instance, from the last `web cache stats` line each logged. */
function l2Hits(site: SiteCluster): number {
  let total = 0;
  for (const web of site.cluster.webs) {
    const lines = web
      .output()
      .split('\n')
      .filter((line) => line.includes('"web cache stats"'));
    const last = lines.at(-1);
    if (!last) continue;
    const line = JSON.parse(last) as { stats?: { l2?: { hits?: number } } };
    total += line.stats?.l2?.hits ?? 0;
  }
  return total;
}

describe('Redis stopped and started under load', { skip }, () => {
  let redis: PrivateRedis;
  let site: SiteCluster;
  let client: Redis;

  const snapshotKeys = () => client.keys(SNAPSHOT_KEYS).catch(() => [] as string[]);

  before(async () => {
    redis = await startPrivateRedis();
    site = await startSiteCluster({
      webInstances: 2,
      redisUrl: redis.url,
      env: { VIGIL_STATS_LOG_SECONDS: '1' },
    });
    // Fails fast while Redis is down instead of queueing the test's own commands.
    client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
  });
  after(async () => {
    client?.disconnect();
    await site?.stop();
    await redis?.stop();
  });

  it('fails no request while Redis is down, and the shared cache resumes when it is back', async () => {
    const { cluster } = site;
    const load = startLoad({
      ca: cluster.caCertPem,
      concurrency: 6,
      targets: siteTargets(cluster),
    });
    await waitFor('the page snapshot in Redis', async () =>
      (await snapshotKeys()).length > 0 ? true : undefined,
    );

    await redis.stop();
    const whileDown = load.count();
    // A load period with Redis down, not a condition.
    await delay(6_000);
    assert.ok(load.count() > whileDown, 'requests were served while Redis was down');

    await redis.start();
    await waitFor('the test client to reconnect', async () =>
      client.status === 'ready' ? true : undefined,
    );
    assert.deepEqual(await snapshotKeys(), [], 'the restarted Redis starts empty');

    // Each instance keeps serving its own copy until something changes; a change makes both
    // rebuild: one builds and shares the copy, the other takes it from Redis (an L2 hit).
    // The page the load reads: the default one, served at /.
    const summary = await request(`${cluster.url}/api/v2/summary.json`, {
      dispatcher: cluster.dispatcher,
    });
    const pageId = ((await summary.body.json()) as { page: { id: string } }).page.id;
    let changes = 0;
    const hitsBefore = l2Hits(site);
    await waitFor(
      'L2 hits to grow after a change once Redis is back',
      async () => {
        const created = await request(`${cluster.url}/api/v1/pages/${pageId}/incidents`, {
          method: 'POST',
          dispatcher: cluster.dispatcher,
          headers: {
            authorization: `Bearer ${cluster.apiKey}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            name: `Shared cache check ${++changes}`,
            impact: 'minor',
            body: 'Checking that a change is shared.',
          }),
        });
        const body = await created.body.text();
        assert.equal(created.statusCode, 201, body);
        // Stats are logged every second: give the instances a moment to report.
        await delay(1_500);
        return l2Hits(site) > hitsBefore ? true : undefined;
      },
      45_000,
    ).catch((error: Error) => {
      const stats = site.cluster.webs.map((web) =>
        web
          .output()
          .split('\n')
          .filter((line) => /web cache stats|Redis/.test(line))
          .slice(-3)
          .join('\n'),
      );
      throw new Error(`${error.message}\n${stats.join('\n---\n')}`);
    });
    assert.ok((await snapshotKeys()).length > 0, 'page snapshots are stored in Redis again');

    const report = await load.stop();
    assert.ok(report.requests > 0, describeLoad(report));
    assert.equal(report.failures.length, 0, describeLoad(report));
  });
});
