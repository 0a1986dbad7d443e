import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { createServices, type Services } from './index.js';
import { ValidationError } from '../domain/errors.js';

for (const backend of await databaseBackends()) {
  describe(`incident service on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    let pageId: string;
    let apiId: string;
    let webId: string;

    before(async () => {
      database = await backend.create();
      services = createServices(database.db, { sessionTtlMs: 60_000 });
      const page = await services.pages.createPage({ slug: 'main', name: 'Example' });
      pageId = page.id;
      apiId = (await services.pages.createComponent(pageId, { name: 'API' })).id;
      webId = (await services.pages.createComponent(pageId, { name: 'Website' })).id;
    });
    after(() => database.drop());

    it('records old and new component status on each update and resolves with timestamps', async () => {
      const opened = await services.incidents.createIncident(pageId, {
        name: 'API errors',
        impact: 'major',
        body: 'We are looking into errors.',
        components: { [apiId]: 'major_outage' },
      });
      assert.equal(opened.status, 'investigating');
      assert.deepEqual(opened.component_ids, [apiId]);
      const first = opened.updates[0]!;
      assert.deepEqual(
        first.affected_components.map((c) => [c.component_id, c.old_status, c.new_status]),
        [[apiId, 'operational', 'major_outage']],
      );
      assert.equal((await services.pages.getComponent(apiId)).status, 'major_outage');

      const monitoring = await services.incidents.postUpdate(opened.id, {
        status: 'monitoring',
        body: 'Fix deployed.',
      });
      assert.ok(monitoring.monitoring_at);
      assert.equal(monitoring.resolved_at, null);
      const resolved = await services.incidents.postUpdate(opened.id, {
        status: 'resolved',
        body: 'All good.',
        components: { [apiId]: 'operational' },
      });
      assert.ok(resolved.resolved_at);
      assert.equal(resolved.updates.length, 3);
      assert.equal(resolved.updates[0]!.status, 'resolved');
      assert.equal((await services.pages.getComponent(apiId)).status, 'operational');
    });

    it('rejects a component of another page and writes nothing', async () => {
      const other = await services.pages.createPage({ slug: 'other', name: 'Other' });
      const foreign = await services.pages.createComponent(other.id, { name: 'Foreign' });
      const before = await services.incidents.list({
        pageId,
        kind: 'incident',
        limit: 100,
        offset: 0,
      });
      await assert.rejects(
        services.incidents.createIncident(pageId, {
          name: 'x',
          body: 'y',
          components: { [foreign.id]: 'major_outage' },
        }),
        (error: unknown) =>
          error instanceof ValidationError && error.field === `components.${foreign.id}`,
      );
      const afterList = await services.incidents.list({
        pageId,
        kind: 'incident',
        limit: 100,
        offset: 0,
      });
      assert.equal(afterList.total, before.total);
      assert.equal((await services.pages.getComponent(foreign.id)).status, 'operational');
    });

    it('moves a maintenance to in progress and completed at its times, setting components', async () => {
      const start = new Date(Date.now() + 60_000);
      const end = new Date(start.getTime() + 3_600_000);
      const maintenance = await services.incidents.createMaintenance(pageId, {
        name: 'Database upgrade',
        body: 'Upgrading the database.',
        scheduled_for: start.toISOString(),
        scheduled_until: end.toISOString(),
        component_ids: [webId],
      });
      assert.equal(maintenance.status, 'scheduled');
      assert.equal(await services.incidents.advanceMaintenances(new Date()), 0);
      assert.equal(await services.incidents.advanceMaintenances(new Date(start.getTime() + 1)), 1);
      assert.equal((await services.incidents.get(maintenance.id)).status, 'in_progress');
      assert.equal((await services.pages.getComponent(webId)).status, 'under_maintenance');
      assert.equal(await services.incidents.advanceMaintenances(new Date(end.getTime() + 1)), 1);
      const done = await services.incidents.get(maintenance.id);
      assert.equal(done.status, 'completed');
      assert.equal(done.updates.length, 3);
      assert.equal((await services.pages.getComponent(webId)).status, 'operational');
    });

    it('rejects a maintenance that ends before it starts, naming the field', async () => {
      await assert.rejects(
        services.incidents.createMaintenance(pageId, {
          name: 'x',
          body: 'y',
          scheduled_for: '2030-01-02T00:00:00Z',
          scheduled_until: '2030-01-01T00:00:00Z',
        }),
        (error: unknown) => error instanceof ValidationError && error.field === 'scheduled_until',
      );
    });
  });
}
