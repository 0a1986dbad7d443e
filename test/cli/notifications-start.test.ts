// `vigil start` delivers notifications in-process: a configuration file declares a webhook channel
// and a monitor that notifies it; the monitor's target fails and recovers, and the receiver gets
// exactly one signed "down" and one "recovered", with the monitor, regions and reason. The key for
// the channel secret is generated into DATA_DIR with mode 0600.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyWebhookSignature } from '../../src/notifier/webhook-signature.js';
import { closeServer, listen } from '../../src/probe/checkers/checker-test-support.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { freePort, startServer, stopChild, vigil, waitFor, waitReady } from './cli-support.js';

describe('notifications in vigil start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-notify-start-'));
  const env = { DATA_DIR: dataDir };
  let server: ReturnType<typeof startServer>;
  let receiver: WebhookReceiver;
  let target: Server;
  let healthy = false;

  before(async () => {
    receiver = await startWebhookReceiver();
    target = createServer((_request, response) => {
      response.writeHead(healthy ? 200 : 500).end();
    });
    const targetPort = await listen(target);
    const file = join(dataDir, 'vigil.yaml');
    writeFileSync(
      file,
      `channels:
  - name: ops-hook
    type: webhook
    url: ${receiver.url}/hook
    secret: change-me
monitors:
  - name: website
    type: http
    url: http://127.0.0.1:${targetPort}/health
    interval: 10s
    regions: [local]
    conditions: ["status == 200"]
    failure_threshold: 1
    success_threshold: 1
    notify: [ops-hook]
`,
    );
    const applied = await vigil(['config', 'apply', file], env);
    assert.equal(applied.code, 0, applied.stderr);
    const port = await freePort();
    server = startServer({ ...env, PORT: String(port), HOST: '127.0.0.1' });
    await waitReady(server, `http://127.0.0.1:${port}`);
  });
  after(async () => {
    if (server && server.child.exitCode === null) await stopChild(server.child);
    await receiver?.close();
    if (target) await closeServer(target);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends one signed down and one recovered to the channel the file declares', async () => {
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600);
    const types = () => receiver.requests('/hook').map((r) => r.headers['vigil-event-type']);
    await waitFor(
      'the down notification',
      () => (types().includes('monitor.down') ? true : undefined),
      90_000,
    );
    healthy = true;
    await waitFor(
      'the recovered notification',
      () => (types().includes('monitor.recovered') ? true : undefined),
      90_000,
    );
    assert.deepEqual(types(), ['monitor.down', 'monitor.recovered']);
    const [down] = receiver.requests('/hook');
    assert.equal(
      verifyWebhookSignature({
        secret: 'change-me',
        timestamp: String(down!.headers['vigil-timestamp']),
        signature: String(down!.headers['vigil-signature']),
        body: down!.body,
        nowSeconds: Math.floor(Date.now() / 1000),
      }),
      true,
    );
    const body = JSON.parse(down!.body) as {
      monitor: { name: string; status: string; reason: string; regions: { failing: string[] } };
    };
    assert.equal(body.monitor.name, 'website');
    assert.equal(body.monitor.status, 'down');
    assert.deepEqual(body.monitor.regions.failing, ['local']);
    assert.match(body.monitor.reason, /local/);
    assert.equal(await stopChild(server.child), 0, server.output());
  });
});
