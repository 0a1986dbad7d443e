// HTTP behaviour of the Statuspage v2 API: CDN caching (ETag, 304, Cache-Control), CORS for
// widgets, private and unknown pages, and changes showing up once the snapshot is rebuilt.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { seedStatusPages, type StatusFixture } from './fixture.js';
import { assertMatchesSchema, DOCUMENT_SHAPES } from './schema.js';

const CACHE_SECONDS = 17;
const PUBLIC_URL = 'https://status.example.com';

/**
 * Polls until `check` passes or the deadline; the last failure is rethrown. A rebuild after a
 * change notice takes milliseconds, but a loaded machine can stall it for seconds.
 */
async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

for (const backend of await databaseBackends()) {
  describe(`Statuspage v2 HTTP behaviour on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let fixture: StatusFixture;
    const url = (path: string) => `${web.baseUrl}${path}`;

    before(async () => {
      web = await startTestWeb(await backend.create(), {
        VIGIL_PUBLIC_CACHE_SECONDS: String(CACHE_SECONDS),
        VIGIL_BASE_URL: PUBLIC_URL,
      });
      fixture = await seedStatusPages(web.services);
    });
    after(() => web?.close());

    it('sends ETag, public Cache-Control and open CORS on every endpoint', async () => {
      for (const prefix of ['', '/s/main']) {
        for (const name of Object.keys(DOCUMENT_SHAPES)) {
          const response = await fetch(url(`${prefix}/api/v2/${name}.json`));
          assert.equal(response.status, 200);
          assert.match(response.headers.get('etag') ?? '', /^"[\w-]+"$/);
          const cacheControl = response.headers.get('cache-control') ?? '';
          assert.match(cacheControl, /^public\b/);
          // Shared caches (CDN) keep it for the configured time; browsers revalidate with a 304.
          assert.match(cacheControl, new RegExp(`\\bs-maxage=${CACHE_SECONDS}\\b`));
          assert.match(cacheControl, /(^|, )max-age=\d+\b/);
          assert.equal(response.headers.get('access-control-allow-origin'), '*');
          await response.arrayBuffer();
        }
      }
    });

    it('answers a matching If-None-Match with 304 and no body, a stale one with 200', async () => {
      const first = await fetch(url('/api/v2/summary.json'));
      const etag = first.headers.get('etag')!;
      const body = await first.text();
      const revalidated = await fetch(url('/api/v2/summary.json'), {
        headers: { 'if-none-match': etag },
      });
      assert.equal(revalidated.status, 304);
      assert.equal(await revalidated.text(), '');
      assert.equal(revalidated.headers.get('etag'), etag);
      assert.equal(revalidated.headers.get('access-control-allow-origin'), '*');
      const listed = await fetch(url('/api/v2/summary.json'), {
        headers: { 'if-none-match': `"stale", W/${etag}` },
      });
      assert.equal(listed.status, 304);
      await listed.arrayBuffer();
      const stale = await fetch(url('/api/v2/summary.json'), {
        headers: { 'if-none-match': '"stale"' },
      });
      assert.equal(stale.status, 200);
      assert.equal(await stale.text(), body);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const get = await fetch(url('/api/v2/components.json'));
      await get.arrayBuffer();
      const head = await fetch(url('/api/v2/components.json'), { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('etag'), get.headers.get('etag'));
      assert.equal(await head.text(), '');
    });

    it('answers CORS preflight for every endpoint', async () => {
      for (const path of ['/api/v2/summary.json', '/s/main/api/v2/incidents/unresolved.json']) {
        const response = await fetch(url(path), {
          method: 'OPTIONS',
          headers: {
            origin: 'https://widgets.example.org',
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'if-none-match',
          },
        });
        assert.equal(response.status, 204);
        assert.equal(response.headers.get('access-control-allow-origin'), '*');
        assert.equal(response.headers.get('access-control-allow-methods'), 'GET, HEAD, OPTIONS');
        assert.match(response.headers.get('access-control-allow-headers') ?? '', /if-none-match/i);
        assert.ok(Number(response.headers.get('access-control-max-age')) > 0);
      }
    });

    it('answers 404 with the error shape for an unknown page', async () => {
      const response = await fetch(url('/s/nope/api/v2/summary.json'));
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const body = await response.json();
      assertMatchesSchema('error', body, 'unknown page');
      assert.equal((body as { error: { code: string } }).error.code, 'not_found');
    });

    it('keeps a private page for signed-in admins and out of shared caches', async () => {
      const anonymous = await fetch(url('/s/internal/api/v2/components.json'));
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers.get('cache-control'), 'no-store');
      assertMatchesSchema('error', await anonymous.json(), 'private page, anonymous');

      const admin = await web.services.auth.verifyLogin(TEST_ADMIN.email, TEST_ADMIN.password);
      const { token } = await web.services.auth.startSession(admin.id);
      const signedIn = await fetch(url('/s/internal/api/v2/components.json'), {
        headers: { cookie: `vigil_session=${token}` },
      });
      assert.equal(signedIn.status, 200);
      assert.match(signedIn.headers.get('cache-control') ?? '', /^private\b/);
      assert.equal(signedIn.headers.get('access-control-allow-origin'), null);
      const body = (await signedIn.json()) as { components: { name: string }[] };
      assertMatchesSchema('componentsDocument', body, 'private page, signed in');
      assert.deepEqual(
        body.components.map((component) => component.name),
        ['VPN'],
      );

      const forged = await fetch(url('/s/internal/api/v2/status.json'), {
        headers: { cookie: 'vigil_session=not-a-session' },
      });
      assert.equal(forged.status, 401);
      await forged.arrayBuffer();
    });

    it('shows a change once the page snapshot is rebuilt, with a new ETag', async () => {
      const path = url('/s/main/api/v2/components.json');
      const before = await fetch(path);
      const oldEtag = before.headers.get('etag')!;
      await before.arrayBuffer();
      await web.services.pages.setComponentStatus(fixture.components.docs.id, 'major_outage');
      await eventually(async () => {
        const response = await fetch(path, { headers: { 'if-none-match': oldEtag } });
        assert.equal(response.status, 200, 'still the old version');
        assert.notEqual(response.headers.get('etag'), oldEtag);
        const body = (await response.json()) as { components: { id: string; status: string }[] };
        const docs = body.components.find((c) => c.id === fixture.components.docs.id);
        assert.equal(docs?.status, 'major_outage');
      });
      const status = (await (await fetch(url('/api/v2/status.json'))).json()) as {
        status: { indicator: string };
      };
      assert.equal(status.status.indicator, 'critical');
    });

    it('lists the 50 most recent incidents, newest first', async () => {
      const page = await web.services.pages.createPage({ slug: 'busy', name: 'Busy' });
      const start = Date.now() - 100 * 60_000;
      for (let i = 0; i < 52; i++) {
        await web.services.incidents.createIncident(
          page.id,
          { name: `Incident ${i}`, status: 'resolved', impact: 'none', body: 'Done.' },
          new Date(start + i * 60_000),
        );
      }
      await eventually(async () => {
        const response = await fetch(url('/s/busy/api/v2/incidents.json'));
        const body = (await response.json()) as { incidents: { name: string }[] };
        assertMatchesSchema(DOCUMENT_SHAPES.incidents!, body, 'busy incidents.json');
        assert.equal(body.incidents.length, 50);
        assert.equal(body.incidents[0]?.name, 'Incident 51');
        assert.equal(body.incidents[49]?.name, 'Incident 2');
      });
      const unresolved = await fetch(url('/s/busy/api/v2/incidents/unresolved.json'));
      assert.deepEqual(((await unresolved.json()) as { incidents: unknown[] }).incidents, []);
    });

    // Runs last: it moves the default page away from the fixture's main page.
    it('moves page URLs and shortlinks when another page becomes the default', async () => {
      type Status = { page: { id: string; url: string } };
      type Incidents = { incidents: { shortlink: string }[] };
      const read = async <T>(path: string) => (await (await fetch(url(path))).json()) as T;
      await web.services.pages.updatePage(fixture.empty.id, { is_default: true });
      await eventually(async () => {
        const root = await read<Status>('/api/v2/status.json');
        assert.deepEqual([root.page.id, root.page.url], [fixture.empty.id, PUBLIC_URL]);
        const main = await read<Status>('/s/main/api/v2/status.json');
        assert.equal(main.page.url, `${PUBLIC_URL}/s/main`);
        const { incidents } = await read<Incidents>('/s/main/api/v2/incidents/unresolved.json');
        assert.equal(
          incidents[0]?.shortlink,
          `${PUBLIC_URL}/s/main/incidents/${fixture.incidents.open.id}`,
        );
      });
    });
  });
}
