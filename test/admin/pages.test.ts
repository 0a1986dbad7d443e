// Status pages, groups and components through the admin forms, as an administrator would use them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, signIn } from './browser.js';

for (const backend of await databaseBackends()) {
  describe(`admin status pages on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    before(async () => {
      web = await startTestWeb(await backend.create());
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
    });
    after(() => web?.close());

    it('shows a rejected page form again with the message at the field and the input kept', async () => {
      const page = await browser.submit('/admin/pages/new', '/admin/pages', {
        name: 'Acme "Status" <b>',
        slug: 'Not A Slug',
        time_zone: 'Europe/Paris',
      });
      assert.equal(page.status, 400);
      assertHas(page.html, /class="error-summary"/);
      assertHas(page.html, /<a href="#f-slug">slug must be 1-63 lowercase letters/);
      assertHas(
        page.html,
        /id="f-slug"[^>]*aria-invalid="true"[^>]*aria-describedby="f-slug-hint f-slug-error"/,
      );
      assertHas(page.html, /id="f-slug-error"/);
      assertHas(
        page.html,
        /id="f-name" name="name" type="text" value="Acme &#34;Status&#34; (<|&lt;)b(>|&gt;)"/,
      );
      assertHas(page.html, /<option value="Europe\/Paris" selected>/);
      assert.equal((await web.services.pages.listPages()).length, 0, 'nothing written');
    });

    it('creates a page, a group and components, and sets a component status', async () => {
      const created = await browser.submit('/admin/pages/new', '/admin/pages', {
        name: 'Acme',
        slug: 'acme',
        description: 'Status of Acme',
        url: 'https://acme.example/',
        time_zone: 'Europe/Paris',
      });
      assert.equal(created.status, 200);
      const pageId = /^\/admin\/pages\/([a-z0-9]+)$/.exec(created.url)?.[1];
      assert.ok(pageId, `redirected to the page, got ${created.url}`);
      assertHas(created.html, /Page “Acme” created/, 'flash message shown after the redirect');
      assertHas(
        created.html,
        /href="\/">View public page/,
        'the first page is the default, served at /',
      );
      const stored = await web.services.pages.getPage(pageId);
      assert.equal(stored.time_zone, 'Europe/Paris');
      assert.equal(stored.is_default, true);

      // The flash shows once.
      assertHasNot((await browser.get(`/admin/pages/${pageId}`)).html, /Page “Acme” created/);

      const grouped = await browser.submit(
        `/admin/pages/${pageId}/groups/new`,
        `/admin/pages/${pageId}/groups`,
        {
          name: 'Core',
          description: '',
          position: '',
        },
      );
      assert.equal(grouped.status, 200);
      const [group] = await web.services.pages.listGroups(pageId);
      assert.equal(group?.name, 'Core');

      const component = await browser.submit(
        `/admin/pages/${pageId}/components/new`,
        `/admin/pages/${pageId}/components`,
        {
          name: 'API',
          description: 'Public REST API',
          status: 'operational',
          group_id: group!.id,
          position: '',
          start_date: '2024-05-01',
          showcase: 'true',
        },
      );
      assert.equal(component.status, 200);
      const [api] = await web.services.pages.listComponents(pageId);
      assert.equal(api?.group_id, group!.id);
      assert.equal(api?.start_date, '2024-05-01');
      assert.equal(api?.showcase, true);
      assert.equal(api?.only_show_if_degraded, false);

      const badPosition = await browser.submit(
        `/admin/pages/${pageId}/components/new`,
        `/admin/pages/${pageId}/components`,
        { name: 'Website', status: 'operational', group_id: '', position: 'first' },
      );
      assert.equal(badPosition.status, 400);
      assertHas(badPosition.html, /position must be an integer/);
      assertHas(badPosition.html, /value="Website"/);

      const detail = await browser.get(`/admin/pages/${pageId}`);
      assertHas(detail.html, /<h3 id="group-[a-z0-9]+">Core<\/h3>/);
      assert.ok(detail.html.includes(`action="/admin/components/${api!.id}/status"`));
      const set = await browser.submit(
        `/admin/pages/${pageId}`,
        `/admin/components/${api!.id}/status`,
        {
          status: 'partial_outage',
        },
      );
      assert.equal(set.url, `/admin/pages/${pageId}`);
      assertHas(set.html, /API is now partial outage/);
      assert.equal((await web.services.pages.getComponent(api!.id)).status, 'partial_outage');
    });

    it('edits a page, and makes a second page the default', async () => {
      const second = await browser.submit('/admin/pages/new', '/admin/pages', {
        name: 'Internal',
        slug: 'internal',
        time_zone: 'Etc/UTC',
        is_private: 'true',
      });
      const id = second.url.split('/').at(-1)!;
      assertHas(second.html, /href="\/s\/internal">View public page/);
      assert.equal((await web.services.pages.getPage(id)).is_private, true);

      const edited = await browser.submit(`/admin/pages/${id}/edit`, `/admin/pages/${id}/edit`, {
        name: 'Internal tools',
        slug: 'internal',
        time_zone: 'Etc/UTC',
        is_default: 'true',
      });
      assert.equal(edited.status, 200);
      const page = await web.services.pages.getPage(id);
      assert.equal(page.name, 'Internal tools');
      assert.equal(page.is_private, false, 'an unticked box means false');
      assert.equal(page.is_default, true);
    });

    it('answers 404 with an HTML page for unknown ids and paths', async () => {
      for (const path of [
        '/admin/pages/doesnotexist',
        '/admin/components/nope',
        '/admin/incidents/nope',
        '/admin/no-such-page',
      ]) {
        const page = await browser.get(path);
        assert.equal(page.status, 404, path);
        assert.match(page.headers.get('content-type') ?? '', /text\/html/);
        assertHas(page.html, /Not found/);
      }
    });

    it('deletes a component after confirmation', async () => {
      const [page] = await web.services.pages.listPages();
      const component = await web.services.pages.createComponent(page!.id, { name: 'Short-lived' });
      const confirm = await browser.get(`/admin/components/${component.id}/delete`);
      assertHas(confirm.html, /Delete Short-lived\?/);
      const done = await browser.submit(
        `/admin/components/${component.id}/delete`,
        `/admin/components/${component.id}/delete`,
        {},
      );
      assert.equal(done.status, 200);
      await assert.rejects(web.services.pages.getComponent(component.id));
    });

    it('deletes a group after confirmation, keeping its components on the page without a group', async () => {
      const [page] = await web.services.pages.listPages();
      const group = await web.services.pages.createGroup(page!.id, { name: 'Doomed group' });
      const member = await web.services.pages.createComponent(page!.id, {
        name: 'Survivor',
        group_id: group.id,
      });
      const confirm = await browser.get(`/admin/groups/${group.id}/delete`);
      assert.equal(confirm.status, 200);
      assertHas(confirm.html, /Delete group Doomed group\?/);
      assertHas(confirm.html, new RegExp(`href="/admin/groups/${group.id}">Cancel`));
      const done = await browser.submit(
        `/admin/groups/${group.id}/delete`,
        `/admin/groups/${group.id}/delete`,
        {},
      );
      assert.equal(done.url, `/admin/pages/${page!.id}`);
      assertHas(done.html, /Group “Doomed group” deleted\./);
      await assert.rejects(web.services.pages.getGroup(group.id));
      assert.equal((await web.services.pages.getComponent(member.id)).group_id, null);
    });

    it('deletes a page after confirmation and goes back to the list', async () => {
      const doomed = await web.services.pages.createPage({ slug: 'doomed', name: 'Doomed page' });
      const confirm = await browser.get(`/admin/pages/${doomed.id}/delete`);
      assertHas(confirm.html, /Delete Doomed page\?/);
      assertHas(confirm.html, />Delete page<\/button>/);
      const done = await browser.submit(
        `/admin/pages/${doomed.id}/delete`,
        `/admin/pages/${doomed.id}/delete`,
        {},
      );
      assert.equal(done.url, '/admin/pages');
      assertHas(done.html, /Page “Doomed page” deleted\./);
      await assert.rejects(web.services.pages.getPage(doomed.id));
      const again = await browser.get(`/admin/pages/${doomed.id}/delete`);
      assert.equal(again.status, 404, 'the confirmation of a deleted page is not found');
    });

    it('serves the stylesheet with a long cache and an ETag', async () => {
      const css = await fetch(`${web.baseUrl}/admin/assets/admin.css`);
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type') ?? '', /text\/css/);
      assert.match(css.headers.get('cache-control') ?? '', /max-age=31536000/);
      const etag = css.headers.get('etag');
      assert.ok(etag);
      assert.match(await css.text(), /prefers-color-scheme: dark/);
      const again = await fetch(`${web.baseUrl}/admin/assets/admin.css`, {
        headers: { 'if-none-match': etag },
      });
      assert.equal(again.status, 304);
    });
  });
}
