// Maintenance suppression on both backends, through the real evaluator and fan-out: a monitor
// that fails in the seconds after its maintenance window began (status not yet flipped) pages
// nobody, and its recovery after the window is not announced either; a down announced before a
// maintenance is followed by "recovered" after it; a down that persists after the window is
// announced then. Reminders of a covered monitor are held back too.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent, report } from '../../src/evaluator/evaluator-test-support.js';
import { fanOutBatch } from '../../src/notifier/fan-out.js';
import { writeDueReminders } from '../../src/notifier/reminders.js';
import { databaseBackends } from '../support/databases.js';
import { notifierFixture, type NotifierFixture } from './notifier-support.js';

const silent = { warn: () => undefined };
const at = (ms: number) => new Date(T0.getTime() + ms);
const iso = (ms: number) => at(ms).toISOString();

for (const backend of await databaseBackends()) {
  describe(`maintenance suppression on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    before(async () => {
      fixture = await notifierFixture(backend);
    });
    afterEach(() => fixture?.stopNotifiers());
    after(() => fixture?.close());

    /** A monitor (regions a, b; one failing region is down) routed to a fresh channel. */
    const setUp = async (name: string) => {
      const { db } = fixture.database;
      const ids = await monitoredComponent(db, {
        settings: { regions: ['a', 'b'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
      });
      const channelId = await fixture.hookChannel(name, `/${name}`, 'none');
      await fixture.services.routes.add({ channel_id: channelId, monitor_id: ids.monitorId });
      const step = async (offsetMs: number, a: boolean) => {
        await report(db, ids.monitorId, offsetMs, { a, b: true });
        await evaluateOne(db, ids.monitorId, at(offsetMs));
        await fanOutBatch(db, { batchSize: 100, logger: silent });
      };
      const maintenance = (fromMs: number, untilMs: number) =>
        fixture.services.incidents.createMaintenance(ids.pageId, {
          name: `Work on ${name}`,
          body: 'Planned work.',
          scheduled_for: iso(fromMs),
          scheduled_until: iso(untilMs),
          component_ids: [ids.componentId],
        });
      const setStatus = (id: string, status: string, offsetMs: number) =>
        fixture.services.incidents.postUpdate(id, { status, body: status }, at(offsetMs));
      return { ...ids, channelId, step, maintenance, setStatus };
    };

    const typesAt = (path: string) =>
      fixture.receiver
        .requests(path)
        .map((r) => (JSON.parse(r.body) as { type: string }).type)
        .sort();

    it('holds back a down in the seconds before the window flips, and its recovery after', async () => {
      const m = await setUp('early');
      await m.step(0, true);
      const work = await m.maintenance(5_000, 3_600_000);
      await m.step(10_000, false); // down at 10 s: the window began at 5 s, status still scheduled
      // A reminder falling due before the status flips is held back too.
      await fixture.services.routes.add({
        channel_id: m.channelId,
        component_id: m.componentId,
        remind_every: 5,
      });
      assert.equal(await writeDueReminders(fixture.database.db, at(10_000 + 5 * 60_000)), 1);
      await fanOutBatch(fixture.database.db, { batchSize: 100, logger: silent });
      await m.setStatus(work.id, 'in_progress', 12_000);
      await m.step(20_000, false); // down → maintenance
      await m.setStatus(work.id, 'completed', 30_000);
      await m.step(40_000, true); // maintenance → up: "recovered", but nobody heard "down"
      const held = await fixture.database.db
        .selectFrom('notification_suppressions')
        .select(['reason'])
        .where('channel_id', '=', m.channelId)
        .orderBy('created_at')
        .execute();
      assert.deepEqual(held.map((r) => r.reason).sort(), [
        'maintenance',
        'maintenance',
        'trouble_not_announced',
      ]);
      // The component route hears the maintenance's own updates; no monitor event got through.
      const delivered = await fixture.deliveries(m.channelId);
      assert.deepEqual(
        delivered.filter((r) => !r.event_id.startsWith('update-')),
        [],
        'only maintenance updates',
      );
      assert.ok(delivered.length > 0, 'the maintenance updates themselves are delivered');
    });

    it('sends "recovered" after a maintenance for a down announced before it', async () => {
      const m = await setUp('before');
      await m.step(0, true);
      await m.step(10_000, false); // down, announced
      const work = await m.maintenance(60_000, 3_600_000);
      await m.setStatus(work.id, 'in_progress', 60_000);
      await m.step(70_000, false); // down → maintenance
      await m.setStatus(work.id, 'completed', 80_000);
      await m.step(90_000, true); // maintenance → up: recovered
      await fixture.startNotifier();
      await fixture.waitForDeliveries(
        'down and recovered',
        (rows) =>
          rows.filter((r) => r.channel_id === m.channelId && r.status === 'delivered').length === 2,
      );
      assert.deepEqual(typesAt('/before'), ['monitor.down', 'monitor.recovered']);
    });

    it('announces a down that persists after the window, and its recovery', async () => {
      const m = await setUp('persists');
      await m.step(0, true);
      const work = await m.maintenance(5_000, 3_600_000);
      await m.setStatus(work.id, 'in_progress', 5_000);
      await m.step(10_000, false); // up → maintenance (no down while the work goes on)
      await m.setStatus(work.id, 'completed', 20_000);
      await m.step(30_000, false); // maintenance → down: announced now
      await m.step(40_000, true); // down → up: recovered
      await fixture.startNotifier();
      await fixture.waitForDeliveries(
        'down and recovered',
        (rows) =>
          rows.filter((r) => r.channel_id === m.channelId && r.status === 'delivered').length === 2,
      );
      assert.deepEqual(typesAt('/persists'), ['monitor.down', 'monitor.recovered']);
      const down = JSON.parse(
        fixture.receiver.requests('/persists').find((r) => r.body.includes('"monitor.down"'))!.body,
      ) as { monitor: { previous_status: string; regions: { failing: string[] } } };
      assert.equal(down.monitor.previous_status, 'maintenance');
      assert.deepEqual(down.monitor.regions.failing, ['a']);
    });
  });
}
