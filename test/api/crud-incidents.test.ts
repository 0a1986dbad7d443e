// Create/read/update/delete round trips of incidents, maintenances and their updates through the
// management API, on both backends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { API, assertGone, create, ISO_UTC, serveForSuite } from './client.js';

for (const backend of await databaseBackends()) {
  describe(
    `management API CRUD of incidents and maintenances on ${backend.name}`,
    { skip: backend.skip },
    () => {
      const { call } = serveForSuite(backend);

      it('opens an incident, posts and corrects updates, edits and deletes it', async () => {
        const { body: page } = await create(call, '/pages', { slug: 'inc', name: 'Inc' });
        const { body: api } = await create(call, `/pages/${page.id}/components`, { name: 'API' });
        const { body: web1 } = await create(call, `/pages/${page.id}/components`, { name: 'Web' });

        const { body: incident, location } = await create(call, `/pages/${page.id}/incidents`, {
          name: 'API errors',
          impact: 'major',
          body: 'We are **looking** into it.',
          components: { [api.id]: 'major_outage' },
          component_ids: [web1.id],
        });
        assert.equal(location, `/incidents/${incident.id}`);
        assert.equal(incident.status, 'investigating');
        assert.equal(incident.impact, 'major');
        assert.equal(incident.resolved_at, null);
        assert.match(incident.started_at, ISO_UTC);
        assert.deepEqual(
          incident.components.map((c: { id: string }) => c.id).sort(),
          [api.id, web1.id].sort(),
        );
        assert.equal(incident.incident_updates.length, 1);
        assert.deepEqual(incident.incident_updates[0].affected_components, [
          {
            component_id: api.id,
            name: 'API',
            old_status: 'operational',
            new_status: 'major_outage',
          },
        ]);
        assert.equal((await call('GET', `/components/${api.id}`)).body.status, 'major_outage');

        const open = await call('GET', `/pages/${page.id}/incidents?status=open`);
        assert.deepEqual(
          open.body.data.map((i: { id: string }) => i.id),
          [incident.id],
        );

        const posted = await call('POST', `${location}/updates`, {
          json: { status: 'resolved', body: 'Fixed.', components: { [api.id]: 'operational' } },
        });
        assert.equal(posted.status, 201, JSON.stringify(posted.body));
        assert.equal(posted.body.status, 'resolved');
        assert.match(posted.body.resolved_at, ISO_UTC);
        assert.equal(posted.body.incident_updates.length, 2);
        const updatePath = (posted.headers.get('location') ?? '').slice(API.length);
        const update = await call('GET', updatePath);
        assert.equal(update.status, 200);
        assert.equal(update.body.body, 'Fixed.');
        assert.equal(update.body.status, 'resolved');
        assert.equal((await call('GET', `/components/${api.id}`)).body.status, 'operational');

        const corrected = await call('PATCH', updatePath, {
          json: { body: 'Fixed by a rollback.', display_at: '2024-05-01T12:00:00Z' },
        });
        assert.equal(corrected.status, 200);
        const correctedUpdate = corrected.body.incident_updates.find(
          (u: { id: string }) => u.id === update.body.id,
        );
        assert.equal(correctedUpdate.body, 'Fixed by a rollback.');
        assert.equal(correctedUpdate.display_at, '2024-05-01T12:00:00.000Z');

        const edited = await call('PATCH', location, {
          json: { name: 'API errors in EU', impact: 'critical', component_ids: [api.id] },
        });
        assert.equal(edited.status, 200);
        assert.equal(edited.body.name, 'API errors in EU');
        assert.equal(edited.body.impact, 'critical');
        assert.equal(edited.body.status, 'resolved', 'PATCH does not change the status');
        assert.deepEqual(
          edited.body.components.map((c: { id: string }) => c.id),
          [api.id],
        );

        assert.equal(
          (await call('GET', `/pages/${page.id}/incidents?status=open`)).body.data.length,
          0,
        );
        assert.equal(
          (await call('GET', `/pages/${page.id}/incidents?status=all`)).body.data.length,
          1,
        );

        assert.equal((await call('DELETE', location)).status, 204);
        await assertGone(call, location);
        await assertGone(call, updatePath);
      });

      it('schedules a maintenance, moves it with updates, edits and deletes it', async () => {
        const { body: page } = await create(call, '/pages', { slug: 'mnt', name: 'Mnt' });
        const { body: db } = await create(call, `/pages/${page.id}/components`, {
          name: 'Database',
        });
        const start = new Date(Date.now() + 86_400_000);
        const end = new Date(start.getTime() + 3_600_000);
        const { body: maintenance, location } = await create(
          call,
          `/pages/${page.id}/maintenances`,
          {
            name: 'Database upgrade',
            body: 'Upgrading to the next major version.',
            scheduled_for: start.toISOString(),
            scheduled_until: end.toISOString(),
            component_ids: [db.id],
          },
        );
        assert.equal(location, `/maintenances/${maintenance.id}`);
        assert.equal(maintenance.status, 'scheduled');
        assert.equal(maintenance.scheduled_for, start.toISOString());
        assert.equal(maintenance.scheduled_until, end.toISOString());
        assert.equal(maintenance.auto_transition, true);
        assert.equal('impact' in maintenance, false);

        const started = await call('POST', `${location}/updates`, {
          json: { status: 'in_progress', body: 'Started early.' },
        });
        assert.equal(started.status, 201, JSON.stringify(started.body));
        assert.equal(started.body.status, 'in_progress');
        assert.equal((await call('GET', `/components/${db.id}`)).body.status, 'under_maintenance');
        const updatePath = (started.headers.get('location') ?? '').slice(API.length);
        assert.match(updatePath, new RegExp(`^/maintenances/${maintenance.id}/updates/\\w+$`));
        assert.equal((await call('GET', updatePath)).body.status, 'in_progress');

        const later = new Date(end.getTime() + 3_600_000).toISOString();
        const edited = await call('PATCH', location, {
          json: { scheduled_until: later, auto_transition: false },
        });
        assert.equal(edited.status, 200, JSON.stringify(edited.body));
        assert.equal(edited.body.scheduled_until, later);
        assert.equal(edited.body.auto_transition, false);

        const open = await call('GET', `/pages/${page.id}/maintenances?status=open`);
        assert.deepEqual(
          open.body.data.map((m: { id: string }) => m.id),
          [maintenance.id],
        );

        const done = await call('POST', `${location}/updates`, {
          json: { status: 'completed', body: 'Done.' },
        });
        assert.equal(done.body.status, 'completed');
        assert.equal((await call('GET', `/components/${db.id}`)).body.status, 'operational');

        assert.equal((await call('DELETE', location)).status, 204);
        await assertGone(call, location);
      });

      it('keeps incidents and maintenances apart: each path 404s for the other kind', async () => {
        const { body: page } = await create(call, '/pages', { slug: 'kinds', name: 'Kinds' });
        const { body: incident } = await create(call, `/pages/${page.id}/incidents`, {
          name: 'Outage',
          body: 'Down',
        });
        const { body: maintenance } = await create(call, `/pages/${page.id}/maintenances`, {
          name: 'Window',
          body: 'Planned',
          scheduled_for: new Date(Date.now() + 3_600_000).toISOString(),
          scheduled_until: new Date(Date.now() + 7_200_000).toISOString(),
        });
        const updateOfIncident = incident.incident_updates[0].id;
        for (const [method, path, json] of [
          ['GET', `/maintenances/${incident.id}`],
          ['PATCH', `/maintenances/${incident.id}`, { name: 'x' }],
          ['DELETE', `/maintenances/${incident.id}`],
          ['POST', `/maintenances/${incident.id}/updates`, { body: 'x' }],
          ['GET', `/maintenances/${incident.id}/updates/${updateOfIncident}`],
          ['GET', `/incidents/${maintenance.id}`],
          ['PATCH', `/incidents/${maintenance.id}`, { name: 'x' }],
          ['DELETE', `/incidents/${maintenance.id}`],
          ['POST', `/incidents/${maintenance.id}/updates`, { body: 'x' }],
          ['GET', `/incidents/${maintenance.id}/updates/${updateOfIncident}`],
        ] as const) {
          const response = await call(method, path, json ? { json } : {});
          assert.equal(response.status, 404, `${method} ${path}`);
        }
        // An update id of another incident is not an update of this one.
        const other = await call('GET', `/incidents/${incident.id}/updates/nosuchupdate`);
        assert.equal(other.status, 404);
        assert.equal((await call('GET', `/incidents/${incident.id}`)).body.name, 'Outage');
        assert.equal((await call('GET', `/maintenances/${maintenance.id}`)).body.name, 'Window');
        const lists = await Promise.all([
          call('GET', `/pages/${page.id}/incidents`),
          call('GET', `/pages/${page.id}/maintenances`),
        ]);
        assert.deepEqual(
          lists.map((list) => list.body.data.map((item: { id: string }) => item.id)),
          [[incident.id], [maintenance.id]],
        );
      });
    },
  );
}
