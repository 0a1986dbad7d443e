// Secret rotation on both backends, one channel per batch so that batches are separate
// transactions: a secret no key opens, even in the last batch, stops the rotation before any
// batch is written; a value sealed under a field this version does not call secret is resealed
// too; previous keys open values, the current key seals them.
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { channelType } from '../notifier/channels/index.js';
import { ChannelRepository } from '../store/channel-repository.js';
import { sealConfig, unsealConfig } from './channel-config.js';
import { SecretBox, SecretDecryptionError } from './secret-box.js';
import { SecretRotationService, SecretUnreadableError } from './secret-rotation.js';

const [oldKey, newKey, strayKey] = [randomBytes(32), randomBytes(32), randomBytes(32)];
const webhook = channelType('webhook')!;

for (const backend of await databaseBackends()) {
  describe(`secret rotation on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let channels: ChannelRepository;
    const stored = async () =>
      Object.fromEntries(
        (await channels.list()).map((row) => [row.id, JSON.stringify(row.config)]),
      );

    before(async () => {
      database = await backend.create();
      channels = new ChannelRepository(database.db);
      const old = SecretBox.withKey(oldKey);
      for (const id of ['a1', 'a2', 'a3']) {
        const config = sealConfig(
          webhook,
          id,
          { url: `http://127.0.0.1/${id}`, secret: `s-${id}` },
          old,
        );
        await channels.insert({ id, name: `hook-${id}`, type: 'webhook', config, enabled: true });
      }
      // Sealed under a field the webhook type does not know (as another version might have).
      const extra = old.encrypt('legacy', 'channel:a3:legacy_token', 'config.legacy_token');
      const a3 = (await channels.find('a3'))!;
      await channels.replaceConfig('a3', { ...a3.config, legacy_token: extra });
    });
    after(() => database.drop());

    it('refuses, writing no batch, when the last channel opens with no key', async () => {
      const stray = sealConfig(
        webhook,
        'z9',
        { url: 'http://127.0.0.1/z', secret: 'zz' },
        SecretBox.withKey(strayKey),
      );
      await channels.insert({
        id: 'z9',
        name: 'stray',
        type: 'webhook',
        config: stray,
        enabled: true,
      });
      const before_ = await stored();
      const rotation = new SecretRotationService(
        database.db,
        SecretBox.withKey(newKey, [oldKey]),
        1,
      );
      await assert.rejects(rotation.rotate(), (error: unknown) => {
        assert.ok(error instanceof SecretUnreadableError);
        assert.equal(error.field, 'config.secret');
        assert.match(
          error.message,
          /^channel "stray" \(z9\): config\.secret was encrypted with another key/,
        );
        assert.ok(!error.message.includes('zz'));
        return true;
      });
      assert.deepEqual(await stored(), before_);
      await channels.delete('z9');
    });

    it('reseals every ciphertext with the current key, one batch at a time', async () => {
      const box = SecretBox.withKey(newKey, [randomBytes(32), oldKey]);
      const rotation = new SecretRotationService(database.db, box, 1);
      assert.deepEqual(await rotation.rotate(), {
        keyId: box.keyId,
        rotated: 4,
        channels: 3,
        unchanged: 0,
      });
      const only = SecretBox.withKey(newKey);
      for (const id of ['a1', 'a2', 'a3']) {
        const row = (await channels.find(id))!;
        assert.equal(unsealConfig(row, only).secret, `s-${id}`);
      }
      const a3 = (await channels.find('a3'))!;
      assert.equal(
        only.decrypt(String(a3.config.legacy_token), 'channel:a3:legacy_token', 'x'),
        'legacy',
      );
      assert.throws(() => unsealConfig(a3, SecretBox.withKey(oldKey)), SecretDecryptionError);
      assert.deepEqual(await rotation.rotate(), {
        keyId: box.keyId,
        rotated: 0,
        channels: 0,
        unchanged: 4,
      });
    });

    it('refuses without a current key', async () => {
      const rotation = new SecretRotationService(
        database.db,
        SecretBox.without('no VIGIL_SECRET_KEY'),
      );
      await assert.rejects(rotation.rotate(), /cannot rotate channel secrets: no VIGIL_SECRET_KEY/);
    });
  });
}
