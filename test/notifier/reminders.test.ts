// Reminders while down, on both backends: a route with remind_every gets "still down" every
// remind_every after the down transition, exactly once per interval and channel even with two
// notifiers writing at once, one catch-up (not a burst) after hours away, none once recovered;
// routes without remind_every get none. Written through the real evaluator and notifier.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent, report } from '../../src/evaluator/evaluator-test-support.js';
import { writeDueReminders } from '../../src/notifier/reminders.js';
import { databaseBackends } from '../support/databases.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

const MINUTE = 60_000;

for (const backend of await databaseBackends()) {
  describe(`reminders while down on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    before(async () => {
      fixture = await notifierFixture(backend);
    });
    afterEach(() => fixture?.stopNotifiers());
    after(() => fixture?.close());

    it('reminds every remind_every, once per interval and channel, one catch-up, none after recovery', async () => {
      const { db } = fixture.database;
      const { monitorId } = await monitoredComponent(db, {
        settings: { regions: ['a', 'b'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
      });
      const reminded = await fixture.hookChannel('reminded', '/reminded', 'none');
      const plain = await fixture.hookChannel('plain', '/plain', 'none');
      await fixture.services.routes.add({
        channel_id: reminded,
        monitor_id: monitorId,
        remind_every: 30,
      });
      await fixture.services.routes.add({ channel_id: plain, monitor_id: monitorId });

      await report(db, monitorId, 0, { a: true, b: true });
      await evaluateOne(db, monitorId, T0);
      await report(db, monitorId, 10_000, { a: false, b: true });
      await evaluateOne(db, monitorId, new Date(T0.getTime() + 10_000));
      const downAt = T0.getTime() + 10_000;
      const at = (ms: number) => new Date(downAt + ms);

      assert.equal(await writeDueReminders(db, at(29 * MINUTE)), 0, 'not yet due');
      assert.equal(await writeDueReminders(db, at(30 * MINUTE)), 1, 'the first reminder');
      assert.equal(await writeDueReminders(db, at(31 * MINUTE)), 0, 'already sent');
      // Two notifiers at the same moment: one of them writes reminder 2.
      const both = await Promise.all([
        writeDueReminders(db, at(61 * MINUTE)),
        writeDueReminders(db, at(61 * MINUTE)),
      ]);
      assert.equal(both[0]! + both[1]!, 1, `two notifiers wrote ${both.join(' and ')}`);
      // Away for ten hours: one catch-up reminder, number 20, not eighteen of them.
      assert.equal(await writeDueReminders(db, at(10 * 60 * MINUTE + 5 * MINUTE)), 1);
      assert.equal(await writeDueReminders(db, at(10 * 60 * MINUTE + 6 * MINUTE)), 0);

      await report(db, monitorId, 10 * 3600_000 + 20_000, { a: true, b: true });
      await evaluateOne(db, monitorId, at(10 * 3600_000 + 10_000));
      assert.equal(await writeDueReminders(db, at(20 * 60 * MINUTE)), 0, 'recovered: no more');

      await fixture.startNotifier();
      await fixture.waitForDeliveries(
        'down, three reminders and recovered to the reminded channel; down and recovered to the other',
        (rows) => rows.filter((r) => r.status === 'delivered').length === 7,
      );
      const bodies = fixture.receiver
        .requests('/reminded')
        .map(
          (r) =>
            JSON.parse(r.body) as { id: string; type: string; monitor: Record<string, unknown> },
        );
      // Deliveries go out concurrently: compare what arrived, not in which order.
      assert.deepEqual(bodies.map((b) => b.type).sort(), [
        'monitor.down',
        'monitor.recovered',
        'monitor.reminder',
        'monitor.reminder',
        'monitor.reminder',
      ]);
      const reminders = bodies.filter((b) => b.type === 'monitor.reminder');
      assert.deepEqual(
        reminders
          .map((b) => (b.monitor.reminder as { sequence: number }).sequence)
          .sort((x, y) => x - y),
        [1, 2, 20],
      );
      const first = reminders.find(
        (b) => (b.monitor.reminder as { sequence: number }).sequence === 1,
      )!.monitor;
      assert.deepEqual(first.reminder, {
        down_since: new Date(downAt).toISOString(),
        down_for_seconds: 30 * 60,
        sequence: 1,
      });
      assert.equal(first.status, 'down');
      assert.deepEqual((first.regions as { failing: string[] }).failing, ['a']);
      assert.match(String(first.reason), /1 of 2 regions failing/);
      assert.equal(new Set(reminders.map((b) => b.id)).size, 3, 'distinct event ids');
      assert.deepEqual(
        fixture.receiver
          .requests('/plain')
          .map((r) => (JSON.parse(r.body) as { type: string }).type)
          .sort(),
        ['monitor.down', 'monitor.recovered'],
      );
    });

    it('two notifiers started together, after a long down, send one catch-up reminder', async () => {
      const { db } = fixture.database;
      const { monitorId } = await monitoredComponent(db, {
        settings: { regions: ['a', 'b'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
      });
      const channel = await fixture.hookChannel('catch-up', '/catch-up', 'none');
      await fixture.services.routes.add({
        channel_id: channel,
        monitor_id: monitorId,
        event_kinds: ['monitor.reminder'],
        remind_every: 60,
      });
      // Down since T0, months before the wall clock the notifiers run on.
      await report(db, monitorId, 0, { a: false, b: true });
      await evaluateOne(db, monitorId, T0);
      await Promise.all([fixture.startNotifier(), fixture.startNotifier()]);
      await fixture.waitForDeliveries('the catch-up reminder', (rows) =>
        rows.some((r) => r.channel_id === channel && r.status === 'delivered'),
      );
      await fixture.stopNotifiers();
      // What a restarted notifier's first pass does: nothing, this interval's reminder is sent.
      assert.equal(await writeDueReminders(db, new Date()), 0);
      const bodies = fixture.receiver
        .requests('/catch-up')
        .map((r) => JSON.parse(r.body) as { monitor: { reminder: { sequence: number } } });
      assert.equal(bodies.length, 1, 'one reminder, not one per missed hour or per notifier');
      const hours = Math.floor((Date.now() - T0.getTime()) / 3_600_000);
      assert.ok(
        Math.abs(bodies[0]!.monitor.reminder.sequence - hours) <= 1,
        `the current reminder (${bodies[0]!.monitor.reminder.sequence}, ~${hours})`,
      );
    });

    it('refuses remind_every outside 5 minutes to one week, naming the field', async () => {
      const channel = await fixture.hookChannel('bounds', '/bounds', 'none');
      for (const value of [4, 10081, 2.5, '30']) {
        await assert.rejects(
          fixture.services.routes.add({ channel_id: channel, remind_every: value }),
          (error: Error & { field?: string }) => error.field === 'remind_every',
          String(value),
        );
      }
      const route = await fixture.services.routes.add({ channel_id: channel, remind_every: 10080 });
      assert.equal(route.remind_every_minutes, 10080);
    });
  });
}
