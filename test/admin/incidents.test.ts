// Incidents and scheduled maintenance through the admin forms: affected components change status,
// updates run to resolved, Markdown is rendered safely, and maintenance times follow the page's zone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, signIn } from './browser.js';

for (const backend of await databaseBackends()) {
  describe(`admin incidents and maintenance on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    let pageId: string;
    let apiId: string;
    let webId: string;

    before(async () => {
      web = await startTestWeb(await backend.create());
      const page = await web.services.pages.createPage({
        slug: 'acme',
        name: 'Acme',
        time_zone: 'America/New_York',
      });
      pageId = page.id;
      apiId = (await web.services.pages.createComponent(pageId, { name: 'API' })).id;
      webId = (await web.services.pages.createComponent(pageId, { name: 'Website' })).id;
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
    });
    after(() => web?.close());

    it('opens an incident that sets its affected component, and posts updates up to resolved', async () => {
      // With a single page the form opens directly, listing that page's components.
      const form = await browser.get('/admin/incidents/new');
      assertHas(form.html, new RegExp(`name="components\\.${apiId}"`));
      const opened = await browser.submit(
        `/admin/incidents/new?page=${pageId}`,
        '/admin/incidents',
        {
          page_id: pageId,
          name: 'API errors',
          status: 'investigating',
          impact: 'major',
          body: 'We are **looking** into elevated error rates.',
          [`components.${apiId}`]: 'major_outage',
          [`components.${webId}`]: '',
        },
      );
      assert.equal(opened.status, 200);
      const incidentId = /^\/admin\/incidents\/([a-z0-9]+)$/.exec(opened.url)?.[1];
      assert.ok(incidentId, `went to the incident page, got ${opened.url}`);
      assertHas(opened.html, /<strong>looking<\/strong>/, 'Markdown rendered');
      assert.equal((await web.services.pages.getComponent(apiId)).status, 'major_outage');
      assert.equal(
        (await web.services.pages.getComponent(webId)).status,
        'operational',
        'left unchanged',
      );

      for (const status of ['identified', 'monitoring']) {
        const page = await browser.submit(
          `/admin/incidents/${incidentId}`,
          `/admin/incidents/${incidentId}/updates`,
          {
            status,
            body: `Now ${status}.`,
          },
        );
        assert.equal(page.status, 200);
      }
      const resolved = await browser.submit(
        `/admin/incidents/${incidentId}`,
        `/admin/incidents/${incidentId}/updates`,
        {
          status: 'resolved',
          body: 'All requests succeed again.',
          [`components.${apiId}`]: 'operational',
        },
      );
      assertHas(resolved.html, /the incident is resolved/);
      const incident = await web.services.incidents.get(incidentId);
      assert.equal(incident.status, 'resolved');
      assert.ok(incident.resolved_at);
      assert.deepEqual(
        incident.updates.map((update) => update.status),
        ['resolved', 'monitoring', 'identified', 'investigating'],
      );
      assert.equal((await web.services.pages.getComponent(apiId)).status, 'operational');
    });

    it('keeps an empty update message in the form with the error at the field', async () => {
      const incident = await web.services.incidents.createIncident(pageId, {
        name: 'Slow',
        body: 'Slow pages.',
      });
      const page = await browser.submit(
        `/admin/incidents/${incident.id}`,
        `/admin/incidents/${incident.id}/updates`,
        {
          status: 'identified',
          body: '   ',
          [`components.${webId}`]: 'degraded_performance',
        },
      );
      assert.equal(page.status, 400);
      assertHas(page.html, /id="f-body"[^>]*aria-invalid="true"/);
      assertHas(
        page.html,
        new RegExp(`<option value="degraded_performance" selected>`),
        'the chosen status is kept',
      );
      assert.equal(
        (await web.services.incidents.get(incident.id)).updates.length,
        1,
        'nothing written',
      );
      assert.equal((await web.services.pages.getComponent(webId)).status, 'operational');
    });

    it('shows a stored <script> and onerror as inert text, never as markup', async () => {
      const incident = await web.services.incidents.createIncident(pageId, {
        name: 'XSS <script>alert(1)</script>',
        body: 'Hello <script>alert("x")</script> <img src=x onerror="alert(2)"> [link](javascript:alert(3))',
      });
      const page = await browser.get(`/admin/incidents/${incident.id}`);
      assert.equal(page.status, 200);
      // Inside a quoted attribute value (the edit form's title) `<script>` is only text; outside
      // of attribute values no tag or handler may appear.
      const markup = page.html.replace(/="[^"]*"/g, '=""');
      assertHasNot(markup, /<script/i);
      assertHasNot(markup, /onerror/i);
      assertHasNot(page.html, /href="javascript:/i);
      assertHas(
        page.html,
        /value="XSS <script>alert\(1\)<\/script>"/,
        'kept as an attribute value, quoted',
      );
      assertHas(
        page.html,
        /<h1>XSS &lt;script>alert\(1\)&lt;\/script><\/h1>/,
        'the name is escaped',
      );
      const list = await browser.get('/admin/incidents');
      assertHasNot(list.html.replace(/="[^"]*"/g, '=""'), /<script/i);
    });

    it('edits and deletes an incident', async () => {
      const incident = await web.services.incidents.createIncident(pageId, {
        name: 'Typo',
        body: 'x',
      });
      await browser.submit(`/admin/incidents/${incident.id}`, `/admin/incidents/${incident.id}`, {
        name: 'Fixed title',
        impact: 'critical',
      });
      const edited = await web.services.incidents.get(incident.id);
      assert.equal(edited.name, 'Fixed title');
      assert.equal(edited.impact, 'critical');
      const confirm = await browser.get(`/admin/incidents/${incident.id}/delete`);
      assertHas(confirm.html, /Delete Fixed title\?/);
      const done = await browser.submit(
        `/admin/incidents/${incident.id}/delete`,
        `/admin/incidents/${incident.id}/delete`,
        {},
      );
      assert.equal(done.url, '/admin/incidents');
      await assert.rejects(web.services.incidents.get(incident.id));
    });

    it('schedules maintenance with times read in the page time zone and stored in UTC', async () => {
      const page = await browser.submit(
        `/admin/maintenances/new?page=${pageId}`,
        '/admin/maintenances',
        {
          page_id: pageId,
          name: 'Database upgrade',
          body: 'Upgrading the primary database.',
          // New York is UTC-5 in January and UTC-4 in July.
          scheduled_for: '2031-01-15T22:00',
          scheduled_until: '2031-07-16T01:30',
          component_ids: [apiId, webId],
          auto_transition: 'true',
        },
      );
      assert.equal(page.status, 200);
      const maintenanceId = /^\/admin\/maintenances\/([a-z0-9]+)$/.exec(page.url)?.[1];
      assert.ok(maintenanceId, `went to the maintenance page, got ${page.url}`);
      const maintenance = await web.services.incidents.get(maintenanceId, 'maintenance');
      assert.equal(maintenance.scheduled_for?.toISOString(), '2031-01-16T03:00:00.000Z');
      assert.equal(maintenance.scheduled_until?.toISOString(), '2031-07-16T05:30:00.000Z');
      assert.equal(maintenance.auto_transition, true);
      assert.deepEqual([...maintenance.component_ids].sort(), [apiId, webId].sort());
      // The edit form shows the same wall-clock times back.
      assertHas(page.html, /name="scheduled_for" type="datetime-local" value="2031-01-15T22:00"/);
      assertHas(page.html, /name="scheduled_until" type="datetime-local" value="2031-07-16T01:30"/);

      const update = await browser.submit(
        `/admin/maintenances/${maintenanceId}`,
        `/admin/maintenances/${maintenanceId}/updates`,
        {
          status: 'in_progress',
          body: 'Started early.',
        },
      );
      assertHas(update.html, /the maintenance is in progress/);
      assert.equal((await web.services.pages.getComponent(webId)).status, 'under_maintenance');
    });

    it('edits a maintenance window in the page time zone, then deletes it after confirmation', async () => {
      const maintenance = await web.services.incidents.createMaintenance(pageId, {
        name: 'Network work',
        body: 'Replacing switches.',
        scheduled_for: '2032-03-01T15:00:00Z',
        scheduled_until: '2032-03-01T16:00:00Z',
        component_ids: [apiId],
      });
      const path = `/admin/maintenances/${maintenance.id}`;
      const form = await browser.get(path);
      // 15:00 UTC is 10:00 in New York in early March (EST, before the switch to summer time).
      assertHas(form.html, /name="scheduled_for" type="datetime-local" value="2032-03-01T10:00"/);
      const saved = await browser.submit(path, path, {
        name: 'Network work, extended',
        scheduled_for: '2032-03-01T10:00',
        scheduled_until: '2032-03-01T13:30',
      });
      assert.equal(saved.url, path);
      assertHas(saved.html, /Maintenance saved\./);
      const edited = await web.services.incidents.get(maintenance.id, 'maintenance');
      assert.equal(edited.name, 'Network work, extended');
      assert.equal(edited.scheduled_until?.toISOString(), '2032-03-01T18:30:00.000Z');
      assert.equal(edited.auto_transition, false, 'an unticked box means false');

      const confirm = await browser.get(`${path}/delete`);
      assertHas(confirm.html, /Delete Network work, extended\?/);
      assertHas(confirm.html, />Delete maintenance<\/button>/);
      const done = await browser.submit(`${path}/delete`, `${path}/delete`, {});
      assert.equal(done.url, '/admin/maintenances');
      assertHas(done.html, /Maintenance “Network work, extended” deleted\./);
      await assert.rejects(web.services.incidents.get(maintenance.id));
    });

    it('keeps incidents and maintenances apart: neither is found under the other’s address', async () => {
      const incident = await web.services.incidents.createIncident(pageId, {
        name: 'Only an incident',
        body: 'x',
      });
      const maintenance = await web.services.incidents.createMaintenance(pageId, {
        name: 'Only a maintenance',
        body: 'x',
        scheduled_for: '2033-01-01T00:00:00Z',
        scheduled_until: '2033-01-01T01:00:00Z',
      });
      for (const path of [
        `/admin/maintenances/${incident.id}`,
        `/admin/maintenances/${incident.id}/delete`,
        `/admin/incidents/${maintenance.id}`,
        `/admin/incidents/${maintenance.id}/delete`,
      ]) {
        assert.equal((await browser.get(path)).status, 404, path);
      }
      const post = await browser.post(
        `/admin/incidents/${maintenance.id}/delete`,
        {},
        (await browser.get(`/admin/maintenances/${maintenance.id}`)).html,
      );
      assert.equal(post.status, 404);
      await post.arrayBuffer();
      assert.ok(await web.services.incidents.get(maintenance.id, 'maintenance'), 'not deleted');
      assert.ok(await web.services.incidents.get(incident.id, 'incident'));
    });

    it('rejects a maintenance that ends before it starts, keeping the input', async () => {
      const before = await web.services.incidents.list({
        kind: 'maintenance',
        limit: 100,
        offset: 0,
      });
      const page = await browser.submit(
        `/admin/maintenances/new?page=${pageId}`,
        '/admin/maintenances',
        {
          page_id: pageId,
          name: 'Backwards',
          body: 'x',
          scheduled_for: '2031-02-01T10:00',
          scheduled_until: '2031-02-01T09:00',
        },
      );
      assert.equal(page.status, 400);
      assertHas(page.html, /id="f-scheduled_until"[^>]*aria-invalid="true"/);
      assertHas(page.html, /value="Backwards"/);
      const afterList = await web.services.incidents.list({
        kind: 'maintenance',
        limit: 100,
        offset: 0,
      });
      assert.equal(afterList.total, before.total);

      const garbage = await browser.submit(
        `/admin/maintenances/new?page=${pageId}`,
        '/admin/maintenances',
        {
          page_id: pageId,
          name: 'Garbage',
          body: 'x',
          scheduled_for: 'tomorrow',
          scheduled_until: '2031-02-01T09:00',
        },
      );
      assert.equal(garbage.status, 400);
      assertHas(garbage.html, /id="f-scheduled_for"[^>]*aria-invalid="true"/);
    });
  });
}
