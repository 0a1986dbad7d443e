// Create/read/update/delete round trips of pages, groups, components and API keys through the
// management API, on both backends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { API, assertGone, create, ISO_UTC, serveForSuite } from './client.js';

for (const backend of await databaseBackends()) {
  describe(
    `management API CRUD of pages, groups, components and keys on ${backend.name}`,
    { skip: backend.skip },
    () => {
      const server = serveForSuite(backend);
      const { call } = server;

      it('creates, reads, lists, updates and deletes a page', async () => {
        const {
          body: page,
          location,
          read,
        } = await create(call, '/pages', {
          slug: 'crud-page',
          name: 'Crud Inc.',
          url: 'https://example.com/',
          time_zone: 'Europe/Paris',
        });
        assert.deepEqual(read, page);
        assert.equal(location, `/pages/${page.id}`);
        assert.equal(page.slug, 'crud-page');
        assert.equal(page.time_zone, 'Europe/Paris');
        assert.equal(page.description, '');
        assert.match(page.created_at, ISO_UTC);
        assert.match(page.updated_at, ISO_UTC);
        assert.equal(typeof page.is_default, 'boolean');
        assert.equal(page.is_private, false);

        const list = await call('GET', '/pages?per_page=100');
        assert.ok(list.body.data.some((p: { id: string }) => p.id === page.id));

        const patched = await call('PATCH', `/pages/${page.id}`, {
          json: { name: 'Renamed', description: 'About us', is_private: true, url: null },
        });
        assert.equal(patched.status, 200);
        assert.equal(patched.body.name, 'Renamed');
        assert.equal(patched.body.slug, 'crud-page', 'fields not sent stay');
        assert.equal(patched.body.url, null);
        assert.equal((await call('GET', location)).body.description, 'About us');

        const deleted = await call('DELETE', location);
        assert.equal(deleted.status, 204);
        assert.equal(deleted.body, '');
        await assertGone(call, location);
      });

      it('manages groups and components of a page, including setting a status', async () => {
        const { body: page } = await create(call, '/pages', { slug: 'gc', name: 'GC' });
        const { body: group, location: groupPath } = await create(
          call,
          `/pages/${page.id}/groups`,
          {
            name: 'Core',
            description: 'Core services',
          },
        );
        assert.equal(group.page_id, page.id);
        assert.equal(group.position, 0);

        const { body: component, location: componentPath } = await create(
          call,
          `/pages/${page.id}/components`,
          { name: 'API', group_id: group.id, start_date: '2024-01-15', showcase: false },
        );
        assert.equal(component.group_id, group.id);
        assert.equal(component.status, 'operational');
        assert.equal(component.start_date, '2024-01-15');
        assert.equal(component.showcase, false);
        assert.equal(component.only_show_if_degraded, false);

        const renamedGroup = await call('PATCH', groupPath, {
          json: { name: 'Platform', position: 3 },
        });
        assert.equal(renamedGroup.status, 200);
        assert.deepEqual([renamedGroup.body.name, renamedGroup.body.position], ['Platform', 3]);

        const degraded = await call('PATCH', componentPath, { json: { status: 'partial_outage' } });
        assert.equal(degraded.status, 200);
        assert.equal(degraded.body.status, 'partial_outage');
        assert.equal(degraded.body.name, 'API');
        const stored = await server.web.services.pages.getComponent(component.id);
        assert.equal(stored.status, 'partial_outage');

        const groups = await call('GET', `/pages/${page.id}/groups`);
        assert.deepEqual(
          groups.body.data.map((g: { id: string }) => g.id),
          [group.id],
        );
        const components = await call('GET', `/pages/${page.id}/components`);
        assert.deepEqual(
          components.body.data.map((c: { id: string }) => c.id),
          [component.id],
        );

        assert.equal((await call('DELETE', groupPath)).status, 204);
        await assertGone(call, groupPath);
        assert.equal((await call('GET', componentPath)).body.group_id, null, 'component ungrouped');
        assert.equal((await call('DELETE', componentPath)).status, 204);
        await assertGone(call, componentPath);
      });

      it('creates, reads, lists and revokes API keys', async () => {
        const created = await call('POST', '/api-keys', { json: { name: 'CI', scope: 'read' } });
        assert.equal(created.status, 201);
        assert.equal(created.headers.get('location'), `${API}/api-keys/${created.body.id}`);
        assert.equal(created.body.scope, 'read');
        assert.equal(created.body.revoked_at, null);
        assert.ok(created.body.secret.startsWith(created.body.prefix));

        const read = await call('GET', `/api-keys/${created.body.id}`);
        assert.equal(read.status, 200);
        assert.equal(read.body.name, 'CI');
        const list = await call('GET', '/api-keys?per_page=100');
        assert.ok(list.body.data.some((k: { id: string }) => k.id === created.body.id));

        assert.equal((await call('DELETE', `/api-keys/${created.body.id}`)).status, 204);
        const revoked = await call('GET', `/api-keys/${created.body.id}`);
        assert.match(revoked.body.revoked_at, ISO_UTC);
        assert.equal((await call('DELETE', `/api-keys/${created.body.id}`)).status, 400);
      });
    },
  );
}
