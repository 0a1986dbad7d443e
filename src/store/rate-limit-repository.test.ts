// Rate-limit counters in the database: hits from several instances add up in one window, a new
// window starts once it has ended, and expired windows are swept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { waitFor } from '../../test/cli/cli-support.js';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { RateLimitRepository } from './rate-limit-repository.js';

for (const backend of await databaseBackends()) {
  describe(`rate-limit counters on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await backend.create();
    });
    after(() => database.drop());

    it('adds up the hits of every instance in one window', async () => {
      const [a, b] = [new RateLimitRepository(database.db), new RateLimitRepository(database.db)];
      assert.equal((await a.hit('api|10.0.0.1', 60_000)).count, 1);
      assert.equal((await b.hit('api|10.0.0.1', 60_000)).count, 2);
      const third = await a.hit('api|10.0.0.1', 60_000);
      assert.equal(third.count, 3);
      assert.ok(third.ttlMs > 55_000 && third.ttlMs <= 60_000, `ttl ${third.ttlMs}`);
      assert.equal((await b.hit('api|10.0.0.2', 60_000)).count, 1, 'another client');
    });

    it('starts a new window once the old one ended, and sweeps expired ones', async () => {
      const counter = new RateLimitRepository(database.db);
      await counter.hit('login|10.0.0.3', 60_000);
      await counter.hit('login|10.0.0.3', 60_000);
      await sql`UPDATE rate_limits SET window_ends_at = now() - interval '1 second'
        WHERE key = 'login|10.0.0.3'`.execute(database.db);
      assert.deepEqual(await counter.hit('login|10.0.0.3', 60_000), { count: 1, ttlMs: 60_000 });

      await sql`UPDATE rate_limits SET window_ends_at = now() - interval '1 second'
        WHERE key = 'api|10.0.0.2'`.execute(database.db);
      // A new repository sweeps (in the background) on its first hit.
      await new RateLimitRepository(database.db).hit('api|10.0.0.4', 60_000);
      await waitFor(
        'the expired window to be swept',
        async () => {
          const left = await sql<{
            key: string;
          }>`SELECT key FROM rate_limits WHERE key = 'api|10.0.0.2'`.execute(database.db);
          return left.rows.length === 0 ? true : undefined;
        },
        // A DELETE on the shared database, which a loaded machine can hold up for seconds.
        20_000,
      );
    });
  });
}
