import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import { createServices, type Services } from './index.js';
import { hashSecret } from './secret-token.js';

for (const backend of await databaseBackends()) {
  describe(`accounts and API keys on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;

    before(async () => {
      database = await backend.create();
      services = createServices(database.db, { sessionTtlMs: 60_000 });
    });
    after(() => database.drop());

    it('creates the first admin only with the setup token, then spends it', async () => {
      const token = await services.auth.issueSetupToken();
      assert.ok(token);
      await assert.rejects(
        services.auth.completeSetup('setup_wrong', {
          email: 'a@example.com',
          password: 'long enough pw',
        }),
        ValidationError,
      );
      assert.equal(await services.auth.hasUsers(), false);
      await services.auth.completeSetup(token, {
        email: 'A@Example.com',
        password: 'long enough pw',
      });
      assert.equal(await services.auth.hasUsers(), true);
      await assert.rejects(
        services.auth.completeSetup(token, { email: 'b@example.com', password: 'long enough pw' }),
        ConflictError,
      );
      assert.equal(await services.auth.issueSetupToken(), null);
    });

    it('signs in with the right password only and keeps sessions by hash', async () => {
      const user = await services.auth.verifyLogin('a@example.com', 'long enough pw');
      await assert.rejects(
        services.auth.verifyLogin('a@example.com', 'wrong password'),
        AuthenticationError,
      );
      await assert.rejects(
        services.auth.verifyLogin('nobody@example.com', 'long enough pw'),
        AuthenticationError,
      );
      const session = await services.auth.startSession(user.id);
      assert.equal((await services.auth.sessionUser(session.token))?.id, user.id);
      const stored = await database.db.selectFrom('sessions').select('token_hash').execute();
      assert.ok(stored.every((row) => row.token_hash !== session.token));
      assert.equal(
        await services.auth.sessionUser(session.token, new Date(Date.now() + 120_000)),
        undefined,
      );
      await services.auth.endSession(session.token);
      assert.equal(await services.auth.sessionUser(session.token), undefined);
    });

    it('ends the other sessions when the password changes', async () => {
      const user = await services.auth.verifyLogin('a@example.com', 'long enough pw');
      const kept = await services.auth.startSession(user.id);
      const other = await services.auth.startSession(user.id);
      await services.auth.changePassword(user.id, 'another long pw', kept.token);
      assert.equal((await services.auth.sessionUser(kept.token))?.id, user.id);
      assert.equal(await services.auth.sessionUser(other.token), undefined);
      await services.auth.verifyLogin('a@example.com', 'another long pw');
      await services.auth.changePassword(user.id, 'long enough pw');
      assert.equal(await services.auth.sessionUser(kept.token), undefined);
    });

    it('does not bootstrap an admin from the environment once a user exists', async () => {
      assert.equal(
        await services.auth.bootstrapAdmin('other@example.com', 'long enough pw'),
        false,
      );
    });

    it('stores only the hash of an API key, authenticates it, and refuses it once revoked', async () => {
      const { key, secret } = await services.apiKeys.create({ name: 'ci', scope: 'write' });
      assert.match(secret, /^vgl_/);
      const row = await database.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', key.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.key_hash, hashSecret(secret));
      assert.ok(!JSON.stringify(row).includes(secret));
      assert.equal((await services.apiKeys.authenticate(secret))?.id, key.id);
      assert.equal(await services.apiKeys.authenticate(secret + 'x'), undefined);
      await services.apiKeys.revoke(key.id);
      assert.equal(await services.apiKeys.authenticate(secret), undefined);
      await assert.rejects(services.apiKeys.create({ name: 'x', scope: 'admin' }), ValidationError);
    });

    it('removes admins with their sessions, but never oneself nor the last one, even in a race', async () => {
      const { auth } = services;
      const first = await auth.verifyLogin('a@example.com', 'long enough pw');
      const second = await auth.createAdmin({ email: 'b@example.com', password: 'long enough pw' });
      const session = await auth.startSession(second.id);
      await assert.rejects(auth.removeAdmin(first.id, first.id), /your own account/);
      await assert.rejects(auth.removeAdmin('no-such-user', first.id), NotFoundError);
      await auth.removeAdmin(second.id, first.id);
      assert.equal(await auth.sessionUser(session.token), undefined, 'its session ended');
      await assert.rejects(auth.getAdmin(second.id), NotFoundError);
      // Only reachable from outside the admin (nobody else is left to ask), but still refused.
      await assert.rejects(auth.removeAdmin(first.id, second.id), (error: unknown) => {
        assert.ok(error instanceof ConflictError);
        assert.match(error.message, /the last admin cannot be removed/);
        return true;
      });

      // The last two remove each other at once: one wins, one is refused, one admin is left.
      const third = await auth.createAdmin({ email: 'c@example.com', password: 'long enough pw' });
      const outcomes = await Promise.allSettled([
        auth.removeAdmin(third.id, first.id),
        auth.removeAdmin(first.id, third.id),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
      const refused = outcomes.find((o) => o.status === 'rejected');
      assert.ok(refused?.reason instanceof ConflictError);
      assert.equal((await auth.listAdmins()).length, 1);
    });
  });
}
