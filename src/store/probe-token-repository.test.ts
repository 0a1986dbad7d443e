// Probe tokens on both backends: secrets stored only as hashes, region-bound authentication and
// revocation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import {
  PROBE_TOKEN_PREFIX,
  ProbeTokenRepository,
  hashProbeToken,
} from './probe-token-repository.js';

for (const backend of await databaseBackends()) {
  describe(`probe tokens on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let tokens: ProbeTokenRepository;

    before(async () => {
      database = await backend.create();
      tokens = new ProbeTokenRepository(database.db);
    });
    after(() => database.drop());

    it('stores only the hash of the secret and authenticates it to its region', async () => {
      const { token, secret } = await tokens.create({ region: 'eu-west', name: 'agent 1' });
      assert.ok(secret.startsWith(PROBE_TOKEN_PREFIX) && secret.length > 40);
      assert.equal(token.token_hash, hashProbeToken(secret));
      const dump = await database.withSession((s) =>
        s.query<{ row: string }>('SELECT row_to_json(t)::text AS row FROM probe_tokens t'),
      );
      assert.ok(dump.every(({ row }) => !row.includes(secret.slice(PROBE_TOKEN_PREFIX.length))));

      const now = new Date('2026-02-02T10:00:00Z');
      assert.deepEqual(await tokens.authenticate(secret, now), {
        tokenId: token.id,
        region: 'eu-west',
      });
      assert.equal((await tokens.find(token.id))?.last_seen_at?.toISOString(), now.toISOString());
      assert.equal(await tokens.authenticate(`${secret}x`), undefined);
      assert.equal(await tokens.authenticate(''), undefined);
    });

    it('refuses a revoked token and revokes once', async () => {
      const { token, secret } = await tokens.create({ region: 'us-east' });
      const other = await tokens.create({ region: 'us-east' });
      assert.equal(await tokens.revoke(token.id), true);
      assert.equal(await tokens.revoke(token.id), false);
      assert.equal(await tokens.revoke('missing'), false);
      assert.equal(await tokens.authenticate(secret), undefined);
      assert.equal((await tokens.authenticate(other.secret))?.region, 'us-east');
      assert.deepEqual(
        (await tokens.list('us-east')).map((t) => [t.id, t.revoked_at !== null]).sort(),
        [
          [token.id, true],
          [other.token.id, false],
        ].sort(),
      );
    });
  });
}
