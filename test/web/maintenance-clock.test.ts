// Scheduled maintenance moves to "in progress" and "completed" by itself at its times, in a running
// server, and the public JSON follows without anyone touching it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../scripts/cluster/wait-for.js';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

/**
 * Until the window starts, and how long it lasts. The test sees the maintenance scheduled before
 * the one and in progress (with its component under maintenance) within the other, so each must
 * outlast a stall of a loaded machine: with 1.5 s, a slow start or a late poll missed a state.
 */
const LEAD_MS = 5_000;
const WINDOW_MS = 5_000;

for (const backend of await databaseBackends()) {
  describe(`maintenance clock on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    before(async () => {
      web = await startTestWeb(await backend.create());
    });
    after(() => web.close());

    it('starts and completes a window at its times and sets its components', async () => {
      const page = await web.services.pages.createPage({ slug: 'main', name: 'Main' });
      const component = await web.services.pages.createComponent(page.id, { name: 'Database' });
      const startsAt = Date.now() + LEAD_MS;
      const maintenance = await web.services.incidents.createMaintenance(page.id, {
        name: 'Upgrade',
        body: 'Upgrading.',
        scheduled_for: new Date(startsAt).toISOString(),
        scheduled_until: new Date(startsAt + WINDOW_MS).toISOString(),
        component_ids: [component.id],
      });
      const statusOf = async () => {
        const body = (await (
          await fetch(`${web.baseUrl}/api/v2/scheduled-maintenances.json`)
        ).json()) as {
          scheduled_maintenances: Array<{ id: string; status: string }>;
        };
        return body.scheduled_maintenances.find((m) => m.id === maintenance.id)?.status;
      };
      assert.equal(await statusOf(), 'scheduled');
      await waitFor('in_progress', async () =>
        (await statusOf()) === 'in_progress' ? true : undefined,
      );
      assert.ok(Date.now() >= startsAt, 'it did not start early');
      assert.equal(
        (await web.services.pages.getComponent(component.id)).status,
        'under_maintenance',
      );
      await waitFor('completed', async () =>
        (await statusOf()) === 'completed' ? true : undefined,
      );
      assert.equal((await web.services.pages.getComponent(component.id)).status, 'operational');
      const detail = await web.services.incidents.get(maintenance.id);
      assert.deepEqual(
        detail.updates.map((u) => u.status),
        ['completed', 'in_progress', 'scheduled'],
      );
    });
  });
}
