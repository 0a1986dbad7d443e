// Benchmark of the notifier: (a) 10,000 monitor.down events to one local webhook receiver, and
// (b) one incident update fanned out to 10,000 confirmed email subscribers of its page and mailed
// through the subscriber path into a local SMTP server; each on the embedded database and on PostgreSQL (when reachable). The notifier runs
// in this process with the default settings (VIGIL_NOTIFIER_*), and so do the receivers: the
// figures include their cost on the same event loop, so they are a floor for a notifier process
// of its own. Every phase is bounded in time and says so when it was cut short.
// Environment: BENCH_NOTIFY_EVENTS (10000), BENCH_NOTIFY_MAILS (10000),
// BENCH_NOTIFY_TIMEOUT_SECONDS (300 per phase), BENCH_DATABASE_URL (PostgreSQL server for a
// scratch database; default postgres://postgres@127.0.0.1:5432/postgres; "none" skips it),
// BENCH_NOTIFY_CONCURRENCY (default VIGIL_NOTIFIER_CONCURRENCY's default), BENCH_NOTIFY_ONLY
// (comma-separated subset of webhook, email, embedded, postgres).
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { loadConfig } from '../../src/config/env.js';
import { parseSmtpUrl } from '../../src/mail/smtp-sender.js';
import { startNotifier } from '../../src/notifier/notifier-loop.js';
import { createSubscriberSender } from '../../src/notifier/subscribers/subscriber-sender.js';
import { createLogger } from '../../src/observability/logger.js';
import { createServices, type Services } from '../../src/services/index.js';
import { SecretBox } from '../../src/services/secret-box.js';
import { openDatabase, type VigilDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import { startSmtpSink } from '../../test/support/smtp-sink.js';
import { startWebhookReceiver } from '../../test/support/webhook-receiver.js';
import { busyShare, machineCpuSample } from '../support/machine-cpu.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import {
  emailAudience,
  insertIncidentUpdate,
  insertMonitorDownEvents,
  recipientAddresses,
} from './seed.js';

const EVENTS = Number(process.env.BENCH_NOTIFY_EVENTS ?? 10_000);
const MAILS = Number(process.env.BENCH_NOTIFY_MAILS ?? 10_000);
const TIMEOUT_MS = Number(process.env.BENCH_NOTIFY_TIMEOUT_SECONDS ?? 300) * 1000;
const POSTGRES_SERVER =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NOTIFIER = loadConfig({}).notifier;
const CONCURRENCY = Number(process.env.BENCH_NOTIFY_CONCURRENCY ?? NOTIFIER.concurrency);
const ONLY = (process.env.BENCH_NOTIFY_ONLY ?? '').split(',').filter(Boolean);
const wanted = (group: readonly string[], name: string): boolean =>
  !ONLY.some((o) => group.includes(o)) || ONLY.includes(name);
const PHASES = ['webhook', 'email'];
const BACKENDS = ['embedded', 'postgres'];

interface Backend {
  name: 'embedded' | 'postgres';
  open(): Promise<{ database: VigilDatabase; drop(): Promise<void> }>;
}

interface PhaseResult {
  phase: string;
  backend: string;
  what: string;
  /** Messages the receiver got (webhook requests or mails). */
  received: number;
  expected: number;
  duplicates: number;
  seedMs: number;
  /** From the notifier's start to the last message at the receiver. */
  lastMs: number | null;
  delivered: number;
  failed: number;
  timedOut: boolean;
  machineBusy: number | undefined;
}

async function backends(): Promise<{ list: Backend[]; skipped: string | null }> {
  const list: Backend[] = [
    {
      name: 'embedded',
      async open() {
        const database = await openDatabase({ dataDir: 'memory://' });
        await migrate(database);
        return { database, drop: () => database.close() };
      },
    },
  ];
  if (POSTGRES_SERVER === 'none') return { list, skipped: 'BENCH_DATABASE_URL=none' };
  const reason = await postgresProblem();
  if (reason) return { list, skipped: reason };
  list.push({
    name: 'postgres',
    async open() {
      const scratch: ScratchDatabase = await createScratchDatabase(POSTGRES_SERVER);
      const database = await openDatabase({
        databaseUrl: scratch.url,
        dataDir: '.',
        poolSize: 10,
      });
      await migrate(database);
      return {
        database,
        async drop() {
          await database.close();
          await scratch.drop();
        },
      };
    },
  });
  return { list, skipped: null };
}

async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: POSTGRES_SERVER,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return `PostgreSQL unreachable at ${new URL(POSTGRES_SERVER).host}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function servicesFor(database: VigilDatabase, box: SecretBox): Services {
  return createServices(database.db, { sessionTtlMs: 60_000, secretBox: box });
}

/** Runs the notifier until `done()` or the phase's time is up; returns when the last came. */
async function runNotifier(
  database: VigilDatabase,
  box: SecretBox,
  mail: Parameters<typeof startNotifier>[0]['mail'],
  progress: () => { received: number; lastAt: number | null },
  expected: number,
): Promise<Pick<PhaseResult, 'lastMs' | 'timedOut' | 'machineBusy' | 'delivered' | 'failed'>> {
  const cpuBefore = machineCpuSample();
  const startedAt = Date.now();
  // Subscriber deliveries go out as in `vigil serve --role notifier`: through the system mail.
  const subscribers = mail
    ? createSubscriberSender({
        db: database.db,
        mail,
        baseUrl: 'https://status.bench.example.com',
        webhookAllowPrivate: true,
      })
    : undefined;
  const notifier = await startNotifier({
    database,
    box,
    logger: createLogger('silent'),
    ...(subscribers ? { subscribers } : {}),
    concurrency: CONCURRENCY,
    timeoutMs: NOTIFIER.timeoutMs,
    maxAttempts: NOTIFIER.maxAttempts,
    retry: { baseMs: NOTIFIER.retryBaseMs, maxMs: NOTIFIER.retryMaxMs },
    ...(mail ? { mail } : {}),
  });
  let timedOut = false;
  try {
    while (progress().received < expected) {
      if (Date.now() - startedAt > TIMEOUT_MS) {
        timedOut = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await notifier.stop();
    subscribers?.close();
  }
  const lastAt = progress().lastAt;
  return {
    lastMs: lastAt === null ? null : lastAt - startedAt,
    timedOut,
    machineBusy: busyShare(cpuBefore, machineCpuSample()),
    ...(await deliveryCounts(database)),
  };
}

async function deliveryCounts(
  database: VigilDatabase,
): Promise<{ delivered: number; failed: number }> {
  const rows = await database.db
    .selectFrom('deliveries')
    .select(['status', database.db.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { delivered: count('delivered'), failed: count('dead') + count('pending') };
}

async function webhookPhase(backend: Backend): Promise<PhaseResult> {
  const { database, drop } = await backend.open();
  const receiver = await startWebhookReceiver();
  const box = SecretBox.withKey(randomBytes(32));
  try {
    const services = servicesFor(database, box);
    const channel = await services.channels.create({
      name: 'bench-hook',
      type: 'webhook',
      config: { url: `${receiver.url}/hook`, secret: 'bench-secret' },
    });
    await services.routes.add({ channel_id: channel.id });
    const seedStart = Date.now();
    await insertMonitorDownEvents(database.db, EVENTS);
    const seedMs = Date.now() - seedStart;
    const run = await runNotifier(
      database,
      box,
      undefined,
      () => {
        const counts = receiver.eventIdCounts('/hook');
        const requests = receiver.requests('/hook');
        return { received: counts.size, lastAt: requests.at(-1)?.at ?? null };
      },
      EVENTS,
    );
    const counts = receiver.eventIdCounts('/hook');
    const requests = receiver.requests('/hook').length;
    return {
      phase: 'a: webhook',
      backend: backend.name,
      what: `${EVENTS} monitor.down → 1 webhook channel`,
      received: counts.size,
      expected: EVENTS,
      duplicates: requests - counts.size,
      seedMs,
      ...run,
    };
  } finally {
    await receiver.close();
    await drop();
  }
}

async function emailPhase(backend: Backend): Promise<PhaseResult> {
  const { database, drop } = await backend.open();
  // Bodies are not parsed: the sink's cost should stay small next to the notifier's.
  const sink = await startSmtpSink({ parse: false });
  const box = SecretBox.withKey(randomBytes(32));
  try {
    const seedStart = Date.now();
    const audience = await emailAudience(database.db, recipientAddresses(MAILS));
    await insertIncidentUpdate(database.db);
    const seedMs = Date.now() - seedStart;
    const run = await runNotifier(
      database,
      box,
      { smtp: parseSmtpUrl(sink.url), from: { name: 'Vigil', address: 'vigil@bench.example.com' } },
      () => ({ received: sink.count(), lastAt: sink.lastAt() }),
      audience.mails,
    );
    return {
      phase: 'b: email',
      backend: backend.name,
      what: audience.describe,
      received: sink.count(),
      expected: audience.mails,
      // Every mail of the run carries the one event id; copies would show as extra mails.
      duplicates: Math.max(0, sink.count() - audience.mails),
      seedMs,
      ...run,
    };
  } finally {
    await sink.close();
    await drop();
  }
}

function report(results: PhaseResult[], skipped: string | null): void {
  const rows = results.map((r) => {
    const seconds = r.lastMs === null ? null : r.lastMs / 1000;
    return [
      r.phase,
      r.backend,
      `${r.received}/${r.expected}${r.timedOut ? ' (timed out)' : ''}`,
      String(r.duplicates),
      seconds === null ? '-' : seconds.toFixed(2),
      seconds === null || seconds === 0 ? '-' : Math.round(r.received / seconds).toString(),
      `${r.delivered}/${r.failed}`,
      r.machineBusy === undefined ? '-' : `${Math.round(r.machineBusy * 100)}%`,
    ];
  });
  const header = [
    'phase',
    'database',
    'received',
    'dupes',
    'to last (s)',
    'msgs/s',
    'deliveries ok/not',
    'machine busy',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const r of results)
    console.log(`${r.phase} on ${r.backend}: ${r.what}; seeded in ${r.seedMs} ms`);
  console.log(
    `notifier: concurrency ${CONCURRENCY} (a quarter per channel), timeout ${NOTIFIER.timeoutMs} ms; ` +
      `notifier, receiver and SMTP sink share this process; ${availableParallelism()} CPUs`,
  );
  if (skipped) console.log(`PostgreSQL skipped: ${skipped}`);
}

const { list, skipped } = await backends();
const results: PhaseResult[] = [];
for (const backend of list.filter((b) => wanted(BACKENDS, b.name))) {
  if (wanted(PHASES, 'webhook')) {
    console.log(`${backend.name}: webhook ...`);
    results.push(await webhookPhase(backend));
  }
  if (wanted(PHASES, 'email')) {
    console.log(`${backend.name}: email ...`);
    results.push(await emailPhase(backend));
  }
}
report(results, skipped);
const incomplete = results.filter((r) => r.received < r.expected || r.timedOut);
if (incomplete.length > 0) {
  console.error(`incomplete: ${incomplete.map((r) => `${r.phase} on ${r.backend}`).join(', ')}`);
  process.exit(1);
}
