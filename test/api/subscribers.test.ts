// Status-page subscribers through the management API, on both backends: search and filters with
// paging, one subscriber, removal, the CSV export byte for byte (RFC 4180 quoting, spreadsheet
// formulas defused), tokens in no answer, and the key every route needs (scope write, even to
// read: the addresses are personal data).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import {
  EXPECTED_CSV,
  seedSubscribers,
  type SeededSubscribers,
} from '../support/subscriber-seed.js';
import { apiClient, errorOf, newKey, serveForSuite } from './client.js';

for (const backend of await databaseBackends()) {
  describe(`management API of subscribers on ${backend.name}`, { skip: backend.skip }, () => {
    const server = serveForSuite(backend);
    const { call } = server;
    let seeded: SeededSubscribers;
    const ids = async (query: string) => {
      const response = await call('GET', `/subscribers${query}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.data.map((s: { id: string }) => s.id);
    };

    it('lists subscribers newest first, searching the address and filtering', async () => {
      seeded = await seedSubscribers(server.web);
      assert.deepEqual(await ids(''), [
        'sub-hook',
        'sub-quoted',
        'sub-formula',
        'sub-bob',
        'sub-ann',
      ]);
      assert.deepEqual(await ids('?search=EXAMPLE.ORG'), ['sub-bob'], 'any case');
      assert.deepEqual(await ids('?search=%25'), [], 'a % is a literal, not a wildcard');
      assert.deepEqual(await ids('?search=a%2Cb'), ['sub-quoted']);
      assert.deepEqual(await ids('?status=pending'), ['sub-bob']);
      assert.deepEqual(await ids('?kind=webhook'), ['sub-hook']);
      assert.deepEqual(await ids(`?page_id=${seeded.otherPageId}`), ['sub-hook']);
      assert.deepEqual(await ids(`?page_id=${seeded.pageId}&status=confirmed&search=example.com`), [
        'sub-quoted',
        'sub-formula',
        'sub-ann',
      ]);
      const bad = await call('GET', '/subscribers?status=unsubscribed');
      assert.equal(bad.status, 400);
      assert.match(errorOf(bad).message, /status/);
    });

    it('pages the list with a total and Link header, and reads one without its tokens', async () => {
      const first = await call('GET', '/subscribers?per_page=2');
      assert.deepEqual(first.body.pagination, { page: 1, per_page: 2, total: 5, total_pages: 3 });
      assert.deepEqual(
        first.body.data.map((s: { id: string }) => s.id),
        ['sub-hook', 'sub-quoted'],
      );
      assert.match(
        first.headers.get('link') ?? '',
        /<\/api\/v1\/subscribers\?per_page=2&page=2>; rel="next"/,
      );
      const one = await call('GET', `/subscribers/${seeded.ids.bob}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, {
        id: 'sub-bob',
        page_id: seeded.pageId,
        kind: 'email',
        address: 'bob@example.org',
        status: 'pending',
        component_ids: [],
        created_at: '2026-01-02T10:00:00.000Z',
        updated_at: one.body.updated_at,
        confirmed_at: null,
      });
      for (const answer of [first.body, one.body, (await call('GET', '/subscribers')).body]) {
        const text = JSON.stringify(answer);
        for (const token of seeded.tokens) assert.ok(!text.includes(token), 'no token');
      }
      assert.equal((await call('GET', '/subscribers/nobody')).status, 404);
    });

    it('exports CSV exactly: header, RFC 4180 quoting, formulas defused, as an attachment', async () => {
      const csv = await call('GET', '/subscribers.csv');
      assert.equal(csv.status, 200);
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(
        csv.headers.get('content-disposition'),
        'attachment; filename="subscribers.csv"',
      );
      assert.equal(csv.headers.get('cache-control'), 'no-store');
      assert.equal(csv.body, EXPECTED_CSV);
      const filtered = await call('GET', '/subscribers.csv?status=pending');
      assert.equal(
        filtered.body,
        'id,page,kind,address,status,components,created_at,confirmed_at\r\n' +
          'sub-bob,main,email,bob@example.org,pending,,2026-01-02T10:00:00.000Z,\r\n',
      );
      const bad = await call('GET', '/subscribers.csv?kind=pigeon');
      assert.equal(bad.status, 400);
      const doc = (await (await fetch(`${server.web.baseUrl}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, { get: { responses: Record<string, { content: object }> } }>;
      };
      assert.ok('text/csv' in doc.paths['/api/v1/subscribers.csv']!.get.responses['200']!.content);
    });

    it('needs a key of scope write for every route: addresses are personal data', async () => {
      for (const path of ['/subscribers', '/subscribers.csv', `/subscribers/${seeded.ids.ann}`]) {
        const anonymous = await call('GET', path, { key: undefined });
        assert.equal(anonymous.status, 401, path);
        assert.ok(!String(JSON.stringify(anonymous.body)).includes('ann@'), path);
      }
      assert.equal(
        (await call('DELETE', `/subscribers/${seeded.ids.ann}`, { key: undefined })).status,
        401,
      );
      const read = apiClient(server.web, await newKey(server.web, 'read'));
      for (const path of ['/subscribers', '/subscribers.csv', `/subscribers/${seeded.ids.ann}`]) {
        const refused = await read('GET', path);
        assert.equal(refused.status, 403, path);
        assert.match(errorOf(refused).message, /scope write/, path);
        assert.ok(!String(JSON.stringify(refused.body)).includes('ann@'), path);
      }
      assert.equal((await read('GET', '/pages')).status, 200, 'the key reads everything else');
      assert.equal((await read('DELETE', `/subscribers/${seeded.ids.ann}`)).status, 403);
      assert.equal((await call('GET', `/subscribers/${seeded.ids.ann}`)).status, 200, 'kept');
    });

    it('removes a subscriber', async () => {
      assert.equal((await call('DELETE', `/subscribers/${seeded.ids.ann}`)).status, 204);
      assert.equal((await call('GET', `/subscribers/${seeded.ids.ann}`)).status, 404);
      assert.equal((await call('DELETE', `/subscribers/${seeded.ids.ann}`)).status, 404);
      assert.deepEqual(await ids(''), ['sub-hook', 'sub-quoted', 'sub-formula', 'sub-bob']);
    });
  });
}
