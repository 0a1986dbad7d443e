// `vigil serve --role probe|evaluator` and `vigil probe-token` as a user runs them: clear refusals
// of bad settings, a refused token failing fast, and a remote probe beside `vigil start` (whose own
// probe checks region local) both storing results, each stopping cleanly on SIGTERM.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/store/database.js';
import { closedPort, closeServer, listen } from '../../src/probe/checkers/checker-test-support.js';
import { freePort, startServer, startVigil, stopChild, vigil, waitFor } from './cli-support.js';

const TOKEN = 'vigil_probe_not-a-real-token';

describe('vigil serve --role probe|evaluator refuses bad settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-probe-cli-'));
  const env = { DATA_DIR: dir };
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refuses = async (
    args: string[],
    message: RegExp,
    extraEnv: Record<string, string> = {},
  ) => {
    const result = await vigil(['serve', '--role', ...args], { ...env, ...extraEnv });
    assert.notEqual(result.code, 0, `exit status of ${args.join(' ')}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  };

  it('names a missing or malformed --server', async () => {
    await refuses(['probe', '--region', 'eu-west', '--token', TOKEN], /needs --server URL/);
    await refuses(
      ['probe', '--region', 'eu-west', '--server', 'status.example.com', '--token', TOKEN],
      /--server: .*not an absolute URL/,
    );
    await refuses(
      ['probe', '--region', 'eu-west', '--server', 'ftp://status.example.com', '--token', TOKEN],
      /--server: .*http:\/\/ or https:\/\//,
    );
  });

  it('names a missing token and how to make one, and a missing or bad region', async () => {
    await refuses(
      ['probe', '--region', 'eu-west', '--server', 'http://127.0.0.1:1'],
      /needs --token .*vigil probe-token create --region eu-west/,
    );
    await refuses(['probe', '--server', 'http://127.0.0.1:1', '--token', TOKEN], /needs --region/);
    await refuses(
      ['probe', '--region', 'EU West', '--server', 'http://127.0.0.1:1', '--token', TOKEN],
      /--region "EU West": use 1-63 lowercase/,
    );
  });

  it('fails at start when web refuses the token', async () => {
    const web = createServer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(
        '{"error":{"code":"unauthorized","message":"the probe token is unknown or revoked"}}',
      );
    });
    const port = await listen(web);
    try {
      await refuses(
        ['probe', '--region', 'eu-west', '--server', `http://127.0.0.1:${port}`],
        /refused this probe .*401: unauthorized: the probe token is unknown or revoked/,
        { VIGIL_PROBE_TOKEN: TOKEN },
      );
    } finally {
      await closeServer(web);
    }
  });

  it('keeps running while web is unreachable, and refuses a second probe on its buffer', async () => {
    const bufferDir = join(dir, 'shared-buffer');
    const probeEnv = { ...env, VIGIL_PROBE_TOKEN: TOKEN, VIGIL_PROBE_BUFFER_DIR: bufferDir };
    const args = [
      'probe',
      '--region',
      'eu-west',
      '--server',
      `http://127.0.0.1:${await closedPort()}`,
    ];
    const first = startVigil(['serve', '--role', ...args], probeEnv);
    try {
      await waitFor('the first probe to hold its buffer', () => {
        if (first.child.exitCode !== null) throw new Error(`probe exited:\n${first.output()}`);
        return existsSync(join(bufferDir, 'vigil.lock')) ? true : undefined;
      });
      await refuses(args, /probe buffer .* is in use by another probe/, probeEnv);
    } finally {
      assert.equal(await stopChild(first.child), 0, `exit status on SIGTERM:\n${first.output()}`);
    }
  });

  it('refuses the evaluator and notifier roles on the embedded database, saying why', async () => {
    await refuses(['evaluator'], /evaluator role needs DATABASE_URL .*one process only/);
    await refuses(['notifier'], /notifier role needs DATABASE_URL .*one process only/);
  });

  it('refuses probe options with another role and unknown roles', async () => {
    await refuses(['web', '--region', 'eu-west'], /--region only apply to --role probe/);
    await refuses(
      ['mailer'],
      /unknown role "mailer"; this version has: web, evaluator, notifier, probe/,
    );
  });
});

describe('a remote probe beside vigil start, which runs its own probe for region local', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-probe-e2e-'));
  const probeBuffer = mkdtempSync(join(tmpdir(), 'vigil-probe-buf-'));
  const env = { DATA_DIR: dataDir };
  const hits = new Map<string, number>();
  let target: Server;
  let targetUrl: string;
  let server: ReturnType<typeof startServer>;
  let baseUrl: string;

  before(async () => {
    target = createServer((request, response) => {
      hits.set(request.url ?? '', (hits.get(request.url ?? '') ?? 0) + 1);
      response.end('ok');
    });
    targetUrl = `http://127.0.0.1:${await listen(target)}`;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = startServer({ ...env, PORT: String(port), HOST: '127.0.0.1' });
    await waitFor('the server to be ready', async () => {
      if (server.child.exitCode !== null)
        throw new Error(`vigil start exited:\n${server.output()}`);
      if (!existsSync(join(dataDir, 'vigil.sock'))) return undefined;
      const response = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
      return response?.ok ? true : undefined;
    });
  });
  after(async () => {
    if (server && server.child.exitCode === null) await stopChild(server.child);
    await closeServer(target);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(probeBuffer, { recursive: true, force: true });
  });

  it('checks from both regions, stores their results and stops cleanly', async () => {
    const key = await vigil(['api-key', 'create', '--name', 'probe test', '--scope', 'write'], env);
    assert.equal(key.code, 0, key.stderr);
    for (const [name, region] of [
      ['local', 'local'],
      ['remote', 'eu-west'],
    ] as const) {
      const response = await fetch(`${baseUrl}/api/v1/monitors`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key.stdout.trim()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          name,
          type: 'http',
          target: { url: `${targetUrl}/${name}` },
          interval: '10s',
          regions: [region],
          conditions: ['status == 200'],
        }),
      });
      assert.equal(response.status, 201, await response.text());
    }

    const created = await vigil(
      ['probe-token', 'create', '--region', 'eu-west', '--name', 'vm 1'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^vigil_probe_\S+\n$/, 'the token alone on stdout');
    assert.match(created.stderr, /for region eu-west/);
    const listed = await vigil(['probe-token', 'list'], env);
    assert.match(listed.stdout, /\beu-west\s+vm 1\s+.*active/);

    const probe = startVigil(
      ['serve', '--role', 'probe', '--region', 'eu-west', '--server', baseUrl],
      {
        VIGIL_PROBE_TOKEN: created.stdout.trim(),
        VIGIL_PROBE_BUFFER_DIR: probeBuffer,
      },
    );
    try {
      await waitFor(
        'both regions to check their monitor',
        () => {
          if (probe.child.exitCode !== null) throw new Error(`probe exited: ${probe.output()}`);
          return (hits.get('/local') ?? 0) > 0 && (hits.get('/remote') ?? 0) > 0 ? true : undefined;
        },
        30_000,
      );
    } finally {
      assert.equal(await stopChild(probe.child), 0, 'the probe exits 0 on SIGTERM');
    }
    assert.equal(await stopChild(server.child), 0, 'vigil start exits 0 on SIGTERM');

    const database = await openDatabase({ dataDir });
    try {
      const rows = await database.db
        .selectFrom('check_results')
        .innerJoin('monitors', 'monitors.id', 'check_results.monitor_id')
        .select(['monitors.name', 'check_results.region', 'check_results.passed'])
        .execute();
      const seen = new Set(rows.map((row) => `${row.name}@${row.region}:${row.passed}`));
      assert.ok(seen.has('local@local:true'), `results: ${[...seen].join(', ')}`);
      assert.ok(seen.has('remote@eu-west:true'), `results: ${[...seen].join(', ')}`);
    } finally {
      await database.close();
    }

    const id = /\b([a-z0-9]{12})\b/.exec(listed.stdout)?.[1];
    assert.ok(id, listed.stdout);
    const revoked = await vigil(['probe-token', 'revoke', id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Revoked probe token/);
  });
});
