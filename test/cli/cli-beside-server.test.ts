// The CLI while `vigil start` runs on the same DATA_DIR (embedded database): commands run inside the
// server through DATA_DIR/vigil.sock, the server shows their effect at once, and nothing is stopped.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../src/services/index.js';
import { openDatabase } from '../../src/store/database.js';
import { freePort, startServer, stopChild, vigil, waitFor } from './cli-support.js';

describe('vigil CLI beside a running vigil start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-srv-'));
  const socket = join(dataDir, 'vigil.sock');
  const env = { DATA_DIR: dataDir };
  let server: ReturnType<typeof startServer>;
  let baseUrl: string;
  let apiKey: string;
  let duringStart: Awaited<ReturnType<typeof vigil>>;

  before(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = startServer({ ...env, PORT: String(port), HOST: '127.0.0.1' });
    // Races the server for the fresh DATA_DIR: whichever opens it first, the other must wait its turn.
    const early = vigil(['api-key', 'list'], env);
    await waitFor('the server to be ready', async () => {
      if (server.child.exitCode !== null)
        throw new Error(`vigil start exited:\n${server.output()}`);
      if (!existsSync(socket)) return undefined;
      const response = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
      return response?.ok ? true : undefined;
    });
    duringStart = await early;
  });
  after(async () => {
    if (server && server.child.exitCode === null) await stopChild(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a command started while the server was starting, without either failing', () => {
    assert.equal(duringStart.code, 0, duringStart.stderr);
    assert.equal(duringStart.stderr, 'No API keys.\n');
  });

  it('opens a control socket only its owner can use, and holds the DATA_DIR lock', () => {
    assert.equal(statSync(socket).mode & 0o777, 0o600);
    const lock = JSON.parse(readFileSync(join(dataDir, 'vigil.lock'), 'utf8')) as {
      pid: number;
      role: string;
    };
    assert.deepEqual([lock.pid, lock.role], [server.child.pid, 'server']);
  });

  it('applies a configuration file through the server, which serves it at once', async () => {
    const result = await vigil(['config', 'apply', 'examples/vigil.yaml'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /\nApplied examples\/vigil\.yaml: 19 created, 0 updated, 0 deleted\.\n$/,
    );
    const page = await waitFor('the default page to show the applied configuration', async () => {
      const response = await fetch(`${baseUrl}/`);
      const html = await response.text();
      return response.status === 200 && html.includes('Acme Cloud') ? html : undefined;
    });
    assert.ok(page.includes('Core platform'));
  });

  it('says "no changes" on the second apply, and refuses a bad file the same way as without a server', async () => {
    const again = await vigil(['config', 'apply', 'examples/vigil.yaml'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'No changes: the database already matches examples/vigil.yaml.\n');
    const bad = await vigil(
      ['config', 'apply', '-'],
      env,
      'pages:\n  - slug: acme\n    name: X\n    colour: red\n',
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^<stdin>:4:5: unknown key "colour" in a page; /);
    const missing = await vigil(['api-key', 'revoke', 'no-such-key'], env);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'vigil: API key "no-such-key" does not exist\n');
  });

  it('creates an API key that the running server accepts, and exports the state', async () => {
    const created = await vigil(['api-key', 'create', '--name', 'ci', '--scope', 'write'], env);
    assert.equal(created.code, 0, created.stderr);
    apiKey = created.stdout.trim();
    assert.match(created.stdout, /^vgl_\S+\n$/);
    const response = await fetch(`${baseUrl}/api/v1/pages`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    assert.equal(response.status, 200);
    const exported = await vigil(['config', 'export'], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /\n {2}- slug: acme\n {4}name: Acme Cloud\n {4}default: true\n/);
  });

  it('removes its socket and lock on SIGTERM, leaving everything written in DATA_DIR', async () => {
    assert.equal(await stopChild(server.child), 0);
    assert.equal(existsSync(socket), false);
    assert.equal(existsSync(join(dataDir, 'vigil.lock')), false);
    const database = await openDatabase({ dataDir });
    try {
      const services = createServices(database.db, { sessionTtlMs: 60_000 });
      assert.equal((await services.apiKeys.authenticate(apiKey))?.name, 'ci');
      assert.deepEqual((await services.pages.listPages()).map((p) => p.slug).sort(), [
        'acme',
        'internal',
      ]);
    } finally {
      await database.close();
    }
  });
});
