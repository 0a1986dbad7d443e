// Channels on both backends: the configuration checked with the field named, secrets encrypted
// at rest and never returned, updates that keep a secret not sent again, no secrets stored
// without a key, `notify` routes set idempotently, and "send test" through a local receiver.
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/support/webhook-receiver.js';
import { monitoredComponent } from '../evaluator/evaluator-test-support.js';
import { ConflictError, ValidationError, type VigilError } from '../domain/errors.js';
import { createServices, type Services } from './index.js';
import { SecretBox, SecretKeyMissingError } from './secret-box.js';

const fieldOf = (field: string) => (error: unknown) =>
  (error instanceof ValidationError ||
    error instanceof ConflictError ||
    error instanceof SecretKeyMissingError) &&
  (error as VigilError).field === field;

for (const backend of await databaseBackends()) {
  describe(`channel service on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    let receiver: WebhookReceiver;

    before(async () => {
      database = await backend.create();
      const secretBox = SecretBox.withKey(randomBytes(32));
      services = createServices(database.db, { sessionTtlMs: 60_000, secretBox });
      receiver = await startWebhookReceiver();
    });
    after(async () => {
      await receiver.close();
      await database.drop();
    });

    const storedConfig = async (id: string) =>
      (
        await database.db
          .selectFrom('channels')
          .select('config')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).config;

    it('stores the secret encrypted and shows only that it is set', async () => {
      const channel = await services.channels.create({
        name: 'ops-hook',
        type: 'webhook',
        config: { url: 'http://127.0.0.1:9000/hook', secret: 'change-me' },
      });
      assert.deepEqual(channel.config, { url: 'http://127.0.0.1:9000/hook' });
      assert.deepEqual(channel.secrets, { secret: true });
      assert.equal(channel.enabled, true);
      const stored = await storedConfig(channel.id);
      assert.match(String(stored.secret), /^v1\./);
      assert.ok(!JSON.stringify(stored).includes('change-me'));
      assert.ok(!JSON.stringify(await services.channels.list()).includes('change-me'));
    });

    it('keeps a secret an update leaves out, and removes it when set to null', async () => {
      const channel = await services.channels.create({
        name: 'keep-hook',
        type: 'webhook',
        config: { url: `${receiver.url}/keep`, secret: 'first' },
      });
      const moved = await services.channels.update(channel.id, {
        config: { url: `${receiver.url}/moved` },
      });
      assert.deepEqual(moved.secrets, { secret: true });
      assert.deepEqual(moved.config, { url: `${receiver.url}/moved` });
      await services.channels.sendTest(channel.id);
      const [request] = receiver.requests('/moved');
      assert.ok(request?.headers['vigil-signature'], 'still signed with the kept secret');
      const cleared = await services.channels.update(channel.id, { config: { secret: null } });
      assert.deepEqual(cleared.secrets, { secret: false });
    });

    it('names the field at fault', async () => {
      const create = (input: Record<string, unknown>) => services.channels.create(input);
      await assert.rejects(
        create({ type: 'webhook', config: { url: 'http://x/' } }),
        fieldOf('name'),
      );
      await assert.rejects(create({ name: 'a', type: 'pager', config: {} }), fieldOf('type'));
      await assert.rejects(
        create({ name: 'a', type: 'webhook', config: {} }),
        fieldOf('config.url'),
      );
      await assert.rejects(
        create({ name: 'a', type: 'webhook', config: { url: 'gopher://x' } }),
        fieldOf('config.url'),
      );
      await assert.rejects(
        create({ name: 'a', type: 'webhook', config: { url: 'http://x/', colour: 'red' } }),
        fieldOf('config.colour'),
      );
      await assert.rejects(create({ name: 'a', type: 'webhook', config: 'x' }), fieldOf('config'));
      await assert.rejects(
        create({ name: 'ops-hook', type: 'webhook', config: { url: 'http://x/' } }),
        fieldOf('name'),
      );
      const channel = await create({
        name: 'typed',
        type: 'webhook',
        config: { url: 'http://x/' },
      });
      await assert.rejects(
        services.channels.update(channel.id, { type: 'email' }),
        fieldOf('type'),
      );
    });

    it('refuses to store a secret without a key, but stores a channel without one', async () => {
      const keyless = createServices(database.db, {
        sessionTtlMs: 60_000,
        secretBox: SecretBox.without('VIGIL_SECRET_KEY is not set'),
      });
      await assert.rejects(
        keyless.channels.create({
          name: 'no-key',
          type: 'webhook',
          config: { url: 'http://127.0.0.1:9000/', secret: 's' },
        }),
        (error: unknown) =>
          fieldOf('config.secret')(error) && /VIGIL_SECRET_KEY/.test(String(error)),
      );
      assert.equal(await keyless.channels.findByName('no-key'), undefined);
      const plain = await keyless.channels.create({
        name: 'no-key',
        type: 'webhook',
        config: { url: 'http://127.0.0.1:9000/' },
      });
      assert.deepEqual(plain.secrets, { secret: false });
    });

    it('sets the channels a monitor notifies by name, idempotently', async () => {
      const { monitorId } = await monitoredComponent(database.db);
      await services.routes.setMonitorChannels(monitorId, ['ops-hook', 'keep-hook']);
      await services.routes.setMonitorChannels(monitorId, ['ops-hook', 'keep-hook']);
      assert.equal((await services.routes.list({ monitorId })).length, 2);
      await services.routes.setMonitorChannels(monitorId, ['ops-hook']);
      const routes = await services.routes.list({ monitorId });
      assert.deepEqual(
        routes.map((r) => r.channel_id),
        [(await services.channels.findByName('ops-hook'))!.id],
      );
      await assert.rejects(
        services.routes.setMonitorChannels(monitorId, ['nope']),
        fieldOf('notify[0]'),
      );
    });

    it('sends a test event and reports the receiver’s answer', async () => {
      receiver.behave('/test-fail', { status: 503 });
      const good = await services.channels.create({
        name: 'test-good',
        type: 'webhook',
        config: { url: `${receiver.url}/test-good` },
      });
      const bad = await services.channels.create({
        name: 'test-bad',
        type: 'webhook',
        config: { url: `${receiver.url}/test-fail` },
      });
      assert.deepEqual(await services.channels.sendTest(good.id), {
        ok: true,
        statusCode: 200,
        error: null,
      });
      const body = JSON.parse(receiver.requests('/test-good')[0]!.body) as Record<string, unknown>;
      assert.equal(body.type, 'test');
      assert.match(String(body.id), /^test-/);
      const failed = await services.channels.sendTest(bad.id);
      assert.equal(failed.ok, false);
      assert.equal(failed.statusCode, 503);
    });
  });
}
