// Encryption of stored secrets: round trip, a fresh IV each time, the ciphertext bound to its
// place, tampering and a wrong key detected, and a box without a key refusing with its reason.
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  SecretBox,
  SecretDecryptionError,
  SecretKeyMissingError,
  isCiphertext,
} from './secret-box.js';

const box = SecretBox.withKey(randomBytes(32));

describe('SecretBox', () => {
  it('decrypts what it encrypted, and never says the secret in the ciphertext', () => {
    const sealed = box.encrypt('change-me', 'channel:abc:secret', 'config.secret');
    assert.ok(isCiphertext(sealed));
    assert.ok(!sealed.includes('change-me'));
    assert.match(sealed, /^v1\.[0-9a-f]{8}\./);
    assert.equal(box.decrypt(sealed, 'channel:abc:secret', 'config.secret'), 'change-me');
  });

  it('uses a fresh IV each time, so equal secrets do not look equal', () => {
    const a = box.encrypt('same', 'c', 'f');
    const b = box.encrypt('same', 'c', 'f');
    assert.notEqual(a, b);
  });

  it('refuses a ciphertext moved to another channel or field', () => {
    const sealed = box.encrypt('change-me', 'channel:abc:secret', 'config.secret');
    assert.throws(
      () => box.decrypt(sealed, 'channel:xyz:secret', 'config.secret'),
      SecretDecryptionError,
    );
  });

  it('detects tampering', () => {
    const sealed = box.encrypt('change-me', 'c', 'f');
    const parts = sealed.split('.');
    const data = Buffer.from(parts[4]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString('base64url');
    assert.throws(() => box.decrypt(parts.join('.'), 'c', 'f'), /does not decrypt/);
  });

  it('names the key mismatch instead of calling the data damaged', () => {
    const sealed = box.encrypt('change-me', 'c', 'f');
    const other = SecretBox.withKey(randomBytes(32));
    assert.throws(() => other.decrypt(sealed, 'c', 'config.secret'), /encrypted with another key/);
  });

  it('opens values sealed with a previous key, and seals only with the current one', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const sealedOld = SecretBox.withKey(oldKey).encrypt('change-me', 'c', 'f');
    const rotating = SecretBox.withKey(newKey, [randomBytes(32), oldKey]);
    assert.equal(rotating.decrypt(sealedOld, 'c', 'f'), 'change-me');
    assert.equal(rotating.isSealedWithCurrentKey(sealedOld, 'f'), false);
    const sealedNew = rotating.encrypt('change-me', 'c', 'f');
    assert.equal(sealedNew.split('.')[1], SecretBox.withKey(newKey).keyId);
    assert.equal(rotating.isSealedWithCurrentKey(sealedNew, 'f'), true);
    assert.equal(SecretBox.withKey(newKey).decrypt(sealedNew, 'c', 'f'), 'change-me');
    // Still bound to its place under a previous key.
    assert.throws(() => rotating.decrypt(sealedOld, 'other', 'f'), /does not decrypt/);
    const stranger = SecretBox.withKey(randomBytes(32)).encrypt('x', 'c', 'f');
    assert.throws(
      () => rotating.decrypt(stranger, 'c', 'f'),
      /previous keys: [0-9a-f]{8}, [0-9a-f]{8}\)/,
    );
  });

  it('without a key, refuses to encrypt with the reason and the field', () => {
    const none = SecretBox.without('VIGIL_SECRET_KEY is not set');
    assert.throws(
      () => none.encrypt('x', 'c', 'config.secret'),
      (error: unknown) =>
        error instanceof SecretKeyMissingError &&
        error.field === 'config.secret' &&
        /VIGIL_SECRET_KEY is not set/.test(error.message),
    );
  });

  it('keeps the key out of JSON and logs', () => {
    assert.ok(!JSON.stringify(box).includes('key'));
    assert.deepEqual(Object.keys(box), ['missingReason']);
  });
});
