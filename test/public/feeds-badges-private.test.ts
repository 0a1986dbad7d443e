// Feeds, SVG badges and private pages on both databases: feeds and badges are well-formed XML with
// escaped text and permalinks, badges follow the status, and private pages need an admin session.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, type TestWeb } from '../support/web.js';
import { adminCookie, eventually, pageWhere } from './support/public-client.js';
import {
  childElements,
  onlyChild,
  parseXml,
  textOf,
  type XmlElement,
} from './support/strict-xml.js';

const BASE_URL = 'https://status.example.com';
const PAGE_NAME = 'Feeds & <Badges>';
const INCIDENT_NAME = 'Outage <b>&</b> "quoted" \'single\'';
const COMPONENT_NAME = 'API "edge" <1>';

async function xml(web: TestWeb, path: string, type: RegExp): Promise<XmlElement> {
  const response = await fetch(web.baseUrl + path);
  assert.equal(response.status, 200, path);
  assert.match(response.headers.get('content-type') ?? '', type);
  return parseXml(await response.text());
}

function badgeTitle(svg: XmlElement): string {
  return textOf(onlyChild(svg, 'title'));
}

for (const backend of await databaseBackends()) {
  describe(`feeds, badges and private pages on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let pageId: string;
    let componentId: string;
    let incidentId: string;

    before(async () => {
      web = await startTestWeb(await backend.create(), { VIGIL_BASE_URL: BASE_URL });
      const page = await web.services.pages.createPage({ slug: 'main', name: PAGE_NAME });
      pageId = page.id;
      componentId = (await web.services.pages.createComponent(pageId, { name: COMPONENT_NAME })).id;
      incidentId = (
        await web.services.incidents.createIncident(pageId, {
          name: INCIDENT_NAME,
          impact: 'minor',
          body: 'Slow responses. <script>alert(1)</script>',
        })
      ).id;
      await web.services.incidents.postUpdate(incidentId, {
        status: 'resolved',
        body: 'Resolved for good.',
      });
      await pageWhere(web, '/feed.rss', (body) => body.includes('Resolved for good'));
    });
    after(() => web?.close());

    it('serves an RSS 2.0 feed with escaped titles, permalinks and valid dates', async () => {
      const rss = await xml(web, '/feed.rss', /^application\/rss\+xml/);
      assert.equal(rss.name, 'rss');
      assert.equal(rss.attributes.version, '2.0');
      const channel = onlyChild(rss, 'channel');
      assert.match(textOf(onlyChild(channel, 'title')), /^Feeds & <Badges> Status/);
      assert.equal(textOf(onlyChild(channel, 'link')), `${BASE_URL}/`);
      const items = childElements(channel, 'item');
      assert.equal(items.length, 1);
      const item = items[0]!;
      assert.equal(textOf(onlyChild(item, 'title')), INCIDENT_NAME);
      const permalink = `${BASE_URL}/incidents/${incidentId}`;
      assert.equal(textOf(onlyChild(item, 'link')), permalink);
      assert.equal(textOf(onlyChild(item, 'guid')), permalink);
      const pubDate = textOf(onlyChild(item, 'pubDate'));
      assert.match(pubDate, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const incident = await web.services.incidents.get(incidentId);
      assert.equal(
        new Date(pubDate).getTime(),
        Math.floor(incident.created_at.getTime() / 1000) * 1000,
      );
      const description = textOf(onlyChild(item, 'description'));
      assert.match(description, /Resolved for good\./);
      assert.doesNotMatch(description, /<script/);

      const bySlug = await xml(web, '/s/main/feed.rss', /^application\/rss\+xml/);
      assert.equal(childElements(onlyChild(bySlug, 'channel'), 'item').length, 1);
    });

    it('serves an Atom feed with the same entries', async () => {
      const feed = await xml(web, '/feed.atom', /^application\/atom\+xml/);
      assert.equal(feed.name, 'feed');
      assert.equal(feed.attributes.xmlns, 'http://www.w3.org/2005/Atom');
      assert.ok(!Number.isNaN(Date.parse(textOf(onlyChild(feed, 'updated')))));
      const self = childElements(feed, 'link').find((link) => link.attributes.rel === 'self');
      assert.equal(self?.attributes.href, `${BASE_URL}/feed.atom`);
      const [entry] = childElements(feed, 'entry');
      assert.ok(entry);
      assert.equal(textOf(onlyChild(entry, 'title')), INCIDENT_NAME);
      assert.equal(textOf(onlyChild(entry, 'id')), `${BASE_URL}/incidents/${incidentId}`);
      assert.equal(onlyChild(entry, 'link').attributes.href, `${BASE_URL}/incidents/${incidentId}`);
      assert.match(textOf(onlyChild(entry, 'updated')), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
      const content = onlyChild(entry, 'content');
      assert.equal(content.attributes.type, 'html');
      assert.match(textOf(content), /<strong>Resolved<\/strong>/);
    });

    it('draws page and component badges coloured by status, readable from other sites', async () => {
      const response = await fetch(`${web.baseUrl}/badge.svg`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const etag = response.headers.get('etag')!;
      const svg = parseXml(await response.text());
      assert.equal(svg.name, 'svg');
      assert.equal(svg.attributes.role, 'img');
      assert.equal(badgeTitle(svg), `${PAGE_NAME}: operational`);
      assert.equal(svg.attributes['aria-label'], `${PAGE_NAME}: operational`);
      const fills = (element: XmlElement): string[] =>
        childElements(element, 'g')
          .flatMap((group) => childElements(group, 'rect'))
          .map((rect) => rect.attributes.fill ?? '');
      assert.ok(fills(svg).includes('#1a7f37'), 'green when operational');
      const cached = await fetch(`${web.baseUrl}/badge.svg`, {
        headers: { 'if-none-match': etag },
      });
      assert.equal(cached.status, 304);

      const component = await xml(web, `/components/${componentId}/badge.svg`, /^image\/svg/);
      assert.equal(badgeTitle(component), `${COMPONENT_NAME}: operational`);
      const texts = childElements(component, 'g').flatMap((group) => childElements(group, 'text'));
      assert.deepEqual(
        [...new Set(texts.map(textOf))],
        [COMPONENT_NAME, 'operational'],
        'label and status are written in the badge',
      );

      await web.services.pages.updateComponent(componentId, { status: 'major_outage' });
      const red = await eventually('the badge to turn red', async () => {
        const body = await (await fetch(`${web.baseUrl}/s/main/badge.svg`)).text();
        return body.includes('major outage') ? parseXml(body) : undefined;
      });
      assert.ok(fills(red).includes('#c4222f'), 'red during a major outage');
      const down = await xml(web, `/s/main/components/${componentId}/badge.svg`, /^image\/svg/);
      assert.equal(badgeTitle(down), `${COMPONENT_NAME}: major outage`);
      assert.ok(fills(down).includes('#c4222f'));

      for (const path of ['/components/nope/badge.svg', '/s/unknown/badge.svg']) {
        const missing = await fetch(web.baseUrl + path);
        assert.equal(missing.status, 404, path);
        const body = (await missing.json()) as { error: { code: string } };
        assert.equal(body.error.code, 'not_found');
      }
    });

    it('sends visitors of a private page to the login and refuses its feeds and badges', async () => {
      const secret = await web.services.pages.createPage({
        slug: 'secret',
        name: 'Secret page',
        is_private: true,
      });
      const component = await web.services.pages.createComponent(secret.id, { name: 'Vault' });
      for (const path of ['/s/secret', '/s/secret/history?page=1', '/s/secret/incidents/abc']) {
        const response = await fetch(web.baseUrl + path, { redirect: 'manual' });
        assert.equal(response.status, 302, path);
        assert.equal(
          response.headers.get('location'),
          `/admin/login?next=${encodeURIComponent(path)}`,
        );
        await response.arrayBuffer();
      }
      for (const path of [
        '/s/secret/feed.rss',
        '/s/secret/feed.atom',
        '/s/secret/badge.svg',
        `/s/secret/components/${component.id}/badge.svg`,
      ]) {
        const response = await fetch(web.baseUrl + path);
        assert.equal(response.status, 401, path);
        const body = (await response.json()) as { error: { code: string } };
        assert.equal(body.error.code, 'unauthorized');
      }

      const cookie = await adminCookie(web);
      const page = await fetch(`${web.baseUrl}/s/secret`, { headers: { cookie } });
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'private, no-cache');
      assert.match(await page.text(), /Secret page/);
      const badge = await fetch(`${web.baseUrl}/s/secret/badge.svg`, { headers: { cookie } });
      assert.equal(badge.status, 200);
      assert.equal(badge.headers.get('cache-control'), 'private, no-cache');
      assert.equal(badge.headers.get('access-control-allow-origin'), null);
      await badge.arrayBuffer();
      const feed = await fetch(`${web.baseUrl}/s/secret/feed.rss`, { headers: { cookie } });
      assert.equal(feed.status, 200);
      parseXml(await feed.text());
    });
  });
}
