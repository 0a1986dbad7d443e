// The split deployment on PostgreSQL: `serve --role web`, `--role evaluator` and `--role probe`
// as three processes; a probe's results reach the evaluator, which sets the monitor's status,
// and every role exits 0 on SIGTERM.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { closeServer, listen } from '../../src/probe/checkers/checker-test-support.js';
import { createPostgresDatabase } from '../support/databases.js';
import { postgresUnavailable } from '../support/services.js';
import { freePort, startVigil, stopChild, vigil, waitFor } from './cli-support.js';

describe(
  'web, evaluator and probe as separate processes',
  { skip: await postgresUnavailable() },
  () => {
    const buffer = mkdtempSync(join(tmpdir(), 'vigil-split-'));
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let env: Record<string, string>;
    let target: Server;
    let targetUrl: string;
    const running: ReturnType<typeof startVigil>[] = [];

    before(async () => {
      database = await createPostgresDatabase();
      env = { DATABASE_URL: database.url, DATA_DIR: buffer };
      target = createServer((_request, response) => response.end('ok'));
      targetUrl = `http://127.0.0.1:${await listen(target)}`;
    });
    after(async () => {
      for (const role of running) if (role.child.exitCode === null) await stopChild(role.child);
      await closeServer(target);
      await database.drop();
      rmSync(buffer, { recursive: true, force: true });
    });

    it('turns a probe result into monitor status through the evaluator role', async () => {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const web = startVigil(['serve', '--role', 'web'], { ...env, PORT: String(port) });
      running.push(web);
      await waitFor('web to be ready', async () => {
        if (web.child.exitCode !== null) throw new Error(`web exited:\n${web.output()}`);
        const response = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
        return response?.ok ? true : undefined;
      });
      const key = await vigil(['api-key', 'create', '--name', 'split', '--scope', 'write'], env);
      assert.equal(key.code, 0, key.stderr);
      const response = await fetch(`${baseUrl}/api/v1/monitors`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key.stdout.trim()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          name: 'split',
          type: 'http',
          target: { url: `${targetUrl}/` },
          interval: '10s',
          regions: ['ap-south'],
          conditions: ['status == 200'],
          success_threshold: 1,
        }),
      });
      const text = await response.text();
      assert.equal(response.status, 201, text);
      const monitorId = (JSON.parse(text) as { id: string }).id;
      const token = await vigil(['probe-token', 'create', '--region', 'ap-south'], env);
      assert.equal(token.code, 0, token.stderr);

      const evaluator = startVigil(['serve', '--role', 'evaluator'], env);
      const probe = startVigil(
        ['serve', '--role', 'probe', '--region', 'ap-south', '--server', baseUrl],
        { VIGIL_PROBE_TOKEN: token.stdout.trim(), VIGIL_PROBE_BUFFER_DIR: buffer },
      );
      running.push(evaluator, probe);

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await waitFor(
          'the monitor to be up',
          async () => {
            for (const role of [evaluator, probe]) {
              if (role.child.exitCode !== null) throw new Error(`a role exited:\n${role.output()}`);
            }
            const { rows } = await client.query<{ status: string }>(
              `SELECT state->>'status' AS status FROM monitor_states WHERE monitor_id = $1`,
              [monitorId],
            );
            return rows[0]?.status === 'up' ? true : undefined;
          },
          40_000,
        );
      } finally {
        await client.end();
      }
      for (const role of [probe, evaluator, web]) {
        assert.equal(await stopChild(role.child), 0, `exit status on SIGTERM:\n${role.output()}`);
      }
    });
  },
);
