// `web` while its PostgreSQL is unreachable (a proxy in front of the shared server, cut and
// restored): requests that need the database get 503 with Retry-After and the one error shape,
// never a 500; readiness fails; the outage is logged once; all answers again once it is back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/env.js';
import { openDatabase, type VigilDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import { startWeb, type RunningWeb } from '../../src/web/server.js';
import { waitFor } from '../cli/cli-support.js';
import { createPostgresDatabase } from '../support/databases.js';
import { postgresUnavailable } from '../support/services.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

describe('web while the database is unreachable', { skip: await postgresUnavailable() }, () => {
  let created: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let database: VigilDatabase;
  let web: RunningWeb;
  let token: string;
  const lines: Array<{ level: number; msg: string }> = [];

  before(async () => {
    created = await createPostgresDatabase();
    const url = new URL(created.url);
    proxy = await startTcpProxy(Number(url.port || 5432));
    url.port = String(proxy.port);
    database = await openDatabase({ databaseUrl: url.toString(), dataDir: '.', poolSize: 4 });
    await migrate(database);
    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: '/nonexistent-vigil' });
    // Every log line, to count what the outage produced.
    const logger = pino(
      { level: 'debug' },
      {
        write: (line: string) =>
          void lines.push(JSON.parse(line) as { level: number; msg: string }),
      },
    );
    web = await startWeb(config, logger, database);
    token = (await web.services.probeTokens.create({ region: 'eu' })).secret;
  });

  after(async () => {
    await web?.stop();
    await database?.close();
    await proxy?.close();
    await created?.drop();
  });

  const assignment = () =>
    fetch(`${web.url}/internal/v1/probe/assignment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: 'agent-1' }),
    });

  it('answers 503 with Retry-After while it is down, and recovers by itself', async () => {
    assert.equal((await assignment()).status, 200);
    await proxy.cut();
    for (let i = 0; i < 5; i++) {
      const response = await assignment();
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '2');
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'database_unavailable');
      assert.doesNotMatch(body.error.message, /ECONN|at \//);
    }
    const admin = await fetch(`${web.url}/admin/monitors`);
    assert.equal(admin.status, 503, 'admin pages say it too, as a page');
    assert.match(admin.headers.get('content-type') ?? '', /html/);
    assert.equal((await fetch(`${web.url}/readyz`)).status, 503);

    await proxy.restore();
    await waitFor(
      'ingest to answer again',
      async () => ((await assignment()).status === 200 ? true : undefined),
      20_000,
    );
    await waitFor(
      'the outage to be logged as over',
      () => (lines.some((line) => line.msg === 'the database is back') ? true : undefined),
      20_000,
    );
    assert.equal((await fetch(`${web.url}/readyz`)).status, 200);
    const warnings = lines.filter(
      (l) => l.msg === 'the database is unreachable; retrying until it is back',
    );
    assert.equal(warnings.length, 1, 'one warning for the outage');
    assert.deepEqual(
      lines.filter((l) => l.level >= 50).map((l) => l.msg),
      [],
      'no request logged as failed with a stack',
    );
  });
});
