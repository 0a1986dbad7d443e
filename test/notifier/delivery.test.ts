// The notifier end to end on both backends with a webhook receiver on 127.0.0.1: an event is
// delivered with the documented request and logged; a receiver answering 500 is retried with
// backoff and then dead-lettered; a hanging receiver holds up no other channel.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyWebhookSignature } from '../../src/notifier/webhook-signature.js';
import { DeliveryRepository } from '../../src/store/delivery-repository.js';
import { databaseBackends } from '../support/databases.js';
import { waitFor } from '../cli/cli-support.js';
import { SECRET, monitorEvent, notifierFixture, type NotifierFixture } from './notifier-support.js';

for (const backend of await databaseBackends()) {
  describe(`notifier delivery on ${backend.name}`, { skip: backend.skip }, () => {
    let fixture: NotifierFixture;
    before(async () => {
      fixture = await notifierFixture(backend);
    });
    afterEach(() => fixture?.stopNotifiers());
    after(() => fixture?.close());

    it('delivers an event once, exactly as documented, and logs the attempt', async () => {
      const channelId = await fixture.hookChannel('ok-hook', '/ok');
      const notifier = await fixture.startNotifier();
      await monitorEvent(fixture.database, 'evt-ok-1', 'm-ok');
      const [delivery] = await fixture.waitForDeliveries('the delivery to be delivered', (rows) =>
        rows.some((row) => row.event_id === 'evt-ok-1' && row.status === 'delivered'),
      );
      assert.equal(delivery?.channel_id, channelId);
      assert.equal(delivery?.attempts, 1);
      assert.equal(delivery?.last_status_code, 200);

      const requests = fixture.receiver.requests('/ok');
      assert.equal(requests.length, 1);
      const request = requests[0]!;
      assert.equal(request.method, 'POST');
      assert.equal(request.headers['vigil-event-id'], 'evt-ok-1');
      assert.equal(request.headers['vigil-event-type'], 'monitor.down');
      assert.equal(request.headers['vigil-delivery-attempt'], '1');
      const body = JSON.parse(request.body) as Record<string, unknown>;
      assert.equal(body.id, 'evt-ok-1');
      assert.equal(body.type, 'monitor.down');
      assert.deepEqual((body.monitor as Record<string, unknown>).regions, {
        failing: ['a'],
        ok: [],
        silent: [],
        slow: [],
      });
      assert.equal(
        verifyWebhookSignature({
          secret: SECRET,
          timestamp: String(request.headers['vigil-timestamp']),
          signature: String(request.headers['vigil-signature']),
          body: request.body,
          nowSeconds: Math.floor(Date.now() / 1000),
        }),
        true,
      );
      const attempts = await new DeliveryRepository(fixture.database.db).attemptsOf(delivery!.id);
      assert.equal(attempts.length, 1);
      assert.equal(attempts[0]?.ok, true);
      assert.equal(attempts[0]?.status_code, 200);
      assert.equal(attempts[0]?.notifier, notifier.notifierId);
      const processed = await fixture.database.db
        .selectFrom('outbox')
        .select('processed_at')
        .where('processed_at', 'is', null)
        .execute();
      assert.deepEqual(processed, [], 'the outbox row is marked processed');
      await notifier.stop();
    });

    it('retries a receiver answering 500 with backoff, then dead-letters it', async () => {
      fixture.receiver.behave('/fail', { status: 500 });
      const channelId = await fixture.hookChannel('failing-hook', '/fail');
      const notifier = await fixture.startNotifier({ maxAttempts: 3 });
      await monitorEvent(fixture.database, 'evt-fail-1', 'm-fail');
      const rows = await fixture.waitForDeliveries('the failing delivery to be dead', (all) =>
        all.some((row) => row.channel_id === channelId && row.status === 'dead'),
      );
      const dead = rows.find((row) => row.channel_id === channelId)!;
      assert.equal(dead.attempts, 3);
      assert.equal(dead.last_status_code, 500);
      assert.equal(dead.last_error, 'HTTP 500: receiver says 500');
      const attempts = await new DeliveryRepository(fixture.database.db).attemptsOf(dead.id);
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.ok, a.status_code]),
        [
          [1, false, 500],
          [2, false, 500],
          [3, false, 500],
        ],
      );
      const requests = fixture.receiver.requests('/fail');
      assert.deepEqual(
        requests.map((r) => [r.headers['vigil-event-id'], r.headers['vigil-delivery-attempt']]),
        [
          ['evt-fail-1', '1'],
          ['evt-fail-1', '2'],
          ['evt-fail-1', '3'],
        ],
        'the same event id on every attempt',
      );
      await notifier.stop();
      // The ok channel of the first test heard the event as well, once.
      assert.equal(fixture.receiver.eventIdCounts('/ok').get('evt-fail-1'), 1);
    });

    it('lets no hanging receiver hold up the deliveries of another channel', async () => {
      fixture.receiver.behave('/hang', 'hang');
      const hanging = await fixture.hookChannel('hanging-hook', '/hang');
      const healthy = await fixture.hookChannel('healthy-hook', '/healthy');
      // Concurrency 4 gives each channel one slot at most; every event goes to both channels,
      // and the hanging channel's deliveries come first (lower ids). Without the per-channel
      // share, the four slots would all wait on the hanging receiver.
      const notifier = await fixture.startNotifier({ concurrency: 4, timeoutMs: 4000 });
      for (let i = 0; i < 12; i++) await monitorEvent(fixture.database, `evt-hang-${i}`, 'm-hang');
      await fixture.waitForDeliveries(
        'every delivery to the healthy channel',
        (rows) =>
          rows
            .filter((r) => r.channel_id === healthy && r.event_id.startsWith('evt-hang-'))
            .every((r) => r.status === 'delivered') &&
          rows.some((r) => r.channel_id === healthy && r.event_id === 'evt-hang-11'),
      );
      const hangingAttempts = await fixture.database.db
        .selectFrom('delivery_attempts as a')
        .innerJoin('deliveries as d', 'd.id', 'a.delivery_id')
        .select('a.id')
        .where('d.channel_id', '=', hanging)
        .execute();
      assert.equal(
        hangingAttempts.length,
        0,
        'all twelve reached the healthy receiver before the first hanging attempt even timed out',
      );
      assert.ok(fixture.receiver.requests('/hang').length >= 1, 'the hanging receiver was tried');
      await waitFor('a hanging attempt to time out', async () => {
        const rows = await fixture.deliveries(hanging);
        const failed = rows.find((r) => r.last_error !== null);
        return failed ? failed : undefined;
      }).then((row) => assert.equal(row.last_error, 'no answer within the timeout'));
      await notifier.stop();
    });
  });
}
