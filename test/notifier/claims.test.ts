// Sharing the work safely on both backends: two notifiers deliver every event once between them;
// a claim left behind by a notifier that died is taken over once its lease expires, and that
// notifier's late report of the attempt is refused; a last attempt cut short is dead-lettered.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { fanOutBatch } from '../../src/notifier/fan-out.js';
import { DeliveryRepository } from '../../src/store/delivery-repository.js';
import { waitFor } from '../cli/cli-support.js';
import { databaseBackends } from '../support/databases.js';
import { monitorEvent, notifierFixture, type NotifierFixture } from './notifier-support.js';

for (const backend of await databaseBackends()) {
  describe(`notifier claims on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    let channelId: string;
    before(async () => {
      fixture = await notifierFixture(backend);
      channelId = await fixture.hookChannel('shared-hook', '/shared');
    });
    afterEach(() => fixture?.stopNotifiers());
    after(() => fixture?.close());

    it('shares the events between two notifiers, each delivered once', async () => {
      const first = await fixture.startNotifier({ concurrency: 4 });
      const second = await fixture.startNotifier({ concurrency: 4 });
      try {
        for (let i = 0; i < 60; i++) await monitorEvent(fixture.database, `evt-share-${i}`, 'm');
        await fixture.waitForDeliveries(
          'all 60 delivered',
          (rows) =>
            rows.filter((r) => r.event_id.startsWith('evt-share-') && r.status === 'delivered')
              .length === 60,
        );
        const counts = fixture.receiver.eventIdCounts('/shared');
        assert.equal(counts.size, 60);
        assert.deepEqual([...new Set(counts.values())], [1], 'no event arrived twice');
        const byNotifier = await fixture.database.db
          .selectFrom('delivery_attempts')
          .select(['notifier', sql<number>`count(*)::integer`.as('n')])
          .groupBy('notifier')
          .execute();
        assert.equal(
          byNotifier.reduce((sum, row) => sum + row.n, 0),
          60,
          'one attempt each',
        );
      } finally {
        await Promise.all([first.stop(), second.stop()]);
      }
    });

    it('takes over the claim of a notifier that died once its lease expires, and fences it out', async () => {
      await monitorEvent(fixture.database, 'evt-orphan', 'm');
      const repo = new DeliveryRepository(fixture.database.db);
      await fanOutBatch(fixture.database.db, { batchSize: 10, logger: { warn: () => undefined } });
      // A notifier claims it and dies before reporting. Its lease is long, so that no stall of a
      // loaded machine can end it before the check below; the test then ends it by hand, as if
      // the time had passed (the last test lets real 1 ms leases run out).
      const [claimed] = await repo.claimDue({
        notifier: 'dead-notifier',
        limit: 1,
        leaseMs: 600_000,
        excludeChannelIds: [],
      });
      assert.equal(claimed?.eventId, 'evt-orphan');
      assert.deepEqual(
        await repo.claimDue({ notifier: 'other', limit: 1, leaseMs: 300, excludeChannelIds: [] }),
        [],
        'nobody else gets it while the lease runs',
      );
      await fixture.database.db
        .updateTable('deliveries')
        .set({ locked_until: sql<Date>`now() - interval '1 second'` })
        .where('id', '=', claimed.id)
        .execute();
      const notifier = await fixture.startNotifier();
      const rows = await fixture.waitForDeliveries('the orphan to be delivered', (all) =>
        all.some((r) => r.event_id === 'evt-orphan' && r.status === 'delivered'),
      );
      assert.equal(
        rows.find((r) => r.event_id === 'evt-orphan')?.attempts,
        2,
        'the lost attempt counts',
      );
      assert.equal(fixture.receiver.eventIdCounts('/shared').get('evt-orphan'), 1);
      const late = await repo.recordAttempt({
        deliveryId: claimed.id,
        attempt: claimed.attempt,
        notifier: 'dead-notifier',
        ok: false,
        statusCode: null,
        error: 'late',
        durationMs: 1,
        outcome: { status: 'dead' },
      });
      assert.equal(late, false, 'a claim that expired cannot overwrite the newer outcome');
      const after = await fixture.deliveries(channelId);
      assert.equal(after.find((r) => r.event_id === 'evt-orphan')?.status, 'delivered');
      await notifier.stop();
    });

    it('dead-letters a delivery whose last allowed attempt was cut short', async () => {
      await monitorEvent(fixture.database, 'evt-poison', 'm');
      const repo = new DeliveryRepository(fixture.database.db);
      await fanOutBatch(fixture.database.db, { batchSize: 10, logger: { warn: () => undefined } });
      for (let attempt = 1; attempt <= 3; attempt++) {
        // Each claimer dies at once; the next one gets the row when the 1 ms lease is over.
        const claimed = await waitFor(`claim ${attempt}`, async () => {
          const [row] = await repo.claimDue({
            notifier: `crashing-${attempt}`,
            limit: 1,
            leaseMs: 1,
            excludeChannelIds: [],
          });
          return row;
        });
        assert.equal(claimed.attempt, attempt);
      }
      await waitFor('the last lease to expire', async () =>
        (await repo.expireAbandoned(3)) === 1 ? true : undefined,
      );
      const row = (await fixture.deliveries(channelId)).find((r) => r.event_id === 'evt-poison');
      assert.equal(row?.status, 'dead');
      assert.match(row?.last_error ?? '', /stopped before it finished/);
      assert.equal(fixture.receiver.eventIdCounts('/shared').get('evt-poison'), undefined);
    });
  });
}
