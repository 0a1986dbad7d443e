// Admins managing admins through the forms: a new admin can sign in, nobody removes themselves or
// the last admin, and a removed admin's session stops working at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, signIn } from './browser.js';

const PASSWORD = 'a long enough password';

for (const backend of await databaseBackends()) {
  describe(`admin users on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    let selfId: string;

    before(async () => {
      web = await startTestWeb(await backend.create());
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
      selfId = (await web.services.auth.verifyLogin(TEST_ADMIN.email, TEST_ADMIN.password)).id;
    });
    after(() => web?.close());

    /** Leaves only the test admin, so each test starts from a known set of admins. */
    async function onlyTestAdmin(): Promise<void> {
      for (const admin of await web.services.auth.listAdmins()) {
        if (admin.id !== selfId) await web.services.auth.removeAdmin(admin.id, selfId);
      }
    }

    async function signedInAs(email: string): Promise<Browser> {
      const other = new Browser(web.baseUrl);
      const home = await signIn(other, email, PASSWORD);
      assert.equal(home.status, 200, `${email} signs in`);
      assert.equal(home.url, '/admin');
      return other;
    }

    it('lists the admins and adds one who can then sign in', async () => {
      const list = await browser.get('/admin/users');
      assert.equal(list.status, 200);
      assertHas(list.html, /<a href="\/admin\/users" aria-current="page">Admins<\/a>/);
      assertHas(
        list.html,
        new RegExp(`<span>${TEST_ADMIN.email}</span><span class="tag">You</span>`),
      );
      assertHasNot(
        list.html,
        new RegExp(`/admin/users/${selfId}/remove`),
        'no Remove for yourself',
      );

      const added = await browser.submit('/admin/users/new', '/admin/users', {
        email: 'Ops@Example.com',
        name: 'Ops <b>Person</b>',
        password: PASSWORD,
        password_confirm: PASSWORD,
      });
      assert.equal(added.status, 200);
      assert.equal(added.url, '/admin/users');
      assertHas(added.html, /Admin ops@example\.com added; they can sign in now\./);
      assertHas(added.html, /<span>ops@example\.com<\/span>/);
      assertHas(added.html, /Ops &lt;b>Person&lt;\/b>/, 'the name is text, not markup');
      const ops = (await web.services.auth.listAdmins()).find((a) => a.email === 'ops@example.com');
      assert.ok(ops);
      assertHas(added.html, new RegExp(`href="/admin/users/${ops.id}/remove"`));
      assertHas(added.html, /<time datetime="\d{4}-\d\d-\d\dT/, 'when it was added');

      await signedInAs('ops@example.com');
    });

    it('shows the add form again on a bad submission, keeping the e-mail but never a password', async () => {
      const before = (await web.services.auth.listAdmins()).length;
      const mismatch = await browser.submit('/admin/users/new', '/admin/users', {
        email: 'new@example.com',
        name: '',
        password: PASSWORD,
        password_confirm: `${PASSWORD}!`,
      });
      assert.equal(mismatch.status, 400);
      assertHas(mismatch.html, /id="f-password_confirm"[^>]*aria-invalid="true"/);
      assertHas(mismatch.html, /the two passwords are not the same/);
      assertHas(mismatch.html, /name="email" type="email" value="new@example\.com"/);
      assertHasNot(mismatch.html, new RegExp(PASSWORD), 'passwords are not sent back');

      const short = await browser.submit('/admin/users/new', '/admin/users', {
        email: 'new@example.com',
        password: 'short',
        password_confirm: 'short',
      });
      assert.equal(short.status, 400);
      assertHas(short.html, /id="f-password"[^>]*aria-invalid="true"/);

      const taken = await browser.submit('/admin/users/new', '/admin/users', {
        email: TEST_ADMIN.email.toUpperCase(),
        password: PASSWORD,
        password_confirm: PASSWORD,
      });
      assert.equal(taken.status, 409);
      assertHas(taken.html, /id="f-email"[^>]*aria-invalid="true"/);
      assert.equal((await web.services.auth.listAdmins()).length, before, 'nobody was added');
    });

    it('refuses to let an admin remove themselves, before and after confirming', async () => {
      const confirm = await browser.get(`/admin/users/${selfId}/remove`);
      assert.equal(confirm.status, 409);
      assertHas(confirm.html, /you cannot remove your own account; another admin can/);
      assertHasNot(confirm.html, />Remove admin<\/button>/);

      // A hand-made post (valid CSRF token from another page) is refused the same way.
      const post = await browser.post(
        `/admin/users/${selfId}/remove`,
        {},
        (await browser.get('/admin/users')).html,
      );
      assert.equal(post.status, 409);
      assertHas(await post.text(), /you cannot remove your own account/);
      assert.ok(await web.services.auth.getAdmin(selfId), 'still there');
      assert.equal((await browser.get('/admin')).status, 200, 'and still signed in');
    });

    it('removes another admin after confirmation, which ends their sessions at once', async () => {
      await onlyTestAdmin();
      const gone = await web.services.auth.createAdmin({
        email: 'gone@example.com',
        password: PASSWORD,
      });
      const theirs = await signedInAs('gone@example.com');
      assert.equal((await theirs.get('/admin/pages')).status, 200);

      const confirm = await browser.get(`/admin/users/${gone.id}/remove`);
      assert.equal(confirm.status, 200);
      assertHas(confirm.html, /<h1>Remove gone@example\.com\?<\/h1>/);
      assertHas(confirm.html, /<a class="button subtle" href="\/admin\/users">/, 'Cancel');

      // Without the form's CSRF token nothing happens.
      const forged = await browser.post(`/admin/users/${gone.id}/remove`, {});
      assert.equal(forged.status, 403);
      await forged.arrayBuffer();
      assert.ok(await web.services.auth.getAdmin(gone.id), 'not removed by a forged post');

      const removed = await browser.submit(
        `/admin/users/${gone.id}/remove`,
        `/admin/users/${gone.id}/remove`,
        {},
      );
      assert.equal(removed.url, '/admin/users');
      assertHas(removed.html, /Admin gone@example\.com removed\./);
      assertHasNot(removed.html, /<span>gone@example\.com<\/span>/);

      const after = await theirs.request('GET', '/admin/pages');
      assert.equal(after.status, 303, 'their session no longer works');
      assert.match(after.headers.get('location') ?? '', /^\/admin\/login/);
      const sessions = await web.database.db
        .selectFrom('sessions')
        .select('token_hash')
        .where('user_id', '=', gone.id)
        .execute();
      assert.equal(sessions.length, 0);
      assert.equal(
        (await signIn(new Browser(web.baseUrl), 'gone@example.com', PASSWORD)).status,
        401,
      );
      assert.equal((await browser.get(`/admin/users/${gone.id}/remove`)).status, 404);
    });

    it('keeps the last admin when the last two remove each other at the same moment', async () => {
      await onlyTestAdmin();
      const other = await web.services.auth.createAdmin({
        email: 'pair@example.com',
        password: PASSWORD,
      });
      const theirs = await signedInAs('pair@example.com');
      const ourForm = (await browser.get(`/admin/users/${other.id}/remove`)).html;
      const theirForm = (await theirs.get(`/admin/users/${selfId}/remove`)).html;

      const answers = await Promise.all([
        browser.post(`/admin/users/${other.id}/remove`, {}, ourForm),
        theirs.post(`/admin/users/${selfId}/remove`, {}, theirForm),
      ]);
      const outcomes = await Promise.all(
        answers.map(async (answer) => ({
          status: answer.status,
          location: answer.headers.get('location'),
          html: await answer.text(),
        })),
      );
      const admins = await web.services.auth.listAdmins();
      assert.equal(admins.length, 1, 'exactly one admin is left');
      const removedOne = outcomes.filter((o) => o.status === 303 && o.location === '/admin/users');
      assert.equal(removedOne.length, 1, 'one removal went through');
      const refused = outcomes.find((o) => o !== removedOne[0])!;
      // The loser was either refused as the last admin, or had already been signed out by removal.
      if (refused.status === 409) {
        assertHas(refused.html, /the last admin cannot be removed; add another admin first/);
      } else {
        assert.equal(refused.status, 303);
        assert.match(refused.location ?? '', /^\/admin\/login/);
      }
    });
  });
}
