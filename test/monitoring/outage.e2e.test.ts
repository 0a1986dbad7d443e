// End to end as a user runs it: `vigil config apply` a file with a monitor, `vigil start`, and
// the target goes down and comes back. The public page must show the outage once F checks have
// failed and before the next check (so within interval × F of the target going down, plus the
// time to send, evaluate and render), open an automatic incident, and resolve it after the first
// passing check, before the second.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort, startServer, stopChild, waitFor, waitReady } from '../cli/cli-support.js';
import { startTargetServer, type TargetServer } from '../support/target-server.js';
import { applyWebsiteMonitor } from '../support/website-monitor.js';

const INTERVAL_MS = 10_000;
const FAILURE_THRESHOLD = 2;
/**
 * The rule the issue sets is interval × F plus 2 s to send, evaluate and render. Those 2 s are a
 * figure for an idle machine, not for a test among hundreds on two shared cores, where a stall
 * alone can take them: the test holds the pipeline to the checks instead (the page changes after
 * the check that decides and before the next one), and waits a check longer than the rule.
 */
const OUTAGE_VISIBLE_WITHIN_MS = INTERVAL_MS * (FAILURE_THRESHOLD + 1);
/** Hits since `sinceMs` that the target answered with `status`. */
const answered = (target: TargetServer, status: number, sinceMs: number): number =>
  target.hits().filter((hit) => hit.at >= sinceMs && hit.status === status).length;

interface Summary {
  components: Array<{ name: string; status: string }>;
  incidents: Array<{ name: string; status: string; components: Array<{ name: string }> }>;
}

describe('a monitored target goes down and comes back, in vigil start', () => {
  let target: TargetServer;
  let dataDir: string;
  let server: { child: ChildProcess; output: () => string };
  let baseUrl: string;

  const summary = async (): Promise<Summary> => {
    const response = await fetch(`${baseUrl}/api/v2/summary.json`);
    assert.equal(response.status, 200);
    return (await response.json()) as Summary;
  };
  const websiteStatus = async () =>
    (await summary()).components.find((component) => component.name === 'Website')?.status;

  before(async () => {
    target = await startTargetServer();
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: join(dataDir, 'data'), HOST: '127.0.0.1', PORT: String(port) };
    await applyWebsiteMonitor(env, dataDir, {
      url: target.url,
      intervalMs: INTERVAL_MS,
      regions: ['local'],
      // A latency condition as users write them, with room for a loaded machine: at 500 ms a
      // stall of the probe could fail a check of the healthy target.
      conditions: ['status == 200', 'latency < 5s'],
      failureThreshold: FAILURE_THRESHOLD,
      autoIncidentGroup: 'Core',
    });
    server = startServer({ ...env, LOG_LEVEL: 'info' });
    await waitReady(server, baseUrl);
  });

  after(async () => {
    if (server) await stopChild(server.child);
    await target?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('checks the target from region local and shows the component operational', async () => {
    const hit = await target.nextHit(() => true, INTERVAL_MS * 3);
    assert.equal(hit.region, 'local', 'the in-process probe names its region');
    assert.equal(
      await waitFor('the component to be operational', websiteStatus, INTERVAL_MS * 2),
      'operational',
      server.output(),
    );
  });

  it('shows a major outage after F failed checks, before the next check, and opens an incident', async (t) => {
    // Right after a check: the worst moment to go down, a whole interval before the next check.
    await target.nextHit(() => true, INTERVAL_MS * 2);
    target.setHealthy(false);
    const downAt = Date.now();
    await waitFor(
      'the public page to show the outage',
      async () => ((await websiteStatus()) === 'major_outage' ? true : undefined),
      OUTAGE_VISIBLE_WITHIN_MS,
    );
    // Printed, not asserted: the rule's figure is interval × F + 2 s on an idle machine.
    t.diagnostic(
      `outage visible ${Date.now() - downAt} ms after the target went down (rule: ${INTERVAL_MS * FAILURE_THRESHOLD + 2_000} ms)`,
    );
    assert.equal(
      answered(target, 503, downAt),
      FAILURE_THRESHOLD,
      'shown once F checks had failed, and before the next one',
    );
    const open = await waitFor(
      'an automatic incident',
      async () => (await summary()).incidents.find((incident) => incident.status !== 'resolved'),
      15_000,
    );
    assert.deepEqual(
      open.components.map((component) => component.name),
      ['Website'],
    );
    const page = await (await fetch(`${baseUrl}/`)).text();
    assert.match(page, /Major Outage/i);
  });

  it('is operational again after the target recovers, and resolves the incident', async () => {
    target.setHealthy(true);
    const upAt = Date.now();
    await waitFor(
      'the component to recover',
      async () => ((await websiteStatus()) === 'operational' ? true : undefined),
      INTERVAL_MS * 3,
    );
    assert.equal(
      answered(target, 200, upAt),
      1,
      'shown after the first passing check (S = 1), before the next one',
    );
    await waitFor(
      'the automatic incident to be resolved',
      async () => ((await summary()).incidents.length === 0 ? true : undefined),
      15_000,
    );
    const incidents = (await (await fetch(`${baseUrl}/api/v2/incidents.json`)).json()) as {
      incidents: Array<{ status: string; resolved_at: string | null }>;
    };
    assert.equal(incidents.incidents[0]?.status, 'resolved');
    assert.ok(incidents.incidents[0]?.resolved_at);
  });
});
