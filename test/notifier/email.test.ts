// The email channel end to end on both backends: a monitor the real evaluator sees go down and
// recover reaches an email channel routed to it, through the real notifier and the system SMTP
// settings, as exactly one "down" and one "recovered" mail per recipient; a recipient the
// server refuses for good is dead-lettered after one attempt; a retry after a partial failure
// mails only the recipients that have not accepted (and not those refused for good, until a
// retry by hand); the channel's smtp_url is stored encrypted and never shown.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent, report } from '../../src/evaluator/evaluator-test-support.js';
import { parseSmtpUrl } from '../../src/mail/smtp-sender.js';
import type { SystemMail } from '../../src/notifier/channel.js';
import { DeliveryRepository } from '../../src/store/delivery-repository.js';
import { databaseBackends } from '../support/databases.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { monitorEvent, notifierFixture, type NotifierFixture } from './notifier-support.js';

for (const backend of await databaseBackends()) {
  describe(`email channel on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    let sink: SmtpSink;
    let mail: SystemMail;
    before(async () => {
      fixture = await notifierFixture(backend);
      sink = await startSmtpSink({
        rejectRecipients: (rcpt) => (rcpt.startsWith('gone') ? 550 : 0),
      });
      mail = {
        smtp: parseSmtpUrl(sink.url),
        from: { name: 'Vigil', address: 'vigil@status.example.com' },
      };
    });
    afterEach(() => fixture?.stopNotifiers());
    after(async () => {
      await fixture?.close();
      await sink?.close();
    });

    it('mails one down and one recovered to each recipient of the channel routed to the monitor', async () => {
      const { db } = fixture.database;
      const { monitorId } = await monitoredComponent(db, {
        settings: { regions: ['a'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
      });
      const [monitor] = await db
        .selectFrom('monitors')
        .select('name')
        .where('id', '=', monitorId)
        .execute();
      const channel = await fixture.services.channels.create({
        name: 'ops-mail',
        type: 'email',
        config: { to: ['ops@example.com', 'oncall@example.org'] },
      });
      await fixture.services.routes.add({ channel_id: channel.id, monitor_id: monitorId });
      const step = async (offsetMs: number, passed: boolean) => {
        await report(db, monitorId, offsetMs, { a: passed });
        await evaluateOne(db, monitorId, new Date(T0.getTime() + offsetMs));
      };
      await step(0, true);
      await step(10_000, false); // up → down
      await step(20_000, true); // down → up: recovered
      await fixture.startNotifier({ mail });
      await fixture.waitForDeliveries(
        'both events delivered to the email channel',
        (rows) =>
          rows.filter((r) => r.channel_id === channel.id && r.status === 'delivered').length === 2,
      );
      const mails = sink
        .messages()
        .filter((m) => m.subject?.startsWith(`[Vigil] ${monitor!.name} `))
        .map((m) => [m.envelope.rcptTo.join(','), m.subject, m.headers.get('vigil-event-type')])
        .sort();
      assert.deepEqual(mails, [
        ['oncall@example.org', `[Vigil] ${monitor!.name} has recovered`, 'monitor.recovered'],
        ['oncall@example.org', `[Vigil] ${monitor!.name} is down`, 'monitor.down'],
        ['ops@example.com', `[Vigil] ${monitor!.name} has recovered`, 'monitor.recovered'],
        ['ops@example.com', `[Vigil] ${monitor!.name} is down`, 'monitor.down'],
      ]);
      const down = sink.messages().find((m) => m.subject === `[Vigil] ${monitor!.name} is down`)!;
      assert.deepEqual(down.from?.value, [{ name: 'Vigil', address: 'vigil@status.example.com' }]);
      assert.match(String(down.text), /^Failing regions: a$/m);
      assert.match(String(down.text), /^Status: up → down$/m);
      const deliveries = await fixture.deliveries(channel.id);
      assert.deepEqual(
        deliveries.map((d) => [d.attempts, d.last_status_code]),
        [
          [1, 250],
          [1, 250],
        ],
      );
      assert.equal(down.headers.get('vigil-event-id'), deliveries[0]?.event_id);
    });

    it('dead-letters a delivery at once when the server refuses the recipient for good', async () => {
      const channel = await fixture.services.channels.create({
        name: 'gone-mail',
        type: 'email',
        config: { to: ['gone@example.com'] },
      });
      await fixture.services.routes.add({ channel_id: channel.id });
      await fixture.startNotifier({ mail, maxAttempts: 5 });
      await monitorEvent(fixture.database, 'evt-gone-1', 'm-gone');
      const rows = await fixture.waitForDeliveries('the refused delivery to be dead', (all) =>
        all.some((r) => r.channel_id === channel.id && r.status === 'dead'),
      );
      const dead = rows.find((r) => r.channel_id === channel.id)!;
      assert.equal(dead.attempts, 1);
      assert.equal(dead.last_status_code, 550);
      assert.match(dead.last_error ?? '', /^gone@example\.com: .*550/);
      const attempts = await new DeliveryRepository(fixture.database.db).attemptsOf(dead.id);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.ok, a.status_code]),
        [[1, false, 550]],
      );
      await fixture.services.channels.delete(channel.id);
    });

    /** Who got the event's mail, one entry per mail, sorted. */
    const mailedTo = (eventId: string) =>
      sink
        .messages()
        .filter((m) => m.headers.get('vigil-event-id') === eventId)
        .map((m) => m.envelope.rcptTo.join(','))
        .sort();
    const attemptLog = async (deliveryId: number) =>
      (await fixture.services.deliveries.get(deliveryId)).attemptLog.map((a) => [
        a.attempt,
        a.ok,
        a.status_code,
        a.error,
      ]);

    it('retries a recipient refused for now without mailing the one that accepted again', async () => {
      const channel = await fixture.services.channels.create({
        name: 'busy-mail',
        type: 'email',
        config: { to: ['had-it@example.com', 'busy-once@example.com'] },
      });
      await fixture.services.routes.add({ channel_id: channel.id });
      sink.refuseOnce('busy-once@example.com', 451);
      await fixture.startNotifier({ mail, maxAttempts: 5 });
      await monitorEvent(fixture.database, 'evt-busy-1', 'm-busy');
      const rows = await fixture.waitForDeliveries('the delivery after its retry', (all) =>
        all.some((r) => r.channel_id === channel.id && r.status === 'delivered'),
      );
      const delivered = rows.find((r) => r.channel_id === channel.id)!;
      assert.deepEqual([delivered.attempts, delivered.last_status_code], [2, 250]);
      const log = await attemptLog(delivered.id);
      assert.deepEqual(
        log.map(([attempt, ok, code]) => [attempt, ok, code]),
        [
          [1, false, 451],
          [2, true, 250],
        ],
      );
      assert.match(
        String(log[0]![3]),
        /^1 of 2 recipients failed\. Failed for now \(retried while attempts remain\): busy-once@example\.com: .*451.*\. Accepted: had-it@example\.com\.$/,
      );
      assert.deepEqual(mailedTo('evt-busy-1'), ['busy-once@example.com', 'had-it@example.com']);
      await fixture.services.channels.delete(channel.id);
    });

    it('records a recipient refused for good among accepted ones, and asks it again only on a retry by hand', async () => {
      const channel = await fixture.services.channels.create({
        name: 'mixed-mail',
        type: 'email',
        config: { to: ['took-it@example.com', 'gone-mixed@example.com', 'slow@example.com'] },
      });
      await fixture.services.routes.add({ channel_id: channel.id });
      sink.refuseOnce('slow@example.com', 450);
      await fixture.startNotifier({ mail, maxAttempts: 5 });
      await monitorEvent(fixture.database, 'evt-mixed-1', 'm-mixed');
      const rows = await fixture.waitForDeliveries(
        'the partly refused delivery to be dead',
        (all) => all.some((r) => r.channel_id === channel.id && r.status === 'dead'),
      );
      const dead = rows.find((r) => r.channel_id === channel.id)!;
      assert.equal(dead.attempts, 2, 'dead once only the refused recipient is left');
      const accepted = 'Accepted: took-it@example.com, slow@example.com.';
      assert.equal(
        dead.last_error,
        `1 of 3 recipients failed. Refused for good (not retried): gone-mixed@example.com: refused in an earlier attempt. ${accepted}`,
      );
      const log = await attemptLog(dead.id);
      assert.deepEqual(
        log.map(([attempt, ok, code]) => [attempt, ok, code]),
        [
          [1, false, 550],
          [2, false, null],
        ],
      );
      assert.match(
        String(log[0]![3]),
        /^2 of 3 recipients failed\. Refused for good \(not retried\): gone-mixed@example\.com: .*550.*\. Failed for now \(retried while attempts remain\): slow@example\.com: .*450.*\. Accepted: took-it@example\.com\.$/,
      );
      assert.deepEqual(mailedTo('evt-mixed-1'), ['slow@example.com', 'took-it@example.com']);

      // By hand: the refused mailbox may have been fixed; the others have the mail already.
      await fixture.services.deliveries.retry(dead.id);
      const again = await fixture.waitForDeliveries(
        'the retried delivery to be dead again',
        (all) => all.some((r) => r.id === dead.id && r.status === 'dead' && r.attempts === 1),
      );
      assert.match(
        again.find((r) => r.id === dead.id)!.last_error ?? '',
        new RegExp(
          `^1 of 3 recipients failed\\. Refused for good \\(not retried\\): gone-mixed@example\\.com: .*550.*\\. ${accepted.replace(/\./g, '\\.')}$`,
        ),
      );
      assert.deepEqual(mailedTo('evt-mixed-1'), ['slow@example.com', 'took-it@example.com']);
      await fixture.services.channels.delete(channel.id);
    });

    it('stores smtp_url encrypted, never shows it, and sends through it', async () => {
      const own = await startSmtpSink({ requireAuth: { user: 'vigil', pass: 'Mail-Pa55' } });
      try {
        const channel = await fixture.services.channels.create({
          name: 'own-smtp',
          type: 'email',
          config: {
            to: ['own@example.com'],
            smtp_url: `smtp://vigil:Mail-Pa55@127.0.0.1:${own.port}?security=none`,
          },
        });
        const [row] = await fixture.database.db
          .selectFrom('channels')
          .select('config')
          .where('id', '=', channel.id)
          .execute();
        assert.ok(!JSON.stringify(row?.config).includes('Mail-Pa55'), 'encrypted at rest');
        const shown = await fixture.services.channels.get(channel.id);
        assert.ok(!JSON.stringify(shown).includes('Mail-Pa55'), 'never shown');
        const result = await fixture.services.channels.sendTest(channel.id);
        assert.deepEqual(result, { ok: true, statusCode: 250, error: null });
        const test = await own.waitFor((m) => m.envelope.rcptTo[0] === 'own@example.com', 5000);
        assert.equal(test.subject, '[Vigil] Vigil test notification');
        assert.equal(test.user, 'vigil');
        await fixture.services.channels.delete(channel.id);
      } finally {
        await own.close();
      }
    });
  });
}
