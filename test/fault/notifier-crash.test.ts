// Fault test: two `vigil serve --role notifier` processes on PostgreSQL share a backlog of events
// for one webhook receiver; one is SIGKILLed while it has deliveries in flight. Every event must
// still reach the receiver, and the only events allowed to arrive twice are the ones the killed
// process had claimed and not yet recorded when it died.
//
// Why duplicates can happen at all, and why they are bounded: a notifier records an attempt only
// after the receiver answered. Killed between the receiver's answer and that record, its claim
// stays unrecorded; when the lease expires the other notifier sends the event again. The event
// id is the same on both requests, so a receiver that honours it (this one counts arrivals per
// id, as a deduplicating receiver would) sees the event once. A notifier claims no more than its
// free slots, so its unrecorded claims at any moment — the only candidates for a second copy —
// never exceed its in-flight sends: at most its per-channel share of VIGIL_NOTIFIER_CONCURRENCY.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresDatabase } from '../support/databases.js';
import { postgresUnavailable } from '../support/services.js';
import { startVigil, stopChild, waitFor, type BackgroundVigil } from '../cli/cli-support.js';

const EVENTS = 400;
/** Per notifier; a quarter of it (4) is what one channel may have in flight. */
const CONCURRENCY = 16;
const PER_CHANNEL = CONCURRENCY / 4;
/** The receiver answers each request after this long, so that sends are in flight at the kill. */
const RECEIVER_DELAY_MS = 100;

describe('notifier crash', { skip: await postgresUnavailable() }, () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let client: pg.Client;
  let receiver: Server;
  const arrivals = new Map<string, number>();
  const running: BackgroundVigil[] = [];
  let env: Record<string, string>;

  before(async () => {
    database = await createPostgresDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const id = String(request.headers['vigil-event-id']);
        arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
        setTimeout(() => response.end('ok'), RECEIVER_DELAY_MS);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    env = {
      DATABASE_URL: database.url,
      VIGIL_SECRET_KEY: randomBytes(32).toString('base64'),
      VIGIL_NOTIFIER_CONCURRENCY: String(CONCURRENCY),
      // Short attempts, so the killed notifier's leases (2 x timeout + 5 s) expire soon.
      VIGIL_NOTIFIER_TIMEOUT_SECONDS: '1',
      VIGIL_STATS_LOG_SECONDS: '0',
      LOG_LEVEL: 'warn',
    };
  });

  after(async () => {
    for (const notifier of running) {
      if (notifier.child.exitCode === null && notifier.child.signalCode === null) {
        await stopChild(notifier.child);
      }
    }
    await client?.end();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await database?.drop();
  });

  it('delivers every event after one of two notifiers is killed mid-batch, duplicating only its in-flight claims', async () => {
    const first = startVigil(['serve', '--role', 'notifier'], env);
    running.push(first);
    // The first notifier migrates the database; the channel goes in once the tables exist.
    await waitFor('the schema', async () => {
      const { rows } = await client.query(`SELECT to_regclass('public.channels') AS t`);
      if (first.child.exitCode !== null) throw new Error(`notifier exited:\n${first.output()}`);
      return rows[0]?.t ? true : undefined;
    });
    const { port } = receiver.address() as AddressInfo;
    // A channel without a secret: the test's SQL cannot encrypt, and signing is tested elsewhere.
    await client.query(
      `INSERT INTO channels (id, name, type, config) VALUES ('hook', 'hook', 'webhook', $1)`,
      [JSON.stringify({ url: `http://127.0.0.1:${port}/hook` })],
    );
    await client.query(`INSERT INTO notification_routes (id, channel_id) VALUES ('all', 'hook')`);
    await client.query(
      `INSERT INTO outbox (kind, payload)
       SELECT 'monitor.down', jsonb_build_object('event_id', 'evt-' || n, 'monitor_id', 'm' || n,
              'monitor_name', 'monitor ' || n, 'from', 'up', 'to', 'down')
       FROM generate_series(1, ${EVENTS}) AS n`,
    );
    const second = startVigil(['serve', '--role', 'notifier'], env);
    running.push(second);

    const notifierOf = async (child: BackgroundVigil): Promise<string> =>
      waitFor(`notifier ${child.child.pid} to make attempts`, async () => {
        if (child.child.exitCode !== null) throw new Error(`notifier exited:\n${child.output()}`);
        const { rows } = await client.query<{ notifier: string }>(
          `SELECT DISTINCT notifier FROM delivery_attempts WHERE notifier LIKE $1`,
          [`%:${child.child.pid}:%`],
        );
        return rows[0]?.notifier;
      });
    const [victimId] = await Promise.all([notifierOf(first), notifierOf(second)]);

    // Kill the first notifier while it has claims out (sends in flight).
    await waitFor('the victim to have sends in flight', async () => {
      const { rows } = await client.query(
        `SELECT 1 FROM deliveries WHERE claimed_by = $1 AND status = 'pending' LIMIT 1`,
        [victimId],
      );
      return rows.length > 0 ? true : undefined;
    });
    process.kill(first.child.pid!, 'SIGKILL');
    await waitFor('the victim to be gone', () =>
      first.child.exitCode !== null || first.child.signalCode !== null ? true : undefined,
    );
    // What it held when it died: nothing can change these rows until their lease runs out.
    const { rows: orphaned } = await client.query<{ event_id: string }>(
      `SELECT event_id FROM deliveries WHERE claimed_by = $1 AND status = 'pending'`,
      [victimId],
    );
    const inFlightAtKill = new Set(orphaned.map((row) => row.event_id));
    assert.ok(inFlightAtKill.size >= 1, 'the kill came mid-batch');
    assert.ok(
      inFlightAtKill.size <= PER_CHANNEL,
      `the victim held ${inFlightAtKill.size} claims, more than its ${PER_CHANNEL} slots for a channel`,
    );

    await waitFor(
      'every event to be delivered',
      async () => {
        if (second.child.exitCode !== null) throw new Error(`survivor exited:\n${second.output()}`);
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::integer AS n FROM deliveries WHERE status = 'delivered'`,
        );
        return rows[0]?.n === EVENTS ? true : undefined;
      },
      90_000,
    );

    const missing = Array.from({ length: EVENTS }, (_, i) => `evt-${i + 1}`).filter(
      (id) => !arrivals.has(id),
    );
    assert.deepEqual(missing, [], 'every event reached the receiver at least once');
    const duplicated = [...arrivals].filter(([, count]) => count > 1).map(([id]) => id);
    const extraCopies = [...arrivals.values()].reduce((sum, count) => sum + count - 1, 0);
    console.log(
      `# notifier crash: ${EVENTS} events, victim held ${inFlightAtKill.size} in flight, ` +
        `${duplicated.length} arrived twice (${extraCopies} extra copies)`,
    );
    for (const id of duplicated) {
      assert.ok(inFlightAtKill.has(id), `${id} arrived twice but was not in flight at the kill`);
      assert.equal(arrivals.get(id), 2, `${id} arrived more than twice`);
    }
    assert.ok(extraCopies <= inFlightAtKill.size);
    const { rows: dead } = await client.query(
      `SELECT 1 FROM deliveries WHERE status <> 'delivered'`,
    );
    assert.equal(dead.length, 0);
    assert.equal(await stopChild(second.child), 0, `survivor exit status:\n${second.output()}`);
  });
});
