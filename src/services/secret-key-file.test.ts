// Where the key for channel secrets comes from: the configured one; on the embedded database a
// key generated once into DATA_DIR with mode 0600 and reused after; on PostgreSQL none.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SECRET_KEY_FILE, openSecretBox } from './secret-key-file.js';
import { SecretKeyMissingError } from './secret-box.js';

function recorder() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      info: (_fields: object, message: string) => void lines.push(`info ${message}`),
      warn: (_fields: object, message: string) => void lines.push(`warn ${message}`),
    },
  };
}

describe('openSecretBox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-key-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a key into DATA_DIR once, mode 0600, logs that, and reuses it', () => {
    const first = recorder();
    const box = openSecretBox(
      { secretKey: undefined, dataDir: dir, databaseKind: 'pglite' },
      first.logger,
    );
    const path = join(dir, SECRET_KEY_FILE);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(first.lines.length, 1);
    assert.match(first.lines[0]!, /^info generated the key/);
    assert.ok(
      !first.lines[0]!.includes(readFileSync(path, 'utf8').trim()),
      'the key is not logged',
    );
    const sealed = box.encrypt('hello', 'c', 'f');

    const second = recorder();
    const again = openSecretBox(
      { secretKey: undefined, dataDir: dir, databaseKind: 'pglite' },
      second.logger,
    );
    assert.equal(again.decrypt(sealed, 'c', 'f'), 'hello');
    assert.deepEqual(second.lines, [], 'nothing generated the second time');
  });

  it('uses the configured key over the file', () => {
    const key = randomBytes(32);
    const box = openSecretBox(
      { secretKey: key, dataDir: dir, databaseKind: 'pglite' },
      recorder().logger,
    );
    const same = openSecretBox(
      { secretKey: key, dataDir: '/nonexistent', databaseKind: 'postgres' },
      recorder().logger,
    );
    assert.equal(same.decrypt(box.encrypt('x', 'c', 'f'), 'c', 'f'), 'x');
  });

  it('refuses secrets on PostgreSQL without a configured key, saying how to fix it', () => {
    const box = openSecretBox(
      { secretKey: undefined, dataDir: dir, databaseKind: 'postgres' },
      recorder().logger,
    );
    assert.throws(
      () => box.encrypt('x', 'c', 'config.secret'),
      (error: unknown) =>
        error instanceof SecretKeyMissingError && /VIGIL_SECRET_KEY_FILE/.test(error.message),
    );
  });

  it('refuses a key file that holds no key instead of replacing it', () => {
    const other = mkdtempSync(join(tmpdir(), 'vigil-key-'));
    try {
      writeFileSync(join(other, SECRET_KEY_FILE), 'not a key\n', { mode: 0o600 });
      assert.throws(
        () =>
          openSecretBox(
            { secretKey: undefined, dataDir: other, databaseKind: 'pglite' },
            recorder().logger,
          ),
        /does not hold a secret key/,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
