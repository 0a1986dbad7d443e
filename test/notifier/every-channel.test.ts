// The proof "a monitor goes down and recovers: each configured channel receives exactly one down
// and one recovered message with the monitor, regions and reason", for EVERY registered channel
// type, on both backends: one channel per type (config from channel-fixtures.ts, pointed at the
// local HTTP receiver on a path of its own, or at the local SMTP server), all routed to one real
// monitor with two regions that the real evaluator sees go down (one region failing) and recover,
// delivered by a real notifier. A registered type without a fixture fails the test.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent, report } from '../../src/evaluator/evaluator-test-support.js';
import { channelTypeNames } from '../../src/notifier/channels/index.js';
import { databaseBackends } from '../support/databases.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { CHANNEL_FIXTURES, type ReceivedMessage } from './channel-fixtures.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

/** Each mail the sink took, once per envelope recipient, as the fixtures read messages. */
function mailMessages(sink: SmtpSink, address: string): ReceivedMessage[] {
  return sink.messages().flatMap((mail) =>
    mail.envelope.rcptTo
      .filter((to) => to.toLowerCase() === address.toLowerCase())
      .map((to) => ({
        path: to,
        headers: { subject: mail.subject ?? '' },
        body: mail.text ?? '',
      })),
  );
}

/** `text` without every occurrence of the `known` strings (to look for what else it says). */
function without(text: string, ...known: string[]): string {
  return known.reduce((rest, part) => rest.split(part).join(' '), text);
}

for (const backend of await databaseBackends()) {
  describe(
    `every channel type hears down and recovered on ${backend.name}`,
    { skip: backend.skip },
    () => {
      let fixture: NotifierFixture;
      let smtp: SmtpSink;
      before(async () => {
        fixture = await notifierFixture(backend);
        smtp = await startSmtpSink();
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
        const reasonOf = async (from: string, to: string) => {
          const transition = await db
            .selectFrom('monitor_transitions')
            .select('reason')
            .where('monitor_id', '=', monitorId)
            .where('from_status', '=', from)
            .where('to_status', '=', to)
            .executeTakeFirstOrThrow();
          return (transition.reason as { summary: string }).summary;
        };
        const downReason = await reasonOf('up', 'down');
        assert.match(downReason, /^1 of 2 regions failing \(quorum 1\): eu$/);
        const upReason = await reasonOf('down', 'up');
        assert.doesNotMatch(upReason, /\b(eu|us)\b/, 'the recovery reason names no region');

        /**
         * `text` names the monitor, gives `reason`, and names both regions (eu and us) elsewhere
         * than in the reason and the name: a reason that happens to mention a region is no list
         * of the regions.
         */
        const assertFacts = (type: string, what: string, text: string, reason: string) => {
          assert.ok(text.includes(monitor.name), `${type}: ${what} names the monitor\n${text}`);
          assert.ok(text.includes(reason), `${type}: ${what} gives the reason\n${text}`);
          const rest = without(text, reason, monitor.name);
          for (const region of ['eu', 'us']) {
            assert.match(
              rest,
              new RegExp(`\\b${region}\\b`),
              `${type}: ${what} names region ${region}\n${text}`,
            );
          }
        };

        for (const type of types) {
          const spec = CHANNEL_FIXTURES[type]!;
          const messages =
            spec.transport?.kind === 'smtp'
              ? mailMessages(smtp, spec.transport.address)
              : fixture.receiver.requests(`/every/${type}`);
          const kinds = messages.map((m) => spec.kind(m));
          // Two deliveries per channel were made: both must be these, in either order.
          assert.deepEqual(
            [...kinds].sort(),
            ['down', 'recovered'],
            `${type}: exactly one down and one recovered`,
          );
          const downMessage = messages[kinds.indexOf('down')]!;
          const recoveredMessage = messages[kinds.indexOf('recovered')]!;
          assertFacts(type, 'down', spec.text(downMessage), downReason);
          if (spec.alertKey) {
            const key = `vigil-monitor-${monitorId}`;
            assert.equal(
              spec.alertKey(downMessage),
              key,
              `${type}: down opens the monitor's alert`,
            );
            assert.equal(
              spec.alertKey(recoveredMessage),
              key,
              `${type}: recovered closes the monitor's alert`,
            );
          }
          if (spec.recoveredShows === 'key-only') {
            assert.ok(spec.alertKey, `${type}: key-only recovery needs an alertKey`);
          } else {
            assertFacts(type, 'recovered', spec.text(recoveredMessage), upReason);
          }
        }
      });
    },
  );
}
