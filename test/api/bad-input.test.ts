// Rejected requests to the management API: 4xx with the field named, unknown ids 404, wrong
// content types 415, oversized bodies 413, and nothing partly written in any of these cases.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import type { TestWeb } from '../support/web.js';
import { errorOf, serveForSuite, type ApiResponse } from './client.js';

function assertRejected(response: ApiResponse, status: number, field?: string): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  const error = errorOf(response);
  if (field !== undefined) assert.equal(error.field, field, error.message);
}

/** Schema errors also say the field in their message, for people reading logs. */
function assertSchemaRejected(response: ApiResponse, field: string): void {
  assertRejected(response, 400, field);
  assert.equal(errorOf(response).code, 'validation_failed');
  assert.ok(errorOf(response).message.includes(field), errorOf(response).message);
}

async function rowCounts(web: TestWeb) {
  const db = web.database.db;
  const count = async (table: 'pages' | 'components' | 'incidents' | 'incident_updates') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    pages: await count('pages'),
    components: await count('components'),
    incidents: await count('incidents'),
    updates: await count('incident_updates'),
  };
}

const SOON = new Date(Date.now() + 3_600_000).toISOString();
const LATER = new Date(Date.now() + 7_200_000).toISOString();

for (const backend of await databaseBackends()) {
  describe(`management API bad input on ${backend.name}`, { skip: backend.skip }, () => {
    const server = serveForSuite(backend);
    const { call } = server;
    let pageId: string;
    let otherPageId: string;
    let apiId: string;
    let webId: string;
    let foreignComponentId: string;
    let incidentId: string;

    before(async () => {
      const { services } = server.web;
      const pages = services.pages;
      pageId = (await pages.createPage({ slug: 'bad', name: 'Bad' })).id;
      otherPageId = (await pages.createPage({ slug: 'other', name: 'Other' })).id;
      apiId = (await pages.createComponent(pageId, { name: 'API' })).id;
      webId = (await pages.createComponent(pageId, { name: 'Web' })).id;
      foreignComponentId = (await pages.createComponent(otherPageId, { name: 'Elsewhere' })).id;
      incidentId = (
        await services.incidents.createIncident(pageId, { name: 'Slow', body: 'Looking' })
      ).id;
    });

    it('names a missing, unknown or wrongly typed field (no type coercion of bodies)', async () => {
      const before = await rowCounts(server.web);
      const cases: Array<[string, string, unknown, string]> = [
        ['POST', '/pages', { slug: 'x' }, 'name'],
        ['POST', '/pages', { name: 'X' }, 'slug'],
        ['POST', '/pages', { slug: 'x', name: 'X', colour: 'red' }, 'colour'],
        ['POST', '/pages', { slug: 'x', name: 42 }, 'name'],
        ['POST', `/pages/${pageId}/components`, { name: 'C', position: '3' }, 'position'],
        ['POST', `/pages/${pageId}/components`, { name: 'C', showcase: 'yes' }, 'showcase'],
        ['POST', `/pages/${pageId}/components`, { name: 'C', group_id: 7 }, 'group_id'],
        ['POST', `/pages/${pageId}/incidents`, { name: 'I' }, 'body'],
        [
          'POST',
          `/pages/${pageId}/incidents`,
          { name: 'I', body: 'b', component_ids: 'x' },
          'component_ids',
        ],
        [
          'POST',
          `/pages/${pageId}/incidents`,
          { name: 'I', body: 'b', components: [] },
          'components',
        ],
        ['POST', `/incidents/${incidentId}/updates`, { status: 'resolved' }, 'body'],
        ['POST', '/api-keys', { scope: 'read' }, 'name'],
        ['POST', '/api-keys', { name: 'k', scope: 'read', expires: 'never' }, 'expires'],
      ];
      for (const [method, path, json, field] of cases) {
        assertSchemaRejected(await call(method, path, { json }), field);
      }
      assert.deepEqual(await rowCounts(server.web), before);
    });

    it('names the field of a value outside its enum or a malformed date', async () => {
      const cases: Array<[string, string, unknown, string]> = [
        ['PATCH', `/components/${apiId}`, { status: 'on_fire' }, 'status'],
        [
          'POST',
          `/pages/${pageId}/incidents`,
          { name: 'I', body: 'b', impact: 'apocalyptic' },
          'impact',
        ],
        // A maintenance status is not an incident status.
        ['POST', `/incidents/${incidentId}/updates`, { status: 'completed', body: 'b' }, 'status'],
        ['POST', '/api-keys', { name: 'k', scope: 'admin' }, 'scope'],
        [
          'POST',
          `/incidents/${incidentId}/updates`,
          { body: 'b', components: { [apiId]: 'broken' } },
          `components.${apiId}`,
        ],
        [
          'POST',
          `/incidents/${incidentId}/updates`,
          { body: 'b', display_at: 'yesterday' },
          'display_at',
        ],
        ['PATCH', `/incidents/${incidentId}`, { started_at: '2024-02-30T25:00:00Z' }, 'started_at'],
        [
          'POST',
          `/pages/${pageId}/maintenances`,
          { name: 'M', body: 'b', scheduled_for: '2024-13-01T00:00:00Z', scheduled_until: LATER },
          'scheduled_for',
        ],
        ['PATCH', `/components/${apiId}`, { start_date: '15/01/2024' }, 'start_date'],
      ];
      for (const [method, path, json, field] of cases) {
        assertSchemaRejected(await call(method, path, { json }), field);
      }
      const component = await server.web.services.pages.getComponent(apiId);
      assert.equal(component.status, 'operational');
      assert.equal(component.start_date, null);
    });

    it('passes on the services’ own rules with the field named', async () => {
      const cases: Array<[string, string, unknown, number, string]> = [
        ['POST', '/pages', { slug: 'bad', name: 'Taken' }, 409, 'slug'],
        ['POST', '/pages', { slug: 'tz', name: 'TZ', time_zone: 'Mars/Olympus' }, 400, 'time_zone'],
        ['POST', '/pages', { slug: 'u', name: 'U', url: 'ftp://example.com' }, 400, 'url'],
        ['PATCH', `/pages/${pageId}`, { is_default: false }, 400, 'is_default'],
        ['POST', `/pages/${pageId}/components`, { name: 'API' }, 409, 'name'],
        ['POST', `/pages/${pageId}/components`, { name: '   ' }, 400, 'name'],
        [
          'POST',
          `/pages/${pageId}/maintenances`,
          { name: 'M', body: 'b', scheduled_for: LATER, scheduled_until: SOON },
          400,
          'scheduled_until',
        ],
        [
          'POST',
          `/pages/${pageId}/maintenances`,
          {
            name: 'M',
            body: 'b',
            scheduled_for: SOON,
            scheduled_until: LATER,
            component_ids: [foreignComponentId],
          },
          400,
          'component_ids',
        ],
      ];
      for (const [method, path, json, status, field] of cases) {
        assertRejected(await call(method, path, { json }), status, field);
      }
    });

    it('answers 404 for unknown ids and routes', async () => {
      const paths: Array<[string, string, unknown?]> = [
        ['GET', '/pages/nosuchpage'],
        ['PATCH', '/pages/nosuchpage', { name: 'x' }],
        ['DELETE', '/pages/nosuchpage'],
        ['GET', '/pages/nosuchpage/groups'],
        ['POST', '/pages/nosuchpage/groups', { name: 'g' }],
        ['GET', '/pages/nosuchpage/components'],
        ['POST', '/pages/nosuchpage/components', { name: 'c' }],
        ['GET', '/pages/nosuchpage/incidents'],
        ['POST', '/pages/nosuchpage/incidents', { name: 'i', body: 'b' }],
        ['GET', '/pages/nosuchpage/maintenances'],
        ['GET', '/groups/nosuchgroup'],
        ['PATCH', '/groups/nosuchgroup', { name: 'x' }],
        ['DELETE', '/components/nosuchcomponent'],
        ['PATCH', '/components/nosuchcomponent', { status: 'major_outage' }],
        ['GET', '/incidents/nosuchincident'],
        ['POST', '/incidents/nosuchincident/updates', { body: 'b' }],
        ['PATCH', `/incidents/${incidentId}/updates/nosuchupdate`, { body: 'b' }],
        ['GET', '/maintenances/nosuchmaintenance'],
        ['GET', '/api-keys/nosuchkey'],
        ['DELETE', '/api-keys/nosuchkey'],
        ['GET', '/no-such-collection'],
      ];
      for (const [method, path, json] of paths) {
        const response = await call(method, path, json ? { json } : {});
        assertRejected(response, 404);
        assert.equal(errorOf(response).code, 'not_found', `${method} ${path}`);
      }
    });

    it('answers 400 naming the query parameter of a bad page, per_page or status', async () => {
      for (const [query, field] of [
        ['per_page=0', 'per_page'],
        ['per_page=101', 'per_page'],
        ['per_page=ten', 'per_page'],
        ['page=0', 'page'],
        ['page=1.5', 'page'],
        ['page=0x10', 'page'],
        ['sort=name', 'sort'],
      ] as const) {
        assertSchemaRejected(await call('GET', `/pages?${query}`), field);
      }
      assertSchemaRejected(await call('GET', `/pages/${pageId}/incidents?status=closed`), 'status');
    });

    it('accepts only JSON bodies (415 otherwise) and rejects malformed JSON', async () => {
      const before = await rowCounts(server.web);
      for (const [raw, contentType] of [
        ['slug=form&name=Form', 'application/x-www-form-urlencoded'],
        ['slug=text', 'text/plain'],
        ['<page/>', 'application/xml'],
      ]) {
        const response = await call('POST', '/pages', { raw, contentType });
        assertRejected(response, 415);
        assert.equal(errorOf(response).code, 'unsupported_media_type');
      }
      const malformed = await call('POST', '/pages', { raw: '{"slug": "x",' });
      assertRejected(malformed, 400);
      assert.equal(errorOf(malformed).code, 'invalid_json');
      for (const raw of ['[]', '"page"', '']) {
        const notObject = await call('POST', '/pages', { raw });
        assertRejected(notObject, 400);
        assert.equal(errorOf(notObject).code, 'validation_failed', raw);
      }
      assert.deepEqual(await rowCounts(server.web), before);
    });

    it('writes nothing when a request fails part way through its checks', async () => {
      const before = await rowCounts(server.web);
      // A good component change followed by an unknown component.
      const opened = await call('POST', `/pages/${pageId}/incidents`, {
        json: {
          name: 'Half',
          body: 'b',
          components: { [apiId]: 'major_outage', nosuchcomponent: 'major_outage' },
        },
      });
      assertRejected(opened, 400, 'components.nosuchcomponent');
      const updated = await call('POST', `/incidents/${incidentId}/updates`, {
        json: {
          status: 'identified',
          body: 'b',
          components: { [webId]: 'partial_outage', [foreignComponentId]: 'major_outage' },
        },
      });
      assertRejected(updated, 400, `components.${foreignComponentId}`);
      const renamed = await call('PATCH', `/components/${apiId}`, {
        json: { name: 'Renamed API', group_id: 'nosuchgroup' },
      });
      assertRejected(renamed, 400, 'group_id');
      const page = await call('PATCH', `/pages/${pageId}`, {
        json: { name: 'Renamed page', time_zone: 'Nowhere/Special' },
      });
      assertRejected(page, 400, 'time_zone');

      assert.deepEqual(await rowCounts(server.web), before);
      const services = server.web.services;
      assert.equal((await services.pages.getComponent(apiId)).status, 'operational');
      assert.equal((await services.pages.getComponent(apiId)).name, 'API');
      assert.equal((await services.pages.getComponent(webId)).status, 'operational');
      assert.equal((await services.pages.getPage(pageId)).name, 'Bad');
      const incident = await services.incidents.get(incidentId);
      assert.equal(incident.status, 'investigating');
      assert.equal(incident.updates.length, 1);
    });
  });

  describe(`management API body limit on ${backend.name}`, { skip: backend.skip }, () => {
    const { call } = serveForSuite(backend, { env: { VIGIL_BODY_LIMIT_BYTES: '2048' } });

    it('answers 413 for a body over the limit and writes nothing', async () => {
      const page = await call('POST', '/pages', { json: { slug: 'limits', name: 'Limits' } });
      assert.equal(page.status, 201);
      const fits = await call('POST', `/pages/${page.body.id}/incidents`, {
        json: { name: 'Fits', body: 'x'.repeat(1500) },
      });
      assert.equal(fits.status, 201);
      const tooBig = await call('POST', `/pages/${page.body.id}/incidents`, {
        json: { name: 'Too big', body: 'x'.repeat(3000) },
      });
      assertRejected(tooBig, 413);
      assert.equal(errorOf(tooBig).code, 'payload_too_large');
      const list = await call('GET', `/pages/${page.body.id}/incidents`);
      assert.deepEqual(
        list.body.data.map((incident: { name: string }) => incident.name),
        ['Fits'],
      );
    });
  });
}
