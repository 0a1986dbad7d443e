// Subscribers on both backends: one per page, kind and address; confirmation by a live token only;
// unsubscribe deletes the row and its queued deliveries; the fan-out statement picks exactly the
// confirmed subscribers whose components meet the event's (the rule of subscriber-routing.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { subscriberWantsEvent } from '../domain/notifications/index.js';
import { StatusPageService } from '../services/status-page-service.js';
import { newId } from './ids.js';
import {
  SubscriberRepository,
  type NewSubscriber,
  type SubscriberCursor,
} from './subscriber-repository.js';

const HOUR_MS = 3_600_000;

function pending(pageId: string, address: string, componentIds: string[] = []): NewSubscriber {
  return {
    id: newId(),
    pageId,
    kind: 'email',
    address,
    componentIds,
    status: 'pending',
    confirmToken: `confirm-${newId(20)}`,
    confirmExpiresAt: new Date(Date.now() + HOUR_MS),
    unsubscribeToken: `unsub-${newId(20)}`,
  };
}

for (const backend of await databaseBackends()) {
  describe(`subscribers on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let subscribers: SubscriberRepository;
    let pageId: string;
    let api: string;
    let db: string;

    before(async () => {
      database = await backend.create();
      subscribers = new SubscriberRepository(database.db);
      const pages = new StatusPageService(database.db);
      pageId = (await pages.createPage({ slug: 'acme', name: 'Acme' })).id;
      api = (await pages.createComponent(pageId, { name: 'API' })).id;
      db = (await pages.createComponent(pageId, { name: 'Database' })).id;
    });
    after(() => database.drop());

    it('keeps one subscriber per page, kind and address, with its components', async () => {
      const first = pending(pageId, 'one@example.com', [db, api, api]);
      const created = await subscribers.insert(first);
      assert.equal(created?.status, 'pending');
      assert.deepEqual(created?.componentIds, [api, db].sort());
      assert.equal(await subscribers.insert(pending(pageId, 'one@example.com')), undefined);
      const found = await subscribers.findByAddress(pageId, 'email', 'one@example.com');
      assert.equal(found?.id, first.id);
      assert.deepEqual(found?.componentIds, [api, db].sort());
      await subscribers.setComponents(first.id, []);
      assert.deepEqual((await subscribers.find(first.id))?.componentIds, []);
    });

    it('confirms with a live token once, and never with an expired one', async () => {
      const live = pending(pageId, 'live@example.com');
      const expired = { ...pending(pageId, 'expired@example.com') };
      expired.confirmExpiresAt = new Date(Date.now() - 1000);
      await subscribers.insert(live);
      await subscribers.insert(expired);
      assert.equal(await subscribers.confirm(expired.confirmToken!, new Date()), undefined);
      const now = new Date();
      const confirmed = await subscribers.confirm(live.confirmToken!, now);
      assert.equal(confirmed?.status, 'confirmed');
      assert.equal(confirmed?.confirmToken, null);
      assert.equal(confirmed?.confirmedAt?.toISOString(), now.toISOString());
      assert.equal(await subscribers.confirm(live.confirmToken!, new Date()), undefined);
      assert.equal(await subscribers.renewConfirmation(live.id, 'x', new Date()), false);
      assert.equal(await subscribers.purgeExpiredPending(new Date()), 1);
      assert.equal(await subscribers.find(expired.id), undefined);
    });

    it('lists and searches newest first; unsubscribe deletes the subscriber', async () => {
      const other = await new StatusPageService(database.db).createPage({
        slug: 'other',
        name: 'Other',
      });
      const a = pending(other.id, 'alice_a@example.org');
      const b = pending(other.id, 'bob%b@example.org');
      await subscribers.insert(a);
      await subscribers.insert(b);
      assert.deepEqual(
        (await subscribers.list({ pageId: other.id, limit: 10 })).map((s) => s.id).sort(),
        [a.id, b.id].sort(),
      );
      assert.deepEqual(
        (await subscribers.list({ pageId: other.id, search: 'BOB%', limit: 10 })).map((s) => s.id),
        [b.id],
      );
      assert.equal(await subscribers.count({ pageId: other.id, search: '_a@' }), 1);
      assert.equal(await subscribers.count({ pageId: other.id, status: 'confirmed' }), 0);
      const removed = await subscribers.removeByUnsubscribeToken(a.unsubscribeToken);
      assert.equal(removed?.id, a.id);
      assert.equal(await subscribers.removeByUnsubscribeToken(a.unsubscribeToken), undefined);
      assert.equal(await subscribers.find(a.id), undefined);
      assert.equal(await subscribers.remove(b.id), true);
      assert.equal(await subscribers.remove(b.id), false);
    });

    it('exports batch after batch in list order, missing no row while others are removed', async () => {
      const page = await new StatusPageService(database.db).createPage({
        slug: 'export',
        name: 'Export',
      });
      const created = [];
      for (let i = 0; i < 7; i += 1) created.push(pending(page.id, `e${i}@example.com`));
      for (const subscriber of created) await subscribers.insert(subscriber);
      // Ties on created_at, and times a microsecond apart (a JavaScript Date would merge them).
      const times = ['.000001', '.000002', '.000002', '.000002', '.000003', '.000004', '.000004'];
      for (const [i, subscriber] of created.entries()) {
        await sql`UPDATE subscribers SET created_at = ${`2026-01-01 00:00:00${times[i]}+00`}::timestamptz
          WHERE id = ${subscriber.id}`.execute(database.db);
      }
      const order = (await subscribers.list({ pageId: page.id, limit: 10 })).map((s) => s.id);
      assert.equal(order.length, 7);
      const read: string[] = [];
      let after: SubscriberCursor | null = null;
      do {
        const batch = await subscribers.listAfter({ pageId: page.id }, after, 2);
        read.push(...batch.subscribers.map((s) => s.id));
        // An admin removes a row already exported: an offset would now skip a row.
        if (read.length === 2) assert.equal(await subscribers.remove(read[0]!), true);
        after = batch.next;
      } while (after !== null);
      assert.deepEqual(read, order);
      assert.deepEqual(
        (await subscribers.listAfter({ pageId: page.id, search: 'e0@' }, null, 2)).subscribers.map(
          (s) => s.id,
        ),
        [created[0]!.id],
        'the filters apply',
      );
    });

    it('fans an event out to exactly the subscribers the routing rule picks', async () => {
      const pages = new StatusPageService(database.db);
      const page = await pages.createPage({ slug: 'fan', name: 'Fan' });
      const web = (await pages.createComponent(page.id, { name: 'Web' })).id;
      const mail = (await pages.createComponent(page.id, { name: 'Mail' })).id;
      const choices: Array<{ components: string[]; confirmed: boolean }> = [
        { components: [], confirmed: true },
        { components: [web], confirmed: true },
        { components: [mail], confirmed: true },
        { components: [web, mail], confirmed: true },
        { components: [], confirmed: false },
        { components: [web], confirmed: false },
      ];
      const ids: string[] = [];
      for (const [index, choice] of choices.entries()) {
        const subscriber = pending(page.id, `fan${index}@example.com`, choice.components);
        await subscribers.insert(subscriber);
        if (choice.confirmed) await subscribers.markConfirmed(subscriber.id, new Date());
        ids.push(subscriber.id);
      }
      const outbox = await database.db
        .insertInto('outbox')
        .values({ kind: 'incident.created', payload: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [round, componentIds] of [[web], [mail], [], [web, mail]].entries()) {
        const eventId = `event-${round}`;
        const fanOut = { eventId, outboxId: outbox.id, pageId: page.id, componentIds };
        const expected = choices.flatMap((choice, index) =>
          choice.confirmed &&
          subscriberWantsEvent(choice.components, { pageId: page.id, componentIds })
            ? [ids[index]!]
            : [],
        );
        assert.equal(await subscribers.insertEventDeliveries(fanOut), expected.length);
        assert.equal(await subscribers.insertEventDeliveries(fanOut), 0, 'a re-run adds none');
        const rows = await database.db
          .selectFrom('deliveries')
          .select(['subscriber_id', 'channel_id'])
          .where('event_id', '=', eventId)
          .execute();
        assert.deepEqual(rows.map((row) => row.subscriber_id).sort(), expected.sort());
        assert.ok(rows.every((row) => row.channel_id === null));
      }
      // Unsubscribing drops the queued deliveries with the subscriber.
      await subscribers.remove(ids[0]!);
      const left = await database.db
        .selectFrom('deliveries')
        .select('id')
        .where('subscriber_id', '=', ids[0]!)
        .execute();
      assert.deepEqual(left, []);
      assert.equal(
        await subscribers.insertDirectDelivery({
          eventId: 'confirm-1',
          outboxId: outbox.id,
          subscriberId: ids[4]!,
        }),
        1,
      );
      assert.equal(
        await subscribers.insertDirectDelivery({
          eventId: 'confirm-2',
          outboxId: outbox.id,
          subscriberId: ids[0]!,
        }),
        0,
        'a removed subscriber gets nothing',
      );
    });

    it('refuses a delivery with both or neither of channel and subscriber', async () => {
      const outbox = await database.db
        .insertInto('outbox')
        .values({ kind: 'incident.created', payload: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await assert.rejects(
        database.db
          .insertInto('deliveries')
          .values({ event_id: 'neither', outbox_id: outbox.id, channel_id: null })
          .execute(),
        /deliveries_one_receiver/,
      );
    });
  });
}
