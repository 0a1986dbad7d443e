// Paged lists of the management API: the envelope, page boundaries, and a Link header a client
// can follow from the first page to the last without missing or repeating an item.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { API, serveForSuite, type Call } from './client.js';

/** `<url>; rel="x", ...` → { x: url } */
function parseLinks(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="(\w+)"/.exec(part);
    if (match) links[match[2]!] = match[1]!;
  }
  return links;
}

/** Follows rel="next" from `path`, returning every id seen and every page's envelope. */
async function walk(call: Call, path: string) {
  const ids: string[] = [];
  const pages = [];
  let next: string | undefined = path;
  while (next) {
    const response = await call('GET', next);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    pages.push({
      pagination: response.body.pagination,
      links: parseLinks(response.headers.get('link')),
    });
    ids.push(...response.body.data.map((item: { id: string }) => item.id));
    const link: string | undefined = pages.at(-1)!.links.next;
    assert.ok(!link || link.startsWith(`${API}/`), `next link ${link}`);
    next = link?.slice(API.length);
    assert.ok(pages.length < 20, 'the walk ends');
  }
  return { ids, pages };
}

for (const backend of await databaseBackends()) {
  describe(`management API pagination on ${backend.name}`, { skip: backend.skip }, () => {
    const server = serveForSuite(backend, { scope: 'read' });
    const { call } = server;
    let pageId: string;
    const componentIds: string[] = [];
    const incidentIds: string[] = [];

    before(async () => {
      const services = server.web.services;
      pageId = (await services.pages.createPage({ slug: 'paged', name: 'Paged' })).id;
      for (let i = 0; i < 7; i++) {
        componentIds.push((await services.pages.createComponent(pageId, { name: `C${i}` })).id);
      }
      for (let i = 0; i < 5; i++) {
        const started = new Date(Date.UTC(2024, 0, 1 + i)).toISOString();
        const incident = await services.incidents.createIncident(pageId, {
          name: `I${i}`,
          body: 'b',
          started_at: started,
          status: i % 2 === 0 ? 'resolved' : 'investigating',
        });
        incidentIds.push(incident.id);
      }
    });

    it('pages components with per_page and links first, prev, next and last', async () => {
      const { ids, pages } = await walk(call, `/pages/${pageId}/components?per_page=3`);
      assert.deepEqual(ids, componentIds, 'every component once, in position order');
      assert.deepEqual(
        pages.map((p) => p.pagination),
        [1, 2, 3].map((page) => ({ page, per_page: 3, total: 7, total_pages: 3 })),
      );
      assert.deepEqual(Object.keys(pages[0]!.links).sort(), ['first', 'last', 'next']);
      assert.deepEqual(Object.keys(pages[1]!.links).sort(), ['first', 'last', 'next', 'prev']);
      assert.deepEqual(Object.keys(pages[2]!.links).sort(), ['first', 'last', 'prev']);
      const path = `${API}/pages/${pageId}/components`;
      assert.equal(pages[1]!.links.prev, `${path}?per_page=3&page=1`);
      assert.equal(pages[1]!.links.last, `${path}?per_page=3&page=3`);
    });

    it('pages incidents in the database, newest first, keeping the status filter in links', async () => {
      const { ids, pages } = await walk(call, `/pages/${pageId}/incidents?per_page=2`);
      assert.equal(ids.length, 5);
      assert.deepEqual(new Set(ids), new Set(incidentIds));
      assert.equal(pages.length, 3);
      const open = await walk(call, `/pages/${pageId}/incidents?status=open&per_page=1`);
      assert.deepEqual(new Set(open.ids), new Set([incidentIds[1], incidentIds[3]]));
      assert.match(open.pages[0]!.links.next!, /status=open/);
    });

    it('uses 25 per page by default and answers an empty page past the end', async () => {
      const first = await call('GET', `/pages/${pageId}/components`);
      assert.deepEqual(first.body.pagination, { page: 1, per_page: 25, total: 7, total_pages: 1 });
      assert.equal(first.body.data.length, 7);
      assert.equal(parseLinks(first.headers.get('link')).next, undefined);
      const beyond = await call('GET', `/pages/${pageId}/components?page=9&per_page=5`);
      assert.equal(beyond.status, 200);
      assert.deepEqual(beyond.body.data, []);
      assert.equal(beyond.body.pagination.total, 7);
      assert.match(parseLinks(beyond.headers.get('link')).prev ?? '', /page=2\b/);
    });

    it('pages every list endpoint in the same envelope', async () => {
      for (const path of [
        '/pages',
        `/pages/${pageId}/groups`,
        `/pages/${pageId}/maintenances`,
        '/api-keys',
      ]) {
        const response = await call('GET', `${path}?per_page=100`);
        assert.equal(response.status, 200, path);
        assert.ok(Array.isArray(response.body.data), path);
        assert.deepEqual(Object.keys(response.body).sort(), ['data', 'pagination'], path);
        assert.equal(response.body.pagination.per_page, 100, path);
        assert.equal(response.body.pagination.total, response.body.data.length, path);
      }
    });
  });
}
