// SIGTERM on a `web` process with VIGIL_DRAIN_SECONDS: for the drain period it still answers,
// /readyz reports not ready (so balancers with active checks move away) and every response closes
// its connection; then the port closes and the process exits 0.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, startVigil, stopChild, waitFor, waitReady } from './cli-support.js';

/**
 * The checks during the drain take well under a second, but all of them must land inside it
 * (counted from SIGTERM): this leaves room for a stall of several seconds on a loaded machine.
 * The test waits the whole drain out, so each second here is a second of its run.
 */
const DRAIN_SECONDS = 10;

/**
 * One GET on a fresh connection that asks to be kept alive (as a proxy's pool does): status and
 * the Connection header the server answered with.
 */
function get(url: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: true });
    const req = request(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => {
        agent.destroy();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web drains on SIGTERM', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-drain-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps serving with /readyz failing, then closes the port and exits 0', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const web = startVigil(['serve', '--role', 'web'], {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      VIGIL_DRAIN_SECONDS: String(DRAIN_SECONDS),
    });
    try {
      await waitReady(web, baseUrl);
      const before = await get(`${baseUrl}/healthz`);
      assert.equal(before.status, 200);
      assert.notEqual(before.connection, 'close');

      const exited = new Promise<number | null>((resolve) => web.child.once('exit', resolve));
      process.kill(web.child.pid!, 'SIGTERM');
      const ready = await waitFor('/readyz to fail while draining', async () => {
        const answer = await get(`${baseUrl}/readyz`);
        return answer.status === 503 ? answer : undefined;
      });
      assert.equal(ready.connection, 'close');
      const page = await get(`${baseUrl}/healthz`);
      assert.equal(page.status, 200, 'still serving during the drain period');
      assert.equal(page.connection, 'close');

      assert.equal(await exited, 0, web.output());
      await assert.rejects(get(`${baseUrl}/healthz`), /ECONNREFUSED/);
    } finally {
      if (web.child.exitCode === null) await stopChild(web.child);
    }
  });
});
