// `vigil secrets rotate` with the real CLI on both backends: channel secrets stored under key A
// are resealed with key B while A is a previous key (VIGIL_SECRET_KEY_PREVIOUS, here through
// _FILE with two keys); a secret no configured key opens stops the rotation before anything is
// written, naming its channel and printing no secret; a second run changes nothing; afterwards
// the channels work with B alone.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { verifyWebhookSignature } from '../../src/notifier/webhook-signature.js';
import { createServices, type Services } from '../../src/services/index.js';
import { SecretBox } from '../../src/services/secret-box.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';
import type { Database } from '../../src/store/schema.js';
import { PUSHOVER_ACCEPTED } from '../support/channel-checks.js';
import { createPostgresDatabase } from '../support/databases.js';
import { postgresUnavailable } from '../support/services.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { vigil } from './cli-support.js';

const [A, B, C, D] = [randomBytes(32), randomBytes(32), randomBytes(32), randomBytes(32)];
const b64 = (key: Buffer) => key.toString('base64');
const idOf = (key: Buffer) => SecretBox.withKey(key).keyId!;

const HOOK_SECRET = 'hook-secret-1';
const APP_TOKEN = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const USER_KEY = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const STRAY_TOKEN = 'tk_stray_secret';
const SECRETS = [HOOK_SECRET, APP_TOKEN, USER_KEY, STRAY_TOKEN];

type Look = <T>(
  key: Buffer,
  work: (db: Kysely<Database>, services: Services) => Promise<T>,
) => Promise<T>;

interface Backend {
  name: string;
  skip: string | false;
  /** The database for the CLI (`env`) and for the test to look into with a given key. */
  open(): Promise<{ env: Record<string, string>; look: Look; cleanup(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'the embedded database',
    skip: false,
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'vigil-rotate-'));
      return {
        env: { DATA_DIR: dataDir },
        // PGlite lets one process open DATA_DIR at a time: the test opens it only between runs.
        async look(key, work) {
          const database = await openDatabase({ dataDir });
          try {
            await migrate(database);
            const box = SecretBox.withKey(key);
            return await work(
              database.db,
              createServices(database.db, { sessionTtlMs: 60_000, secretBox: box }),
            );
          } finally {
            await database.close();
          }
        },
        cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: await postgresUnavailable(),
    async open() {
      const created = await createPostgresDatabase();
      const database = await openDatabase({ databaseUrl: created.url, dataDir: '.', poolSize: 2 });
      await migrate(database);
      return {
        env: { DATABASE_URL: created.url, DATA_DIR: '/nonexistent-vigil-rotate-test' },
        look: (key, work) =>
          work(
            database.db,
            createServices(database.db, {
              sessionTtlMs: 60_000,
              secretBox: SecretBox.withKey(key),
            }),
          ),
        async cleanup() {
          await database.close();
          await created.drop();
        },
      };
    },
  },
];

/** Channel name → the key ids its stored ciphertexts name, field by field. */
async function storedKeyIds(db: Kysely<Database>): Promise<Record<string, Record<string, string>>> {
  const rows = await db.selectFrom('channels').select(['name', 'config']).orderBy('name').execute();
  return Object.fromEntries(
    rows.map((row) => [
      row.name,
      Object.fromEntries(
        Object.entries(row.config)
          .filter(([, value]) => typeof value === 'string' && value.startsWith('v1.'))
          .map(([field, value]) => [field, String(value).split('.')[1] ?? '']),
      ),
    ]),
  );
}

for (const backend of backends) {
  describe(`vigil secrets rotate on ${backend.name}`, { skip: backend.skip }, () => {
    let env: Record<string, string>;
    let look: Look;
    let cleanup: () => Promise<void>;
    let receiver: WebhookReceiver;
    const keysDir = mkdtempSync(join(tmpdir(), 'vigil-keys-'));
    const ids = { hook: '', phone: '', stray: '' };

    before(async () => {
      receiver = await startWebhookReceiver();
      receiver.behave('/po', PUSHOVER_ACCEPTED);
      ({ env, look, cleanup } = await backend.open());
      await look(A, async (_db, services) => {
        ids.hook = (
          await services.channels.create({
            name: 'ops-hook',
            type: 'webhook',
            config: { url: `${receiver.url}/hook`, secret: HOOK_SECRET },
          })
        ).id;
        ids.phone = (
          await services.channels.create({
            name: 'phone',
            type: 'pushover',
            config: { app_token: APP_TOKEN, user_key: USER_KEY, api_url: `${receiver.url}/po` },
          })
        ).id;
        await services.channels.create({
          name: 'plain',
          type: 'webhook',
          config: { url: `${receiver.url}/plain` },
        });
      });
      // A channel whose secret was sealed with a key the rotation is not given.
      await look(D, async (_db, services) => {
        ids.stray = (
          await services.channels.create({
            name: 'stray',
            type: 'ntfy',
            config: { server_url: `${receiver.url}/ntfy`, topic: 'ops', token: STRAY_TOKEN },
          })
        ).id;
      });
    });
    after(async () => {
      await cleanup?.();
      await receiver?.close();
      rmSync(keysDir, { recursive: true, force: true });
    });

    const keyIdsBefore = () => ({
      'ops-hook': { secret: idOf(A) },
      phone: { app_token: idOf(A), user_key: idOf(A) },
      plain: {},
      stray: { token: idOf(D) },
    });

    it('refuses when a secret opens with none of the keys, naming the channel, changing nothing', async () => {
      assert.deepEqual(await look(A, (db) => storedKeyIds(db)), keyIdsBefore());
      const result = await vigil(['secrets', 'rotate'], {
        ...env,
        VIGIL_SECRET_KEY: b64(B),
        VIGIL_SECRET_KEY_PREVIOUS: b64(A),
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(
          `channel "stray" \\(${ids.stray}\\): config\\.token was encrypted with another key \\(id ${idOf(D)}`,
        ),
      );
      assert.match(result.stderr, /Nothing was rotated/);
      for (const secret of SECRETS) {
        assert.ok(!(result.stdout + result.stderr).includes(secret), 'no secret is printed');
      }
      assert.deepEqual(await look(A, (db) => storedKeyIds(db)), keyIdsBefore(), 'nothing changed');
    });

    it('reseals every secret with the new key, then finds nothing to do', async () => {
      await look(A, (_db, services) => services.channels.delete(ids.stray));
      // Two previous keys in a file, one a line apart by a comma: only A sealed anything.
      const previousFile = join(keysDir, 'previous');
      writeFileSync(previousFile, `${b64(C)},${b64(A)}\n`, { mode: 0o600 });
      const rotate = {
        ...env,
        VIGIL_SECRET_KEY: b64(B),
        VIGIL_SECRET_KEY_PREVIOUS_FILE: previousFile,
      };
      const first = await vigil(['secrets', 'rotate'], rotate);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(
        first.stdout,
        `Rotated 3 secrets of 2 channels to the current key (id ${idOf(B)}); 0 already used it.\n`,
      );
      assert.deepEqual(await look(B, (db) => storedKeyIds(db)), {
        'ops-hook': { secret: idOf(B) },
        phone: { app_token: idOf(B), user_key: idOf(B) },
        plain: {},
      });
      const again = await vigil(['secrets', 'rotate'], { ...env, VIGIL_SECRET_KEY: b64(B) });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(
        again.stdout,
        `Nothing to rotate: all 3 stored secrets already use the current key (id ${idOf(B)}).\n`,
      );
    });

    it('works with the new key alone, and no longer with the old one', async () => {
      const [hook, phone] = await look(B, async (_db, services) => [
        await services.channels.sendTest(ids.hook),
        await services.channels.sendTest(ids.phone),
      ]);
      assert.deepEqual(hook, { ok: true, statusCode: 200, error: null });
      assert.deepEqual(phone, { ok: true, statusCode: 200, error: null });
      const signed = receiver.requests('/hook').at(-1)!;
      assert.equal(
        verifyWebhookSignature({
          secret: HOOK_SECRET,
          timestamp: String(signed.headers['vigil-timestamp']),
          signature: String(signed.headers['vigil-signature']),
          body: signed.body,
          nowSeconds: Math.floor(Date.now() / 1000),
        }),
        true,
      );
      const form = new URLSearchParams(receiver.requests('/po').at(-1)!.body);
      assert.deepEqual([form.get('token'), form.get('user')], [APP_TOKEN, USER_KEY]);

      const sent = receiver.requests().length;
      const stale = await look(A, (_db, services) => services.channels.sendTest(ids.hook));
      assert.equal(stale.ok, false);
      assert.match(stale.error ?? '', /encrypted with another key/);
      assert.equal(receiver.requests().length, sent, 'nothing sent without the key');
    });
  });
}
