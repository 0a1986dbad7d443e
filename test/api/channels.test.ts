// Notification channels, routes and the delivery log through the management API, on both
// backends: round trips, secrets write-only (never in any answer), errors naming the field,
// "send test" against a local receiver, a dead letter retried, and the log filtered by target
// (channels or subscribers) and by subscriber.
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fanOutBatch } from '../../src/notifier/fan-out.js';
import { databaseBackends } from '../support/databases.js';
import { addSubscriber } from '../support/subscriber-seed.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { assertGone, create, errorOf, newKey, serveForSuite, apiClient } from './client.js';

for (const backend of await databaseBackends()) {
  describe(`management API of channels on ${backend.name}`, { skip: backend.skip }, () => {
    // The key every web and notifier instance on PostgreSQL shares.
    const server = serveForSuite(backend, {
      env: { VIGIL_SECRET_KEY: randomBytes(32).toString('base64') },
    });
    const { call } = server;
    let receiver: WebhookReceiver;
    before(async () => {
      receiver = await startWebhookReceiver();
    });
    after(() => receiver?.close());

    it('creates, reads, lists, changes and deletes a channel; the secret is never returned', async () => {
      const {
        body: channel,
        location,
        read,
      } = await create(call, '/channels', {
        name: 'ops-hook',
        type: 'webhook',
        config: { url: `${receiver.url}/hook`, secret: 'change-me' },
      });
      assert.deepEqual(read, channel);
      assert.equal(channel.type, 'webhook');
      assert.equal(channel.enabled, true);
      assert.deepEqual(channel.config, { url: `${receiver.url}/hook` });
      assert.deepEqual(channel.secrets, { secret: true });
      const list = await call('GET', '/channels');
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.data.map((c: { name: string }) => c.name),
        ['ops-hook'],
      );
      const changed = await call('PATCH', location, {
        json: { name: 'ops', enabled: false, config: { url: `${receiver.url}/moved` } },
      });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.name, 'ops');
      assert.equal(changed.body.enabled, false);
      assert.deepEqual(changed.body.secrets, { secret: true }, 'the secret was kept');
      for (const answer of [channel, read, list.body, changed.body]) {
        assert.ok(!JSON.stringify(answer).includes('change-me'));
      }
      assert.equal((await call('DELETE', location)).status, 204);
      await assertGone(call, location);
    });

    it('names the field at fault', async () => {
      const bad = async (json: unknown, field: string, status = 400) => {
        const response = await call('POST', '/channels', { json });
        assert.equal(response.status, status, JSON.stringify(response.body));
        assert.equal(errorOf(response).field, field);
      };
      await bad({ name: 'x', type: 'webhook', config: {} }, 'config.url');
      await bad({ name: 'x', type: 'webhook', config: { url: 'ftp://example.com' } }, 'config.url');
      await bad(
        { name: 'x', type: 'webhook', config: { url: 'http://a/', secret: 3 } },
        'config.secret',
      );
      await bad(
        { name: 'x', type: 'webhook', config: { url: 'http://a/', color: 1 } },
        'config.color',
      );
      await bad({ name: 'x', type: 'carrier-pigeon', config: {} }, 'type');
      await bad({ type: 'webhook', config: { url: 'http://a/' } }, 'name');
      await bad({ name: 'x', type: 'webhook', config: { url: 'http://a/' }, extra: 1 }, 'extra');
      await call('POST', '/channels', {
        json: { name: 'taken', type: 'webhook', config: { url: 'http://a/' } },
      });
      await bad({ name: 'taken', type: 'webhook', config: { url: 'http://a/' } }, 'name', 409);
    });

    it('sends a test event and reports what the receiver said', async () => {
      receiver.behave('/down', { status: 500 });
      const { body: up } = await create(call, '/channels', {
        name: 'test-up',
        type: 'webhook',
        config: { url: `${receiver.url}/up`, secret: 's' },
      });
      const { body: down } = await create(call, '/channels', {
        name: 'test-down',
        type: 'webhook',
        config: { url: `${receiver.url}/down` },
      });
      const ok = await call('POST', `/channels/${up.id}/test`);
      assert.deepEqual(ok.body, { ok: true, status_code: 200, error: null });
      assert.equal(JSON.parse(receiver.requests('/up')[0]!.body).type, 'test');
      const failed = await call('POST', `/channels/${down.id}/test`, { json: {} });
      assert.equal(failed.status, 200);
      assert.equal(failed.body.ok, false);
      assert.equal(failed.body.status_code, 500);
      assert.equal((await call('POST', '/channels/nope/test')).status, 404);
    });

    it('routes events of a monitor to a channel, and refuses a route naming both scopes', async () => {
      const { body: channel } = await create(call, '/channels', {
        name: 'routed',
        type: 'webhook',
        config: { url: `${receiver.url}/routed` },
      });
      const monitor = await call('POST', '/monitors', {
        json: {
          name: 'website',
          type: 'http',
          target: { url: 'http://127.0.0.1:9/' },
          interval: '10s',
          regions: ['local'],
        },
      });
      const route = await call('POST', `/channels/${channel.id}/routes`, {
        json: { monitor_id: monitor.body.id, event_kinds: ['monitor.down', 'monitor.recovered'] },
      });
      assert.equal(route.status, 201, JSON.stringify(route.body));
      assert.deepEqual(route.body.event_kinds, ['monitor.down', 'monitor.recovered']);
      const routes = await call('GET', `/channels/${channel.id}/routes`);
      assert.deepEqual(
        routes.body.data.map((r: { id: string }) => r.id),
        [route.body.id],
      );
      const both = await call('POST', `/channels/${channel.id}/routes`, {
        json: { monitor_id: monitor.body.id, component_id: 'x' },
      });
      assert.equal(errorOf(both).field, 'component_id');
      const kind = await call('POST', `/channels/${channel.id}/routes`, {
        json: { event_kinds: ['monitor.exploded'] },
      });
      assert.equal(kind.status, 400);
      assert.equal(errorOf(kind).field, 'event_kinds.0');
      assert.equal(route.body.remind_every, null, 'no reminders unless asked');
      assert.equal((await call('DELETE', `/routes/${route.body.id}`)).status, 204);
      assert.equal((await call('DELETE', `/routes/${route.body.id}`)).status, 404);

      const reminding = await call('POST', `/channels/${channel.id}/routes`, {
        json: { monitor_id: monitor.body.id, remind_every: 30 },
      });
      assert.equal(reminding.status, 201, JSON.stringify(reminding.body));
      assert.equal(reminding.body.remind_every, 30);
      const listed = await call('GET', `/channels/${channel.id}/routes`);
      assert.deepEqual(
        listed.body.data.map((r: { remind_every: number | null }) => r.remind_every),
        [30],
      );
      for (const bad of [4, 10081, 2.5, '30m']) {
        const refused = await call('POST', `/channels/${channel.id}/routes`, {
          json: { remind_every: bad },
        });
        assert.equal(refused.status, 400, String(bad));
        assert.equal(errorOf(refused).field, 'remind_every', String(bad));
      }
    });

    it('lists dead letters with their attempts and retries one', async () => {
      const { web } = server;
      const channel = await web.services.channels.create({
        name: 'dead-end',
        type: 'webhook',
        config: { url: `${receiver.url}/dead-end` },
      });
      await web.services.routes.add({ channel_id: channel.id });
      await web.services.pages
        .createPage({ slug: 'main', name: 'Main' })
        .then((page) =>
          web.services.incidents.createIncident(page.id, { name: 'Broken', body: 'Looking.' }),
        );
      await fanOutBatch(web.database.db, { batchSize: 100, logger: { warn: () => undefined } });
      const pending = await call('GET', `/deliveries?channel_id=${channel.id}`);
      assert.equal(pending.body.data.length, 1);
      const delivery = pending.body.data[0];
      assert.equal(delivery.event_type, 'incident.created');
      assert.equal(delivery.status, 'pending');
      await web.database.db
        .updateTable('deliveries')
        .set({ status: 'dead', attempts: 10, last_error: 'HTTP 500' })
        .where('id', '=', Number(delivery.id))
        .execute();
      const dead = await call('GET', '/deliveries?status=dead');
      assert.deepEqual(
        dead.body.data.map((d: { id: string }) => d.id),
        [delivery.id],
      );
      const retried = await call('POST', `/deliveries/${delivery.id}/retry`);
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.status, 'pending');
      assert.equal(retried.body.attempts, 0);
      assert.deepEqual(retried.body.attempt_log, []);
      assert.equal((await call('GET', '/deliveries/999999')).status, 404);
      assert.equal((await call('GET', '/deliveries/abc')).status, 404);
    });

    it('filters deliveries by target and by subscriber, and names a bad filter', async () => {
      const { web } = server;
      const page = await web.services.pages.createPage({ slug: 'filtered', name: 'Filtered' });
      for (const [id, address] of [
        ['sub-ann', 'ann@example.com'],
        ['sub-bob', 'bob@example.com'],
      ] as const) {
        await addSubscriber(web, {
          id,
          pageId: page.id,
          kind: 'email',
          address,
          status: 'confirmed',
          componentIds: [],
        });
      }
      await web.services.incidents.createIncident(page.id, { name: 'Slow', body: 'Looking.' });
      await fanOutBatch(web.database.db, { batchSize: 100, logger: { warn: () => undefined } });
      const receivers = async (query: string) => {
        const response = await call('GET', `/deliveries${query}`);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        return (response.body.data as Array<{ channel_id: string; subscriber_id: string }>)
          .map((d) => d.subscriber_id ?? `channel ${d.channel_id}`)
          .sort();
      };
      const deadEnd = (await web.services.channels.findByName('dead-end'))!;
      assert.deepEqual(await receivers('?target=subscriber'), ['sub-ann', 'sub-bob']);
      assert.deepEqual(await receivers('?target=channel'), [
        `channel ${deadEnd.id}`,
        `channel ${deadEnd.id}`,
      ]);
      assert.equal((await receivers('')).length, 4, 'no target: both kinds');
      assert.deepEqual(await receivers('?subscriber_id=sub-ann'), ['sub-ann']);
      assert.deepEqual(await receivers('?subscriber_id=sub-ann&target=subscriber'), ['sub-ann']);
      assert.deepEqual(await receivers('?subscriber_id=sub-ann&status=pending'), ['sub-ann']);
      assert.deepEqual(await receivers('?subscriber_id=sub-ann&status=dead'), []);
      assert.deepEqual(await receivers('?subscriber_id=nobody'), [], 'unknown: none of its own');
      assert.deepEqual(await receivers('?subscriber_id='), await receivers(''), 'empty: any');

      const paged = await call('GET', '/deliveries?target=subscriber&per_page=1');
      assert.deepEqual(paged.body.pagination, { page: 1, per_page: 1, total: 2, total_pages: 2 });
      assert.match(
        paged.headers.get('link') ?? '',
        /<\/api\/v1\/deliveries\?target=subscriber&per_page=1&page=2>; rel="next"/,
      );

      const refused = async (query: string, field: string) => {
        const response = await call('GET', `/deliveries${query}`);
        assert.equal(response.status, 400, query);
        assert.equal(errorOf(response).field, field, query);
        return errorOf(response).message;
      };
      assert.match(await refused('?target=pigeon', 'target'), /channel.*subscriber/);
      assert.match(
        await refused(`?subscriber_id=${'s'.repeat(101)}`, 'subscriber_id'),
        /more than 100 characters/,
      );
      assert.match(
        await refused('?target=channel&subscriber_id=sub-ann', 'target'),
        /a subscriber is chosen/,
      );
      assert.match(
        await refused(`?target=subscriber&channel_id=${deadEnd.id}`, 'target'),
        /a channel is chosen/,
      );
      assert.match(
        await refused(`?channel_id=${deadEnd.id}&subscriber_id=sub-ann`, 'subscriber_id'),
        /never both/,
      );
      assert.match(await refused('?subscriber=sub-ann', 'subscriber'), /not a known field/);
    });

    it('lets a read key list channels but not create them', async () => {
      const read = apiClient(server.web, await newKey(server.web, 'read'));
      assert.equal((await read('GET', '/channels')).status, 200);
      const refused = await read('POST', '/channels', {
        json: { name: 'r', type: 'webhook', config: { url: 'http://a/' } },
      });
      assert.equal(refused.status, 403);
    });
  });
}

describe(
  'management API of channels on postgres without a secret key',
  { skip: (await databaseBackends()).find((b) => b.name === 'postgres')!.skip },
  async () => {
    const postgres = (await databaseBackends()).find((b) => b.name === 'postgres')!;
    const { call } = serveForSuite(postgres);

    it('refuses to store a secret, saying how to fix it, but stores a channel without one', async () => {
      const refused = await call('POST', '/channels', {
        json: { name: 'signed', type: 'webhook', config: { url: 'http://a/', secret: 's' } },
      });
      assert.equal(refused.status, 409);
      assert.equal(errorOf(refused).code, 'secret_key_missing');
      assert.equal(errorOf(refused).field, 'config.secret');
      assert.match(errorOf(refused).message, /VIGIL_SECRET_KEY_FILE/);
      const plain = await call('POST', '/channels', {
        json: { name: 'plain', type: 'webhook', config: { url: 'http://a/' } },
      });
      assert.equal(plain.status, 201);
      assert.equal((await call('GET', '/channels')).body.data.length, 1);
    });
  },
);
