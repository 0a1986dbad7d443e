// Routing end to end on both backends: a monitor the real evaluator sees go down and recover
// reaches the channel its `notify` names and the channel of its component with exactly one
// "down" and one "recovered" each (monitor, regions, reason), and no other channel; an incident
// reaches the component's channel; an event fanned out twice is delivered once; an unreadable
// outbox row is set aside without blocking the rest.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { T0, monitoredComponent, report } from '../../src/evaluator/evaluator-test-support.js';
import { fanOutBatch } from '../../src/notifier/fan-out.js';
import { insertOutboxEvent } from '../../src/store/outbox-repository.js';
import { databaseBackends } from '../support/databases.js';
import { monitorEvent, notifierFixture, type NotifierFixture } from './notifier-support.js';

const silent = { warn: () => undefined };

for (const backend of await databaseBackends()) {
  describe(`notification routing on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    before(async () => {
      fixture = await notifierFixture(backend);
    });
    afterEach(() => fixture?.stopNotifiers());
    after(() => fixture?.close());

    it('sends one down and one recovered to each channel that hears the monitor, and none elsewhere', async () => {
      const { db } = fixture.database;
      const { monitorId, componentId, pageId } = await monitoredComponent(db, {
        settings: { regions: ['a'], failureThreshold: 1, successThreshold: 1, quorum: 1 },
      });
      const other = await monitoredComponent(db);
      const { channels, routes } = fixture.services;
      await fixture.hookChannel('by-monitor', '/by-monitor', 'none');
      const byComponent = await fixture.hookChannel('by-component', '/by-component', 'none');
      const elsewhere = await fixture.hookChannel('elsewhere', '/elsewhere', 'none');
      const disabled = await fixture.hookChannel('disabled', '/disabled', 'none');
      await routes.setMonitorChannels(monitorId, ['by-monitor']);
      await routes.add({ channel_id: byComponent, component_id: componentId });
      await routes.add({ channel_id: elsewhere, monitor_id: other.monitorId });
      await routes.add({ channel_id: disabled, monitor_id: monitorId });
      await channels.update(disabled, { enabled: false });

      const step = async (offsetMs: number, passed: boolean) => {
        await report(db, monitorId, offsetMs, { a: passed });
        await evaluateOne(db, monitorId, new Date(T0.getTime() + offsetMs));
      };
      await step(0, true); // pending → up: bookkeeping, not sent by default
      await step(10_000, false); // up → down
      await step(20_000, false);
      await step(30_000, true); // down → up: recovered
      const notifier = await fixture.startNotifier();
      await fixture.waitForDeliveries(
        'both channels to get both events',
        (rows) => rows.filter((r) => r.status === 'delivered').length === 4,
      );
      for (const path of ['/by-monitor', '/by-component']) {
        const bodies = fixture.receiver
          .requests(path)
          .map((r) => JSON.parse(r.body) as Record<string, Record<string, unknown>>);
        assert.deepEqual(
          bodies.map((b) => b.type),
          ['monitor.down', 'monitor.recovered'],
          path,
        );
        const down = bodies[0]!;
        assert.equal(down.monitor!.id, monitorId);
        assert.equal(down.monitor!.status, 'down');
        assert.equal(down.monitor!.previous_status, 'up');
        assert.deepEqual((down.monitor!.regions as Record<string, unknown>).failing, ['a']);
        assert.match(String(down.monitor!.reason), /1 of 1 regions failing/);
        assert.deepEqual((bodies[1]!.monitor!.regions as Record<string, unknown>).ok, ['a']);
      }
      assert.equal(fixture.receiver.requests('/elsewhere').length, 0);
      assert.equal(fixture.receiver.requests('/disabled').length, 0);

      await fixture.services.incidents.createIncident(pageId, {
        name: 'Slow pages',
        body: 'Looking into it.',
        component_ids: [componentId],
      });
      await fixture.waitForDeliveries(
        'the incident to be delivered',
        (rows) => rows.filter((r) => r.status === 'delivered').length === 5,
      );
      const incident = JSON.parse(fixture.receiver.requests('/by-component').at(-1)!.body) as {
        type: string;
        incident: { name: string; component_ids: string[]; update: { body: string } };
      };
      assert.equal(incident.type, 'incident.created');
      assert.equal(incident.incident.name, 'Slow pages');
      assert.deepEqual(incident.incident.component_ids, [componentId]);
      assert.equal(incident.incident.update.body, 'Looking into it.');
      assert.equal(
        fixture.receiver.requests('/by-monitor').length,
        2,
        'monitor routes hear monitors only',
      );
      await notifier.stop();
    });

    it('delivers an event fanned out twice once, and sets an unreadable row aside', async () => {
      const channelId = await fixture.hookChannel('everything', '/everything');
      await monitorEvent(fixture.database, 'evt-twice', 'm-twice');
      await fanOutBatch(fixture.database.db, { batchSize: 100, logger: silent });
      await monitorEvent(fixture.database, 'evt-twice', 'm-twice');
      await insertOutboxEvent(fixture.database.db, {
        kind: 'monitor.down',
        payload: { nonsense: true },
      });
      await monitorEvent(fixture.database, 'evt-after', 'm-twice');
      const notifier = await fixture.startNotifier();
      await fixture.waitForDeliveries('both events delivered', (rows) =>
        ['evt-twice', 'evt-after'].every((id) =>
          rows.some(
            (r) => r.channel_id === channelId && r.event_id === id && r.status === 'delivered',
          ),
        ),
      );
      const counts = fixture.receiver.eventIdCounts('/everything');
      assert.equal(counts.get('evt-twice'), 1);
      assert.equal(counts.get('evt-after'), 1);
      const unprocessed = await fixture.database.db
        .selectFrom('outbox')
        .select('id')
        .where('processed_at', 'is', null)
        .execute();
      assert.deepEqual(unprocessed, []);
      await notifier.stop();
    });
  });
}
