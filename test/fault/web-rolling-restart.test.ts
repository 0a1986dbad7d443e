// Fault test 2: a rolling restart of every `web` instance, one at a time (SIGTERM, wait for the
// exit, start again, wait until ready), under load through nginx: not one request fails. The load
// includes heartbeat pushes (POST), which nginx does not retry once sent: they succeed because a
// stopping instance drains (VIGIL_DRAIN_SECONDS: responses close their connections) and then
// refuses new connections, which nginx does retry elsewhere.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { nginxUnavailable, postgresUnavailable } from '../support/services.js';
import { describeLoad, startLoad } from '../support/load.js';
import { siteTargets, startSiteCluster, type SiteCluster } from './support/site.js';

const skip = (await postgresUnavailable()) || nginxUnavailable();

describe('a rolling restart of every web instance under load', { skip }, () => {
  let site: SiteCluster;
  let pushPath: string;
  before(async () => {
    site = await startSiteCluster({ webInstances: 2, env: { VIGIL_DRAIN_SECONDS: '1' } });
    const { cluster } = site;
    const response = await request(`${cluster.url}/api/v1/monitors`, {
      method: 'POST',
      dispatcher: cluster.dispatcher,
      headers: { authorization: `Bearer ${cluster.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nightly-backup', type: 'heartbeat', interval: '1h' }),
    });
    const created = (await response.body.json()) as { heartbeat: { path: string } };
    assert.equal(response.statusCode, 201, JSON.stringify(created));
    pushPath = created.heartbeat.path;
  });
  after(async () => {
    await site?.stop();
  });

  it('fails no request', async () => {
    const { cluster } = site;
    const load = startLoad({
      ca: cluster.caCertPem,
      concurrency: 8,
      targets: [
        ...siteTargets(cluster),
        { name: 'heartbeat POST', url: `${cluster.url}${pushPath}`, method: 'POST' },
      ],
    });
    const counts: number[] = [load.count()];
    for (const web of cluster.webs) {
      assert.equal(
        await web.stop(),
        0,
        `${web.name} exits 0 on SIGTERM:\n${web.output().slice(-2000)}`,
      );
      await web.start();
      counts.push(load.count());
    }
    const report = await load.stop();
    // Requests kept flowing during every restart.
    for (let i = 1; i < counts.length; i++)
      assert.ok(counts[i]! > counts[i - 1]!, describeLoad(report));
    assert.ok((report.byTarget['heartbeat POST'] ?? 0) > 0, describeLoad(report));
    assert.equal(report.failures.length, 0, describeLoad(report));
  });
});
