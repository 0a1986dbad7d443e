// Incidents and maintenances announce themselves in the outbox, in the transaction of the write:
// incident.created / updated / resolved and maintenance.scheduled / started / completed, with a
// snapshot of the incident; a rejected write leaves no event, and edits of text announce nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { createServices, type Services } from './index.js';

interface OutboxRow {
  kind: string;
  payload: Record<string, unknown>;
}

for (const backend of await databaseBackends()) {
  describe(`incident events in the outbox on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    let pageId: string;
    let apiId: string;

    const eventsOf = async (incidentId: string): Promise<OutboxRow[]> => {
      const rows = await database.db
        .selectFrom('outbox')
        .select(['kind', 'payload'])
        .orderBy('id')
        .execute();
      return rows
        .map((row) => ({ kind: row.kind, payload: row.payload as Record<string, unknown> }))
        .filter((row) => row.payload.incident_id === incidentId);
    };

    before(async () => {
      database = await backend.create();
      services = createServices(database.db, { sessionTtlMs: 60_000 });
      pageId = (await services.pages.createPage({ slug: 'main', name: 'Example' })).id;
      apiId = (await services.pages.createComponent(pageId, { name: 'API' })).id;
    });
    after(() => database.drop());

    it('announces an incident’s creation, updates and resolution with a snapshot', async () => {
      const opened = await services.incidents.createIncident(pageId, {
        name: 'API errors',
        impact: 'major',
        body: 'Looking into it.',
        components: { [apiId]: 'major_outage' },
      });
      await services.incidents.postUpdate(opened.id, { status: 'identified', body: 'Found it.' });
      await services.incidents.editUpdate(opened.updates[0]!.id, { body: 'Looking into it!' });
      await services.incidents.postUpdate(opened.id, {
        status: 'resolved',
        body: 'Fixed.',
        components: { [apiId]: 'operational' },
      });
      const events = await eventsOf(opened.id);
      assert.deepEqual(
        events.map((e) => e.kind),
        ['incident.created', 'incident.updated', 'incident.resolved'],
        'the edit of an update announces nothing',
      );
      const created = events[0]!.payload;
      assert.equal(created.event_id, `update-${opened.updates[0]!.id}`);
      assert.equal(created.incident_name, 'API errors');
      assert.equal(created.status, 'investigating');
      assert.equal(created.previous_status, null);
      assert.equal(created.impact, 'major');
      assert.deepEqual(created.component_ids, [apiId]);
      assert.deepEqual(created.components, [
        { id: apiId, name: 'API', old_status: 'operational', new_status: 'major_outage' },
      ]);
      assert.deepEqual((created.update as Record<string, unknown>).body, 'Looking into it.');
      assert.equal(events[2]!.payload.previous_status, 'identified');
      assert.equal(new Set(events.map((e) => e.payload.event_id)).size, 3, 'one id per update');
    });

    it('writes no event for a rejected update', async () => {
      const opened = await services.incidents.createIncident(pageId, { name: 'x', body: 'y' });
      await assert.rejects(
        services.incidents.postUpdate(opened.id, {
          body: 'z',
          components: { nope: 'operational' },
        }),
      );
      assert.deepEqual(
        (await eventsOf(opened.id)).map((e) => e.kind),
        ['incident.created'],
      );
    });

    it('announces a maintenance’s schedule, start and end, also when they happen by themselves', async () => {
      const start = new Date(Date.now() + 60_000);
      const end = new Date(start.getTime() + 3_600_000);
      const maintenance = await services.incidents.createMaintenance(pageId, {
        name: 'Database upgrade',
        body: 'Upgrading.',
        scheduled_for: start.toISOString(),
        scheduled_until: end.toISOString(),
        component_ids: [apiId],
      });
      await services.incidents.advanceMaintenances(new Date(start.getTime() + 1));
      await services.incidents.advanceMaintenances(new Date(end.getTime() + 1));
      const events = await eventsOf(maintenance.id);
      assert.deepEqual(
        events.map((e) => e.kind),
        ['maintenance.scheduled', 'maintenance.started', 'maintenance.completed'],
      );
      assert.equal(events[0]!.payload.scheduled_for, start.toISOString());
      assert.equal(events[0]!.payload.incident_kind, 'maintenance');
      assert.deepEqual(events[1]!.payload.component_ids, [apiId]);
    });
  });
}
