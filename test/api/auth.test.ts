// Who may use the management API: API keys by scope, revoked keys, admin sessions, secrets shown
// once and stored hashed, and the per-client rate limit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { adminCookie, apiClient, errorOf, newKey, serveForSuite, type Call } from './client.js';

async function countPages(web: TestWeb): Promise<number> {
  const row = await web.database.db
    .selectFrom('pages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const backend of await databaseBackends()) {
  describe(`management API authentication on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let call: Call;
    let pageId: string;

    before(async () => {
      web = await startTestWeb(await backend.create());
      call = apiClient(web);
      pageId = (await web.services.pages.createPage({ slug: 'auth', name: 'Auth' })).id;
    });
    after(() => web?.close());

    it('answers 401 in the error shape without a key, with a malformed header or unknown key', async () => {
      const before = await countPages(web);
      for (const authorization of [undefined, 'Basic YWRtaW46YWRtaW4=', 'Bearer vgl_notAKey']) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization) headers.authorization = authorization;
        for (const [method, body] of [
          ['GET', undefined],
          ['POST', JSON.stringify({ slug: 'nope', name: 'Nope' })],
        ] as const) {
          const response = await fetch(`${web.baseUrl}/api/v1/pages`, { method, headers, body });
          assert.equal(response.status, 401, `${method} with ${authorization}`);
          assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
          const error = errorOf({
            status: 401,
            headers: response.headers,
            body: await response.json(),
          });
          assert.equal(error.code, 'unauthorized');
        }
      }
      assert.equal(await countPages(web), before);
    });

    it('lets a read key GET but not write (403), and writes nothing', async () => {
      const read = await newKey(web, 'read');
      const listed = await call('GET', '/pages', { key: read });
      assert.equal(listed.status, 200);
      assert.equal((await call('GET', `/pages/${pageId}`, { key: read })).status, 200);
      const before = await countPages(web);
      for (const [method, path, json] of [
        ['POST', '/pages', { slug: 'by-reader', name: 'Reader' }],
        ['PATCH', `/pages/${pageId}`, { name: 'Changed by reader' }],
        ['DELETE', `/pages/${pageId}`, undefined],
        ['POST', `/pages/${pageId}/components`, { name: 'C' }],
        ['POST', '/api-keys', { name: 'escalate', scope: 'write' }],
      ] as const) {
        const response = await call(method, path, { key: read, ...(json ? { json } : {}) });
        assert.equal(response.status, 403, `${method} ${path}`);
        assert.equal(errorOf(response).code, 'forbidden');
      }
      assert.equal(await countPages(web), before);
      assert.equal((await web.services.pages.getPage(pageId)).name, 'Auth');
      assert.equal((await web.services.pages.listComponents(pageId)).length, 0);
    });

    it('lets a write key do everything, and refuses it once revoked', async () => {
      const admin = await newKey(web, 'write');
      const doomed = await call('POST', '/api-keys', {
        key: admin,
        json: { name: 'doomed', scope: 'write' },
      });
      const secret: string = doomed.body.secret;
      const made = await call('POST', '/pages', { key: secret, json: { slug: 'w', name: 'W' } });
      assert.equal(made.status, 201);
      assert.equal(
        (await call('DELETE', `/api-keys/${doomed.body.id}`, { key: admin })).status,
        204,
      );
      for (const method of ['GET', 'DELETE']) {
        const response = await call(method, `/pages/${made.body.id}`, { key: secret });
        assert.equal(response.status, 401, method);
        assert.equal(errorOf(response).code, 'unauthorized');
      }
      assert.equal((await call('GET', `/pages/${made.body.id}`, { key: admin })).status, 200);
    });

    it('accepts the admin session cookie for reads and writes', async () => {
      const cookie = await adminCookie(web, TEST_ADMIN.email, TEST_ADMIN.password);
      assert.equal((await call('GET', '/pages', { cookie })).status, 200);
      const made = await call('POST', `/pages/${pageId}/groups`, { cookie, json: { name: 'G' } });
      assert.equal(made.status, 201);
      const forged = await call('GET', '/pages', { cookie: 'vigil_session=forged' });
      assert.equal(forged.status, 401);
    });

    it('shows an API key secret only in the creation response and stores only its hash', async () => {
      const admin = await newKey(web, 'write');
      const created = await call('POST', '/api-keys', {
        key: admin,
        json: { name: 'shown once', scope: 'read' },
      });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('cache-control'), 'no-store');
      const secret: string = created.body.secret;
      assert.match(secret, /^vgl_[\w-]{30,}$/);

      const list = await fetch(`${web.baseUrl}/api/v1/api-keys?per_page=100`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      const listText = await list.text();
      assert.ok(listText.includes(created.body.id));
      const one = await (
        await fetch(`${web.baseUrl}/api/v1/api-keys/${created.body.id}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).text();
      for (const text of [listText, one]) {
        assert.ok(!text.includes(secret), 'secret not shown again');
        assert.ok(!text.includes('secret'), 'no secret field');
        assert.ok(!text.includes('key_hash'), 'no hash either');
      }

      const row = await web.database.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.key_hash, createHash('sha256').update(secret).digest('hex'));
      assert.ok(!JSON.stringify(row).includes(secret), 'the secret itself is not stored');
      assert.ok(secret.startsWith(row.prefix) && row.prefix.length < 12);
    });

    it('marks management responses as not cacheable', async () => {
      const response = await call('GET', '/pages', { key: await newKey(web, 'read') });
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });
  });

  describe(`management API rate limit on ${backend.name}`, { skip: backend.skip }, () => {
    const server = serveForSuite(backend, {
      scope: 'read',
      env: { VIGIL_API_RATE_LIMIT: '5' },
    });

    it('answers 429 in the error shape once a client spends its budget, keys or not', async () => {
      const { call } = server;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await call('GET', '/pages')).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      const limited = await call('GET', '/pages');
      assert.equal(limited.status, 429);
      assert.equal(errorOf(limited).code, 'rate_limited');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      // Unauthenticated guesses share the same budget: still limited, not 401.
      assert.equal((await call('GET', '/pages', { key: 'vgl_guess' })).status, 429);
      // Other parts of the site have their own limits.
      assert.notEqual((await fetch(`${server.web.baseUrl}/healthz`)).status, 429);
    });
  });
}
