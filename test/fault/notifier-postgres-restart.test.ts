// Fault test: the notifier on a private PostgreSQL cluster that is restarted, then stopped for a
// while and started again. It reconnects by itself, delivers what was written before, between and
// after, and logs each outage once when it starts and once when it ends, not once per retry.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import pg from 'pg';
import { startNotifier, type Notifier } from '../../src/notifier/notifier-loop.js';
import { outageLog } from '../../src/observability/outage-log.js';
import { createServices } from '../../src/services/index.js';
import { SecretBox } from '../../src/services/secret-box.js';
import { openDatabase, type VigilDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import { freePort, waitFor } from '../cli/cli-support.js';
import { unavailable } from '../support/services.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const CLUSTER = `vigil_notify_${randomBytes(4).toString('hex')}`;

function pgctl(...args: string[]): void {
  const result = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
  }
}

function clusterToolsMissing(): string | false {
  const probe = spawnSync('pg_lsclusters', [], { encoding: 'utf8' });
  return unavailable(
    'pg_createcluster',
    probe.status === 0 ? false : 'postgresql-common cluster tools are not installed',
  );
}

describe('notifier across PostgreSQL restarts', { skip: clusterToolsMissing() }, () => {
  let port: number;
  let database: VigilDatabase;
  let receiver: WebhookReceiver;
  let notifier: Notifier | undefined;
  let created = false;
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  const logged = (pattern: RegExp) => lines.filter((line) => pattern.test(line.msg)).length;

  before(async () => {
    port = await freePort();
    pgctl('pg_createcluster', '15', CLUSTER, '-p', String(port), '--', '--auth=trust');
    created = true;
    pgctl('pg_ctlcluster', '15', CLUSTER, 'start');
    const admin = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    });
    await admin.connect();
    await admin.query('CREATE DATABASE vigil');
    await admin.end();
    receiver = await startWebhookReceiver();
  });

  after(async () => {
    await notifier?.stop();
    await database?.close();
    await receiver?.close();
    if (created) pgctl('pg_dropcluster', '15', CLUSTER, '--stop');
  });

  const insertEvent = async (id: string): Promise<void> => {
    const client = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${port}/vigil`,
    });
    await client.connect();
    try {
      await client.query(`INSERT INTO outbox (kind, payload) VALUES ('monitor.down', $1)`, [
        JSON.stringify({
          event_id: id,
          monitor_id: 'm1',
          monitor_name: 'website',
          from: 'up',
          to: 'down',
        }),
      ]);
    } finally {
      await client.end();
    }
  };
  const arrived = (id: string) =>
    waitFor(`${id} to arrive`, () => (receiver.eventIdCounts().get(id) ? true : undefined), 60_000);

  it('reconnects by itself, delivers everything, and logs each outage once', async () => {
    const outage = outageLog(logger, 'database');
    database = await openDatabase({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/vigil`,
      dataDir: '.',
      poolSize: 4,
      onListenError: (error) => outage.failed(error),
    });
    await migrate(database);
    const box = SecretBox.withKey(randomBytes(32));
    const { channels, routes } = createServices(database.db, {
      sessionTtlMs: 60_000,
      secretBox: box,
    });
    const channel = await channels.create({
      name: 'hook',
      type: 'webhook',
      config: { url: `${receiver.url}/hook`, secret: 's' },
    });
    await routes.add({ channel_id: channel.id });
    notifier = await startNotifier({
      database,
      box,
      logger,
      outage,
      concurrency: 4,
      timeoutMs: 5000,
      maxAttempts: 5,
      retry: { baseMs: 100, maxMs: 1000 },
      pollMs: 250,
    });
    await insertEvent('before');
    await arrived('before');

    pgctl('pg_ctlcluster', '15', CLUSTER, 'restart');
    await insertEvent('after-restart');
    await arrived('after-restart');

    pgctl('pg_ctlcluster', '15', CLUSTER, 'stop');
    // Several polls fail while it is down, and only the first of them is a warning.
    await waitFor('several failed passes', () => (logged(/still failing/) >= 3 ? true : undefined));
    pgctl('pg_ctlcluster', '15', CLUSTER, 'start');
    await insertEvent('after-outage');
    await arrived('after-outage');
    await waitFor('the end of the outage to be logged', () =>
      logged(/^(?!.*retrying).* is back$/) >= 1 && !outage.down ? true : undefined,
    );

    const outages = logged(/unreachable; retrying/);
    const recoveries = logged(/^(?!.*retrying).* is back$/);
    assert.ok(outages >= 1 && outages <= 2, `outage starts logged: ${outages} (two outages)`);
    assert.equal(recoveries, outages, 'every outage logged as over once');
    const counts = receiver.eventIdCounts();
    assert.deepEqual(
      ['before', 'after-restart', 'after-outage'].map((id) => counts.get(id)),
      [1, 1, 1],
    );
  });
});
