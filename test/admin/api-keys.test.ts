// API keys and the account page in the admin: a new key's secret is shown once and works, a
// revoked key stops working, the list is paged, and the password can be changed with the current one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, signIn } from './browser.js';

for (const backend of await databaseBackends()) {
  describe(`admin API keys and account on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    before(async () => {
      web = await startTestWeb(await backend.create());
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
    });
    after(() => web?.close());

    it('shows a new key once, and the key authenticates until it is revoked', async () => {
      const created = await browser.submit('/admin/api-keys', '/admin/api-keys', {
        name: 'deploy script',
        scope: 'write',
      });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('cache-control'), 'no-store');
      assertHas(created.html, /shown only once/);
      assertHas(
        created.html,
        /<code>Authorization: Bearer &lt;key>/,
        'the usage hint is text, not a tag',
      );
      const secret = /id="f-secret"[^>]*value="([^"]+)"/.exec(created.html)?.[1] ?? '';
      assert.ok(secret?.startsWith('vgl_'), 'the secret is on the page');
      const key = await web.services.apiKeys.authenticate(secret);
      assert.equal(key?.name, 'deploy script');
      assert.equal(key?.scope, 'write');

      const list = await browser.get('/admin/api-keys');
      assertHas(list.html, /deploy script/);
      assertHas(list.html, new RegExp(`${key!.prefix}…`));
      assertHasNot(
        list.html,
        new RegExp(secret.slice(key!.prefix.length)),
        'the list never shows the secret',
      );

      const confirm = await browser.get(`/admin/api-keys/${key!.id}/revoke`);
      assertHas(confirm.html, /Revoke deploy script\?/);
      const revoked = await browser.submit(
        `/admin/api-keys/${key!.id}/revoke`,
        `/admin/api-keys/${key!.id}/revoke`,
        {},
      );
      assert.equal(revoked.url, '/admin/api-keys');
      assertHas(revoked.html, /Revoked/);
      assert.equal(await web.services.apiKeys.authenticate(secret), undefined);
    });

    it('shows the create form again when the name is missing', async () => {
      const page = await browser.submit('/admin/api-keys', '/admin/api-keys', {
        name: '',
        scope: 'read',
      });
      assert.equal(page.status, 400);
      assertHas(page.html, /id="f-name"[^>]*aria-invalid="true"/);
      assertHasNot(page.html, /id="f-secret"/);
    });

    it('lists keys 25 to a page, newest first, with links to the next and previous pages', async () => {
      const existing = (await web.services.apiKeys.list(1, 0)).total;
      for (let n = existing; n < 30; n++) {
        await web.services.apiKeys.create({
          name: `bulk ${String(n).padStart(2, '0')}`,
          scope: 'read',
        });
      }
      const { keys: all, total } = await web.services.apiKeys.list(100, 0);
      assert.equal(total, 30);
      const names = (html: string) =>
        [...html.matchAll(/<tr class="[^"]*"><th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);

      const first = await browser.get('/admin/api-keys');
      assert.deepEqual(
        names(first.html),
        all.slice(0, 25).map((key) => key.name),
      );
      assertHas(first.html, /Page 1 of 2/);
      assertHas(first.html, /<a href="\/admin\/api-keys\?p=2" rel="next">/);
      assertHasNot(first.html, /rel="prev"/);

      const second = await browser.get('/admin/api-keys?p=2');
      assert.equal(second.status, 200);
      assert.deepEqual(
        names(second.html),
        all.slice(25).map((key) => key.name),
      );
      assertHas(second.html, /Page 2 of 2/);
      assertHas(second.html, /<a href="\/admin\/api-keys\?p=1" rel="prev">/);
      assertHasNot(second.html, /rel="next"/);

      const past = await browser.request('GET', '/admin/api-keys?p=9');
      assert.equal(past.status, 303, 'a page past the end leads to the last one');
      assert.equal(past.headers.get('location'), '/admin/api-keys?p=2');
      await past.arrayBuffer();
      const junk = await browser.get('/admin/api-keys?p=abc');
      assertHas(junk.html, /Page 1 of 2/);
    });

    it('changes the password only with the current one', async () => {
      const wrong = await browser.submit('/admin/account', '/admin/account/password', {
        current_password: 'not it at all',
        password: 'a brand new password',
        password_confirm: 'a brand new password',
      });
      assert.equal(wrong.status, 400);
      assertHas(wrong.html, /id="f-current_password"[^>]*aria-invalid="true"/);
      await web.services.auth.verifyLogin(TEST_ADMIN.email, TEST_ADMIN.password);

      const changed = await browser.submit('/admin/account', '/admin/account/password', {
        current_password: TEST_ADMIN.password,
        password: 'a brand new password',
        password_confirm: 'a brand new password',
      });
      assert.equal(changed.status, 200);
      assertHas(changed.html, /Password changed/);
      await web.services.auth.verifyLogin(TEST_ADMIN.email, 'a brand new password');
      await assert.rejects(web.services.auth.verifyLogin(TEST_ADMIN.email, TEST_ADMIN.password));
    });
  });
}
