// Notification retention on both backends, through the retention job's entry point: finished
// deliveries (and their attempts) and processed outbox rows older than the retention go, in
// batches; pending deliveries, unprocessed rows, recent ones and rows with a recent delivery stay.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { pruneNotifications } from './notification-retention.js';
import { applyRetentionOnce } from './retention.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-03-20T10:30:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

for (const backend of await databaseBackends()) {
  describe(`notification retention on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await backend.create();
      await database.db
        .insertInto('channels')
        .values({ id: 'c1', name: 'hook', type: 'webhook', config: '{}' })
        .execute();
    });
    after(() => database?.drop());

    const outboxRow = async (processedDaysAgo: number | null): Promise<number> => {
      const row = await database.db
        .insertInto('outbox')
        .values({
          kind: 'monitor.down',
          payload: '{}',
          created_at: daysAgo(processedDaysAgo ?? 40),
          processed_at: processedDaysAgo === null ? null : daysAgo(processedDaysAgo),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    };
    const delivery = async (
      outboxId: number,
      eventId: string,
      status: 'pending' | 'delivered' | 'dead',
      updatedDaysAgo: number,
    ): Promise<void> => {
      const row = await database.db
        .insertInto('deliveries')
        .values({
          event_id: eventId,
          outbox_id: outboxId,
          channel_id: 'c1',
          status,
          updated_at: daysAgo(updatedDaysAgo),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('delivery_attempts')
        .values({
          delivery_id: Number(row.id),
          attempt: 1,
          ok: status === 'delivered',
          duration_ms: 5,
          notifier: 'n1',
          at: daysAgo(updatedDaysAgo),
        })
        .execute();
    };

    it('deletes only finished, old notifications, never pending or unprocessed ones', async () => {
      const oldDone = await outboxRow(40);
      await delivery(oldDone, 'old-delivered', 'delivered', 40);
      const oldDead = await outboxRow(35);
      await delivery(oldDead, 'old-dead', 'dead', 35);
      const oldPending = await outboxRow(40);
      await delivery(oldPending, 'old-pending', 'pending', 40);
      const retried = await outboxRow(40);
      await delivery(retried, 'retried-recently', 'dead', 2);
      const unprocessed = await outboxRow(null);
      const recent = await outboxRow(3);
      await delivery(recent, 'recent', 'delivered', 3);

      const outcome = await applyRetentionOnce(database, 14, NOW, 30);
      assert.deepEqual(outcome?.prunedNotifications, { deliveries: 2, outbox: 2 });

      const outbox = await database.db.selectFrom('outbox').select('id').orderBy('id').execute();
      assert.deepEqual(
        outbox.map((r) => Number(r.id)),
        [oldPending, retried, unprocessed, recent],
      );
      const deliveries = await database.db
        .selectFrom('deliveries')
        .select('event_id')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        deliveries.map((r) => r.event_id),
        ['old-pending', 'retried-recently', 'recent'],
      );
      const attempts = await database.db
        .selectFrom('delivery_attempts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(attempts.n), 3, 'the attempts of deleted deliveries went with them');
    });

    it('works in bounded batches until done', async () => {
      for (let i = 0; i < 7; i++)
        await delivery(await outboxRow(50), `batch-${i}`, 'delivered', 50);
      const outcome = await pruneNotifications(database.db, daysAgo(30), { batchSize: 3 });
      assert.deepEqual(outcome, { deliveries: 7, outbox: 7 });
      const limited = await pruneNotifications(database.db, daysAgo(30), {
        batchSize: 1,
        maxBatches: 1,
      });
      assert.deepEqual(limited, { deliveries: 0, outbox: 0 });
    });
  });
}
