// Status-page subscribers in the admin, on both backends: the list with search, filters, count and
// paging, the CSV export of what the filters match, a link to each one's deliveries, removal
// after confirmation (CSRF-protected), and no subscriber token on any page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import {
  EXPECTED_CSV,
  seedSubscribers,
  type SeededSubscribers,
} from '../support/subscriber-seed.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, signIn } from './browser.js';

/** The addresses in the list's table, in order. */
const addresses = (html: string): string[] =>
  [...html.matchAll(/<th scope="row"><span>([^<]*)<\/span><\/th>/g)].map((m) => m[1]!);

for (const backend of await databaseBackends()) {
  describe(`admin subscribers on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    let seeded: SeededSubscribers;
    before(async () => {
      web = await startTestWeb(await backend.create());
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
      seeded = await seedSubscribers(web);
    });
    after(() => web?.close());

    it('lists every subscriber newest first with the count, and no token', async () => {
      const page = await browser.get('/admin/subscribers');
      assert.equal(page.status, 200);
      assertHas(page.html, /<a href="\/admin\/subscribers" aria-current="page">Subscribers<\/a>/);
      assertHas(page.html, /<h2 id="subscribers-title">5 subscribers<\/h2>/);
      assert.deepEqual(addresses(page.html), [
        'https://hooks.example.net/status',
        '&#34;a,b&#34;@example.com',
        '=1+1@example.com',
        'bob@example.org',
        'ann@example.com',
      ]);
      assertHas(page.html, /<td data-label="Components">API, Web, &#34;edge&#34;<\/td>/);
      assertHas(page.html, /<td data-label="Status">Not confirmed<\/td>/);
      assertHas(page.html, /href="\/admin\/subscribers\.csv" download="subscribers\.csv"/);
      for (const token of seeded.tokens) assert.ok(!page.html.includes(token), 'no token');
    });

    it('links each subscriber to its deliveries', async () => {
      const page = await browser.get('/admin/subscribers');
      const links = [...page.html.matchAll(/href="\/admin\/deliveries\?subscriber=([^"]+)"/g)];
      assert.deepEqual(
        links.map((m) => m[1]),
        ['sub-hook', 'sub-quoted', 'sub-formula', 'sub-bob', 'sub-ann'],
      );
      assertHas(
        page.html,
        /<a class="button small" href="\/admin\/deliveries\?subscriber=sub-ann" aria-label="Deliveries to ann@example\.com">Deliveries<\/a>/,
      );
      const log = await browser.get('/admin/deliveries?subscriber=sub-ann');
      assert.equal(log.status, 200);
      assertHas(log.html, /Every event for ann@example\.com, newest first/);
      assertHas(log.html, /<h2 id="deliveries-title">0 deliveries<\/h2>/);
    });

    it('searches the address and filters by page, status and kind', async () => {
      const bob = await browser.get('/admin/subscribers?q=EXAMPLE.ORG');
      assert.deepEqual(addresses(bob.html), ['bob@example.org']);
      assertHas(bob.html, /<h2 id="subscribers-title">1 subscriber matches<\/h2>/);
      assertHas(bob.html, /<input id="f-q" name="q" type="search" value="EXAMPLE.ORG"/);
      assertHas(bob.html, /href="\/admin\/subscribers\.csv\?q=EXAMPLE\.ORG"/);
      const none = await browser.get('/admin/subscribers?q=%25');
      assertHas(none.html, /No subscriber matches\./);
      const shop = await browser.get(`/admin/subscribers?page=${seeded.otherPageId}`);
      assert.deepEqual(addresses(shop.html), ['https://hooks.example.net/status']);
      assertHas(
        shop.html,
        new RegExp(`<option value="${seeded.otherPageId}" selected>Shop</option>`),
      );
      const confirmedMail = await browser.get('/admin/subscribers?status=confirmed&kind=email');
      assert.deepEqual(addresses(confirmedMail.html), [
        '&#34;a,b&#34;@example.com',
        '=1+1@example.com',
        'ann@example.com',
      ]);
      assertHas(confirmedMail.html, /3 subscribers match/);
      const bad = await browser.get('/admin/subscribers?status=gone');
      assert.equal(bad.status, 400);
      assertHas(bad.html, /status must be one of pending, confirmed/);
    });

    it('pages a long list', async () => {
      const { db } = web.database;
      const rows = Array.from({ length: 50 }, (_, i) => ({
        id: `bulk-${String(i).padStart(2, '0')}`,
        page_id: seeded.pageId,
        kind: 'email' as const,
        address: `bulk${i}@example.net`,
        unsubscribe_token: `bulk-unsubscribe-${i}`,
        confirm_token: `bulk-confirm-${i}`,
        confirm_expires_at: new Date('2030-01-01T00:00:00Z'),
        created_at: new Date(`2025-06-01T00:00:${String(i).padStart(2, '0')}Z`),
      }));
      await db.insertInto('subscribers').values(rows).execute();
      const first = await browser.get('/admin/subscribers');
      assertHas(first.html, /55 subscribers/);
      assert.equal(addresses(first.html).length, 50);
      assertHas(first.html, /<span>Page 1 of 2<\/span>/);
      const second = await browser.get('/admin/subscribers?p=2');
      assert.deepEqual(addresses(second.html), [
        'bulk4@example.net',
        'bulk3@example.net',
        'bulk2@example.net',
        'bulk1@example.net',
        'bulk0@example.net',
      ]);
      const filtered = await browser.get('/admin/subscribers?q=bulk&p=2');
      assert.deepEqual(addresses(filtered.html), []);
      assertHas(filtered.html, /50 subscribers match/);
      await db.deleteFrom('subscribers').where('id', 'like', 'bulk-%').execute();
    });

    it('exports the matches as CSV, exactly', async () => {
      const all = await browser.request('GET', '/admin/subscribers.csv');
      assert.equal(all.status, 200);
      assert.equal(all.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(
        all.headers.get('content-disposition'),
        'attachment; filename="subscribers.csv"',
      );
      assert.equal(all.headers.get('cache-control'), 'no-store');
      assert.equal(await all.text(), EXPECTED_CSV);
      const formula = await browser.request('GET', '/admin/subscribers.csv?q=%3D1');
      assert.equal(
        await formula.text(),
        'id,page,kind,address,status,components,created_at,confirmed_at\r\n' +
          'sub-formula,main,email,\'=1+1@example.com,confirmed,"API; Web, ""edge""",2026-01-03T10:00:00.000Z,2026-01-03T10:00:00.000Z\r\n',
      );
      const signedOut = new Browser(web.baseUrl);
      const refused = await signedOut.request('GET', '/admin/subscribers.csv');
      assert.equal(refused.status, 303, 'signed-out visitors are sent to sign in');
      assert.match(refused.headers.get('location') ?? '', /^\/admin\/login/);
    });

    it('removes a subscriber after confirmation, never without the CSRF token', async () => {
      const path = `/admin/subscribers/${seeded.ids.bob}/remove`;
      assert.equal((await browser.post(path, {})).status, 403);
      const confirm = await browser.get(path);
      assertHas(confirm.html, /<h1>Remove bob@example\.org\?<\/h1>/);
      const removed = await browser.submit(path, path, {});
      assert.equal(removed.url, '/admin/subscribers');
      assertHas(removed.html, /bob@example\.org no longer subscribes\./);
      assertHasNot(removed.html, /bob@example\.org<\/span><\/th>/);
      assert.equal(
        await web.database.db
          .selectFrom('subscribers')
          .select('id')
          .where('id', '=', seeded.ids.bob)
          .executeTakeFirst(),
        undefined,
      );
      assert.equal((await browser.get(path)).status, 404);
    });
  });
}
