// The proof "a monitor goes down and recovers: each configured channel receives exactly one down
// and one recovered message with the monitor, regions and reason", for EVERY registered channel
// type, on both backends: one channel per type (config from channel-fixtures.ts, pointed at the
// local HTTP receiver on a path of its own, or at the local SMTP server), all routed to one real
// monitor with two regions that the real evaluator sees go down (one region failing) and recover,
// delivered by a real notifier. A registered type without a fixture fails the test.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent, report } from '../../src/evaluator/evaluator-test-support.js';
import { channelTypeNames } from '../../src/notifier/channels/index.js';
import { databaseBackends } from '../support/databases.js';
import { CHANNEL_FIXTURES, type ReceivedMessage } from './channel-fixtures.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

interface SmtpCapture {
  url: string;
  messages(address: string): ReceivedMessage[];
  close(): Promise<void>;
}

/** A local SMTP server keeping every mail by envelope recipient. */
async function startSmtpCapture(): Promise<SmtpCapture> {
  const mails: ReceivedMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        for (const to of session.envelope.rcptTo) {
          mails.push({ path: to.address.toLowerCase(), headers: {}, body });
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: (address) => mails.filter((mail) => mail.path === address.toLowerCase()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const backend of await databaseBackends()) {
  describe(
    `every channel type hears down and recovered on ${backend.name}`,
    { skip: backend.skip },
    () => {
      let fixture: NotifierFixture;
      let smtp: SmtpCapture;
      before(async () => {
        fixture = await notifierFixture(backend);
        smtp = await startSmtpCapture();
      });
      afterEach(() => fixture?.stopNotifiers());
      after(async () => {
        await fixture?.close();
        await smtp?.close();
      });

      it('has a fixture for every registered channel type', () => {
        const missing = channelTypeNames().filter((type) => !Object.hasOwn(CHANNEL_FIXTURES, type));
        assert.deepEqual(missing, [], `add these types to test/notifier/channel-fixtures.ts`);
      });

      it('sends each channel exactly one down and one recovered, with the monitor, regions and reason', async () => {
        const types = channelTypeNames();
        const { db } = fixture.database;
        const { monitorId } = await monitoredComponent(db, {
          settings: { regions: ['eu', 'us'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
        });
        const monitor = await db
          .selectFrom('monitors')
          .select('name')
          .where('id', '=', monitorId)
          .executeTakeFirstOrThrow();
        const channels = new Map<string, string>();
        for (const type of types) {
          const spec = CHANNEL_FIXTURES[type];
          assert.ok(spec, `no fixture for channel type ${type}`);
          const path = `/every/${type}`;
          if (spec.answer) fixture.receiver.behave(path, spec.answer);
          const channel = await fixture.services.channels.create({
            name: `every-${type}`,
            type,
            config: spec.config(`${fixture.receiver.url}${path}`, smtp.url),
          });
          await fixture.services.routes.add({ channel_id: channel.id, monitor_id: monitorId });
          channels.set(type, channel.id);
        }

        const step = async (offsetMs: number, eu: boolean) => {
          await report(db, monitorId, offsetMs, { eu, us: true });
          await evaluateOne(db, monitorId, new Date(T0.getTime() + offsetMs));
        };
        await step(0, true); // pending → up (not announced by default)
        await step(10_000, false); // eu fails: down (quorum 1)
        await step(20_000, false);
        await step(30_000, true); // recovered
        await fixture.startNotifier();
        const rows = await fixture.waitForDeliveries(
          'every channel to get its two messages',
          (all) => all.filter((r) => r.status !== 'pending').length === types.length * 2,
        );
        assert.deepEqual(
          rows.filter((r) => r.status !== 'delivered').map((r) => [r.channel_id, r.last_error]),
          [],
          'every delivery succeeded',
        );
        const transition = await db
          .selectFrom('monitor_transitions')
          .select('reason')
          .where('monitor_id', '=', monitorId)
          .where('to_status', '=', 'down')
          .executeTakeFirstOrThrow();
        const reason = (transition.reason as { summary: string }).summary;
        assert.match(reason, /1 of 2 regions failing \(quorum 1\): eu/);

        for (const type of types) {
          const spec = CHANNEL_FIXTURES[type]!;
          const messages =
            spec.transport?.kind === 'smtp'
              ? smtp.messages(spec.transport.address)
              : fixture.receiver.requests(`/every/${type}`);
          const kinds = messages.map((m) => spec.kind(m));
          assert.deepEqual(
            kinds.filter((k) => k !== 'other').sort(),
            ['down', 'recovered'],
            `${type}: exactly one down and one recovered`,
          );
          const down = spec.text(messages[kinds.indexOf('down')]!);
          assert.ok(down.includes(monitor.name), `${type}: down names the monitor\n${down}`);
          assert.ok(down.includes('eu'), `${type}: down names the failing region\n${down}`);
          assert.ok(down.includes(reason), `${type}: down gives the reason\n${down}`);
          const recovered = spec.text(messages[kinds.indexOf('recovered')]!);
          assert.ok(recovered.includes(monitor.name), `${type}: recovered names the monitor`);
        }
      });
    },
  );
}
