// Where the key for channel secrets comes from: the configured one; on the embedded database a
// key generated once into DATA_DIR with mode 0600 and reused after; on PostgreSQL none.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('generates a key into DATA_DIR when first needed, mode 0600, logs that, and reuses it', () => {
    const first = recorder();
    const box = openSecretBox(
      { secretKey: undefined, databaseKind: 'pglite', localDir: dir },
      first.logger,
    );
    const path = join(dir, SECRET_KEY_FILE);
    assert.equal(existsSync(path), false, 'no key until a secret is stored or read');
    const sealed = box.encrypt('hello', 'c', 'f');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(first.lines.length, 1);
    assert.match(first.lines[0]!, /^info generated the key/);
    assert.ok(
      !first.lines[0]!.includes(readFileSync(path, 'utf8').trim()),
      'the key is not logged',
    );

    const second = recorder();
    const again = openSecretBox(
      { secretKey: undefined, databaseKind: 'pglite', localDir: dir },
      second.logger,
    );
    assert.equal(again.decrypt(sealed, 'c', 'f'), 'hello');
    assert.deepEqual(second.lines, [], 'nothing generated the second time');
  });

  it('gives a database in memory a key for this run only, writing nothing', () => {
    const box = openSecretBox(
      { secretKey: undefined, databaseKind: 'pglite', localDir: undefined },
      recorder().logger,
    );
    assert.equal(box.decrypt(box.encrypt('x', 'c', 'f'), 'c', 'f'), 'x');
  });

  it('uses the configured key over the file', () => {
    const key = randomBytes(32);
    const box = openSecretBox(
      { secretKey: key, databaseKind: 'pglite', localDir: dir },
      recorder().logger,
    );
    const same = openSecretBox(
      { secretKey: key, databaseKind: 'postgres', localDir: undefined },
      recorder().logger,
    );
    assert.equal(same.decrypt(box.encrypt('x', 'c', 'f'), 'c', 'f'), 'x');
  });

  it('refuses secrets on PostgreSQL without a configured key, saying how to fix it', () => {
    const box = openSecretBox(
      { secretKey: undefined, databaseKind: 'postgres', localDir: undefined },
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
      const box = openSecretBox(
        { secretKey: undefined, databaseKind: 'pglite', localDir: other },
        recorder().logger,
      );
      assert.throws(() => box.encrypt('x', 'c', 'f'), /does not hold a secret key/);
      assert.equal(readFileSync(join(other, SECRET_KEY_FILE), 'utf8'), 'not a key\n');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
