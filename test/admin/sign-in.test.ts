// First-run setup, sign-in, sign-out, rate limiting, the `next` redirect and cookie flags of the admin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, signIn } from './browser.js';

for (const backend of await databaseBackends()) {
  describe(`admin sign-in on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    before(async () => {
      web = await startTestWeb(await backend.create());
    });
    after(() => web?.close());

    it('sends visitors without a session to the login page, keeping where they wanted to go', async () => {
      const browser = new Browser(web.baseUrl);
      const response = await browser.request('GET', '/admin/pages');
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), '/admin/login?next=%2Fadmin%2Fpages');
      const page = await browser.follow(response, '/admin/pages');
      assert.equal(page.status, 200);
      assertHas(page.html, /<h1>Sign in<\/h1>/);
      assertHas(page.html, /name="next" value="\/admin\/pages"/);
    });

    it('rejects a wrong password with 401 and the same message as an unknown e-mail', async () => {
      const browser = new Browser(web.baseUrl);
      const wrong = await signIn(browser, TEST_ADMIN.email, 'not the password');
      const unknown = await signIn(browser, 'nobody@example.com', TEST_ADMIN.password);
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      const message = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0];
      assert.ok(message(wrong.html));
      assert.equal(message(wrong.html), message(unknown.html));
      assertHas(wrong.html, /aria-invalid="true"/);
      assert.equal(browser.jar.get('vigil_session'), undefined);
      assertHasNot(wrong.html, /not the password/);
    });

    it('signs in, sets HttpOnly SameSite cookies, and signs out', async () => {
      const browser = new Browser(web.baseUrl);
      const home = await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
      assert.equal(home.status, 200);
      assert.equal(home.url, '/admin');
      assertHas(home.html, /Sign out/);
      for (const name of ['vigil_session', 'vigil_csrf']) {
        const header = browser.jar.lastSetCookie(name);
        assert.ok(header, `${name} was set`);
        assertHas(header, /HttpOnly/i);
        assertHas(header, /SameSite=(Lax|Strict)/i);
        assertHasNot(header, /Secure/i, 'not Secure over plain http by default');
      }
      const signedOut = await browser.submit('/admin', '/admin/logout', {});
      assert.equal(signedOut.url, '/admin/login');
      assertHas(signedOut.html, /You are signed out/);
      assert.equal((await browser.request('GET', '/admin')).status, 303);
    });

    it('goes to `next` after signing in, but never to another site', async () => {
      const browser = new Browser(web.baseUrl);
      const login = await browser.get('/admin/login?next=/admin/api-keys');
      const good = await browser.post(
        '/admin/login',
        { email: TEST_ADMIN.email, password: TEST_ADMIN.password, next: '/admin/api-keys' },
        login.html,
      );
      assert.equal(good.status, 303);
      assert.equal(good.headers.get('location'), '/admin/api-keys');

      for (const evil of [
        '//evil.example',
        '/\\evil.example',
        'https://evil.example/',
        '/\t/evil.example',
      ]) {
        const other = new Browser(web.baseUrl);
        const form = await other.get(`/admin/login?next=${encodeURIComponent(evil)}`);
        assertHasNot(form.html, /evil\.example/, `the form drops ${JSON.stringify(evil)}`);
        const response = await other.post(
          '/admin/login',
          { email: TEST_ADMIN.email, password: TEST_ADMIN.password, next: evil },
          form.html,
        );
        assert.equal(response.status, 303);
        assert.equal(response.headers.get('location'), '/admin', `refused ${JSON.stringify(evil)}`);
      }
      // Signed in already: the login page forwards, and still only to a local path.
      const forwarded = await browser.request('GET', '/admin/login?next=//evil.example');
      assert.equal(forwarded.headers.get('location'), '/admin');
    });

    it('refuses a form post without a valid CSRF token with 403', async () => {
      const browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
      const missing = await browser.post('/admin/pages', { slug: 'csrf', name: 'No token' });
      assert.equal(missing.status, 403);
      assert.match(await missing.text(), /expired/);
      const forged = await browser.post('/admin/pages', {
        _csrf: 'forged-token',
        slug: 'csrf',
        name: 'Bad token',
      });
      assert.equal(forged.status, 403);
      assert.deepEqual(
        (await web.services.pages.listPages())
          .map((page) => page.slug)
          .filter((slug) => slug === 'csrf'),
        [],
      );
    });
  });

  describe(`admin first-run setup on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    before(async () => {
      web = await startTestWeb(await backend.create(), {
        VIGIL_ADMIN_EMAIL: '',
        VIGIL_ADMIN_PASSWORD: '',
      });
    });
    after(() => web?.close());

    it('sends every admin page to setup, refuses a wrong token, and creates the admin with the right one', async () => {
      assert.ok(web.setupToken, 'a setup token was issued');
      const browser = new Browser(web.baseUrl);
      for (const path of ['/admin', '/admin/login', '/admin/pages']) {
        const response = await browser.request('GET', path);
        assert.equal(response.status, 303, path);
        assert.equal(response.headers.get('location'), '/admin/setup', path);
      }
      const admin = { email: 'owner@example.com', password: 'a long enough password' };
      const wrong = await browser.submit('/admin/setup', '/admin/setup', {
        token: 'setup_wrong',
        email: admin.email,
        password: admin.password,
        password_confirm: admin.password,
      });
      assert.equal(wrong.status, 400);
      assertHas(wrong.html, /setup token does not match/);
      assertHas(wrong.html, /id="f-token"[^>]*aria-invalid="true"/);
      assertHas(wrong.html, /value="owner@example.com"/, 'the e-mail typed is kept');
      assert.equal(await web.services.auth.hasUsers(), false);

      const mismatch = await browser.submit('/admin/setup', '/admin/setup', {
        token: web.setupToken,
        email: admin.email,
        password: admin.password,
        password_confirm: 'something else entirely',
      });
      assert.equal(mismatch.status, 400);
      assert.equal(await web.services.auth.hasUsers(), false);

      const done = await browser.submit('/admin/setup', '/admin/setup', {
        token: web.setupToken,
        email: admin.email,
        password: admin.password,
        password_confirm: admin.password,
      });
      assert.equal(done.status, 200);
      assert.equal(done.url, '/admin');
      assertHas(done.html, /owner@example\.com/, 'signed in as the new admin');
      assert.equal(await web.services.auth.hasUsers(), true);

      const again = await browser.request('GET', '/admin/setup');
      assert.equal(again.status, 303);
      assert.equal(again.headers.get('location'), '/admin/login');
    });
  });

  describe(
    `admin behind TLS with a login rate limit on ${backend.name}`,
    { skip: backend.skip },
    () => {
      let web: TestWeb;
      before(async () => {
        web = await startTestWeb(await backend.create(), {
          VIGIL_LOGIN_RATE_LIMIT: '3',
          VIGIL_SECURE_COOKIES: 'true',
        });
      });
      after(() => web?.close());

      it('marks cookies Secure, and answers 429 once the attempts per minute are used up', async () => {
        const admin = new Browser(web.baseUrl);
        const signedIn = await signIn(admin, TEST_ADMIN.email, TEST_ADMIN.password);
        assert.equal(signedIn.url, '/admin');
        for (const name of ['vigil_session', 'vigil_csrf']) {
          assertHas(admin.jar.lastSetCookie(name) ?? '', /; Secure/i, `${name} is Secure`);
        }

        // Same client address, so the same allowance: one attempt is spent already.
        const browser = new Browser(web.baseUrl);
        const form = await browser.get('/admin/login');
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 2; attempt++) {
          const wrong = { email: TEST_ADMIN.email, password: 'wrong password' };
          statuses.push((await browser.post('/admin/login', wrong, form.html)).status);
        }
        assert.deepEqual(statuses, [401, 401]);
        const blocked = await browser.post('/admin/login', TEST_ADMIN, form.html);
        assert.equal(blocked.status, 429);
        assertHas(await blocked.text(), /Too many attempts/);
        assert.equal(browser.jar.get('vigil_session'), undefined);
        // Only sign-in is limited: the signed-in admin keeps working.
        assert.equal((await admin.get('/admin/pages')).status, 200);
      });
    },
  );
}
