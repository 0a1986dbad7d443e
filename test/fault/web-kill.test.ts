// Fault test 1: SIGKILL one of two `web` instances during 20 s of load through nginx on the
// public page, summary.json and an authenticated API GET: not one GET fails, because nginx
// retries a request that met a dead instance on the other one, and passive health keeps the dead
// one out until it is back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { nginxUnavailable, postgresUnavailable } from '../support/services.js';
import { describeLoad, startLoad } from '../support/load.js';
import { siteTargets, startSiteCluster, type SiteCluster } from './support/site.js';

const LOAD_MS = 20_000;
const KILL_AT_MS = 5_000;

const skip = (await postgresUnavailable()) || nginxUnavailable();

describe('a web instance killed under load', { skip }, () => {
  let site: SiteCluster;
  before(async () => {
    site = await startSiteCluster({ webInstances: 2 });
  });
  after(async () => {
    await site?.stop();
  });

  it('fails no GET request', async () => {
    const { cluster } = site;
    const load = startLoad({
      ca: cluster.caCertPem,
      concurrency: 8,
      targets: siteTargets(cluster),
    });
    // A load period, not a condition: the figures are counted over it.
    await delay(KILL_AT_MS);
    const beforeKill = load.count();
    const victim = cluster.webs[0]!;
    victim.kill('SIGKILL');
    await victim.exited;
    await delay(LOAD_MS - KILL_AT_MS);
    const report = await load.stop();
    assert.ok(beforeKill > 0, describeLoad(report));
    assert.ok(report.requests - beforeKill > 0, `requests after the kill: ${describeLoad(report)}`);
    assert.equal(report.failures.length, 0, describeLoad(report));
    // Back in the pool: passive health lets it take requests again.
    await victim.start();
    const back = startLoad({
      ca: cluster.caCertPem,
      concurrency: 4,
      targets: siteTargets(cluster),
    });
    await delay(3_000);
    const afterRestart = await back.stop();
    assert.equal(afterRestart.failures.length, 0, describeLoad(afterRestart));
  });
});
