// The Statuspage v2 documents: every endpoint of every page matches the JSON Schema, and what they
// say (component order and groups, incidents, maintenance split, links) is what the page holds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, type TestWeb } from '../support/web.js';
import { seedStatusPages, type StatusFixture } from './fixture.js';
import { assertMatchesSchema, DOCUMENT_SHAPES } from './schema.js';

interface Component {
  id: string;
  name: string;
  status: string;
  position: number;
  description: string | null;
  group: boolean;
  group_id: string | null;
  start_date: string | null;
  showcase: boolean;
  components?: string[];
}
interface Update {
  status: string;
  body: string;
  affected_components:
    { code: string; name: string; old_status: string; new_status: string }[] | null;
}
interface Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  shortlink: string;
  resolved_at: string | null;
  monitoring_at: string | null;
  incident_updates: Update[];
  components: Component[];
  scheduled_for?: string;
}
interface Documents {
  page: { id: string; name: string; url: string; time_zone: string };
  status: { indicator: string; description: string };
  components: Component[];
  incidents: Incident[];
  scheduled_maintenances: Incident[];
}

/** The public address Vigil is told it lives at (behind a proxy), not where the test reaches it. */
const PUBLIC_URL = 'https://status.example.com';

for (const backend of await databaseBackends()) {
  describe(`Statuspage v2 documents on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let fixture: StatusFixture;
    let beforeAnyPage: { status: number; body: unknown };

    const get = async (path: string): Promise<Documents> => {
      const response = await fetch(`${web.baseUrl}${path}`);
      assert.equal(response.status, 200, `${path} answered ${response.status}`);
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
      return (await response.json()) as Documents;
    };

    before(async () => {
      web = await startTestWeb(await backend.create(), { VIGIL_BASE_URL: PUBLIC_URL });
      const response = await fetch(`${web.baseUrl}/api/v2/summary.json`);
      beforeAnyPage = { status: response.status, body: await response.json() };
      fixture = await seedStatusPages(web.services);
    });
    after(() => web?.close());

    it('answers 404 with the error shape while no page exists', () => {
      assert.equal(beforeAnyPage.status, 404);
      assertMatchesSchema('error', beforeAnyPage.body, 'summary.json without pages');
    });

    it('serves every endpoint of the default, a full and an empty page as the schema says', async () => {
      for (const prefix of ['', '/s/main', '/s/empty']) {
        for (const [name, shape] of Object.entries(DOCUMENT_SHAPES)) {
          const path = `${prefix}/api/v2/${name}.json`;
          assertMatchesSchema(shape, await get(path), path);
        }
      }
    });

    it('describes the page with its public URL and time zone', async () => {
      const main = await get('/api/v2/status.json');
      assert.deepEqual(main.page, {
        id: fixture.main.id,
        name: 'Example Inc.',
        url: PUBLIC_URL,
        time_zone: 'Europe/Paris',
        updated_at: fixture.main.updated_at.toISOString(),
      });
      assert.deepEqual((await get('/s/main/api/v2/status.json')).page, main.page);
      const empty = await get('/s/empty/api/v2/status.json');
      assert.equal(empty.page.url, `${PUBLIC_URL}/s/empty`);
      assert.deepEqual(empty.status, { indicator: 'none', description: 'All Systems Operational' });
      assert.deepEqual((await get('/s/empty/api/v2/summary.json')).components, []);
    });

    it('lists groups interleaved with ungrouped components, each group followed by its members', async () => {
      const { components } = await get('/api/v2/components.json');
      const { groups, components: c } = fixture;
      assert.deepEqual(
        components.map((component) => component.id),
        [
          groups.core.id,
          c.api.id,
          c.database.id,
          c.website.id,
          groups.edge.id,
          c.cdn.id,
          c.docs.id,
          groups.unused.id,
        ],
      );
      assert.deepEqual(
        components.map((component) => component.position),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      const byId = new Map(components.map((component) => [component.id, component]));
      assert.deepEqual(byId.get(groups.core.id)?.components, [c.api.id, c.database.id]);
      assert.deepEqual(byId.get(groups.edge.id)?.components, [c.cdn.id]);
      assert.deepEqual(byId.get(groups.unused.id)?.components, []);
      assert.equal(byId.get(groups.core.id)?.group, true);
      assert.equal(byId.get(groups.core.id)?.description, 'The core');
      // The group shows the worst of its members: API is in partial outage from the open incident.
      assert.equal(byId.get(groups.core.id)?.status, 'partial_outage');
      assert.equal(byId.get(groups.edge.id)?.status, 'under_maintenance');
      assert.equal(byId.get(groups.unused.id)?.status, 'operational');
      assert.equal(byId.get(c.api.id)?.group_id, groups.core.id);
      assert.equal(byId.get(c.api.id)?.description, 'Public REST API');
      assert.equal(byId.get(c.api.id)?.start_date, '2024-02-29');
      assert.equal(byId.get(c.website.id)?.group_id, null);
      assert.equal(byId.get(c.website.id)?.description, null);
      assert.equal(byId.get(c.docs.id)?.showcase, false);
    });

    it('lists unresolved incidents apart from the 50 most recent, updates newest first', async () => {
      const { open, resolved } = fixture.incidents;
      const unresolved = await get('/api/v2/incidents/unresolved.json');
      assert.deepEqual(
        unresolved.incidents.map((incident) => incident.id),
        [open.id],
      );
      const all = await get('/api/v2/incidents.json');
      assert.deepEqual(
        all.incidents.map((incident) => incident.id),
        [open.id, resolved.id],
      );
      const [openJson, resolvedJson] = all.incidents as [Incident, Incident];
      assert.equal(openJson.impact, 'major');
      assert.equal(openJson.shortlink, `${PUBLIC_URL}/incidents/${open.id}`);
      assert.deepEqual(
        openJson.incident_updates.map((update) => update.status),
        ['identified', 'investigating'],
      );
      assert.equal(openJson.incident_updates[0]?.affected_components, null);
      assert.deepEqual(openJson.incident_updates[1]?.affected_components, [
        {
          code: fixture.components.api.id,
          name: 'API',
          old_status: 'operational',
          new_status: 'partial_outage',
        },
      ]);
      // Full component objects of every component the incident concerns, in page order.
      assert.deepEqual(
        openJson.components.map((component) => [component.id, component.status, component.group]),
        [
          [fixture.components.api.id, 'partial_outage', false],
          [fixture.components.website.id, 'operational', false],
        ],
      );
      assert.equal(resolvedJson.status, 'resolved');
      assert.ok(resolvedJson.resolved_at && resolvedJson.monitoring_at);
      assert.deepEqual(
        resolvedJson.incident_updates.map((update) => update.status),
        ['resolved', 'monitoring', 'investigating'],
      );
      const summary = await get('/api/v2/summary.json');
      assert.deepEqual(
        summary.incidents.map((incident) => incident.id),
        [open.id],
      );
      assert.equal(summary.status.indicator, 'major');
    });

    it('splits maintenances into upcoming, active and all, and puts the open ones in the summary', async () => {
      const m = fixture.maintenances;
      const ids = async (path: string) =>
        (await get(path)).scheduled_maintenances.map((maintenance) => maintenance.id).sort();
      assert.deepEqual(await ids('/api/v2/scheduled-maintenances/upcoming.json'), [m.upcoming.id]);
      assert.deepEqual(
        await ids('/api/v2/scheduled-maintenances/active.json'),
        [m.active.id, m.verifying.id].sort(),
      );
      assert.deepEqual(
        await ids('/api/v2/scheduled-maintenances.json'),
        [m.upcoming.id, m.active.id, m.verifying.id, m.completed.id].sort(),
      );
      assert.deepEqual(
        await ids('/api/v2/summary.json'),
        [m.upcoming.id, m.active.id, m.verifying.id].sort(),
      );
      const [upcoming] = (await get('/s/main/api/v2/scheduled-maintenances/upcoming.json'))
        .scheduled_maintenances;
      assert.equal(upcoming?.impact, 'maintenance');
      assert.equal(upcoming?.scheduled_for, m.upcoming.scheduled_for?.toISOString());
      assert.deepEqual(
        upcoming?.components.map((component) => component.id),
        [fixture.components.cdn.id],
      );
      assert.equal(
        (await get('/s/empty/api/v2/scheduled-maintenances.json')).scheduled_maintenances.length,
        0,
      );
    });
  });
}
