// Correcting a posted update in the admin: the new message shows in the admin and on the public
// permalink, the time is read in the page's zone, bad input is shown again at its field, and an
// update is only reachable under its own incident or maintenance.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, TEST_ADMIN, type TestWeb } from '../support/web.js';
import { Browser, assertHas, assertHasNot, inputValue, signIn } from './browser.js';

/**
 * Fetches a public page until `pattern` shows (the snapshot is rebuilt after a change notice),
 * for up to 20 s: the rebuild takes milliseconds, but a loaded machine can stall it for seconds.
 */
async function publicPageShows(baseUrl: string, path: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  let html = '';
  while (Date.now() < deadline) {
    const response = await fetch(new URL(path, baseUrl));
    html = await response.text();
    if (response.status === 200 && pattern.test(html)) return html;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`${path} did not show ${pattern} within 20 s; last body: ${html.slice(0, 500)}`);
}

for (const backend of await databaseBackends()) {
  describe(`admin update editing on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let browser: Browser;
    let pageId: string;

    before(async () => {
      web = await startTestWeb(await backend.create());
      // The first page is the default one, so its permalinks are /incidents/:id.
      const page = await web.services.pages.createPage({
        slug: 'acme',
        name: 'Acme',
        time_zone: 'America/New_York',
      });
      pageId = page.id;
      browser = new Browser(web.baseUrl);
      await signIn(browser, TEST_ADMIN.email, TEST_ADMIN.password);
    });
    after(() => web?.close());

    async function incidentWithTwoUpdates(name: string) {
      const opened = await web.services.incidents.createIncident(pageId, {
        name,
        body: `${name}: first text.`,
      });
      const incident = await web.services.incidents.postUpdate(opened.id, {
        status: 'identified',
        body: `${name}: second text.`,
      });
      const first = incident.updates.find((update) => update.status === 'investigating')!;
      return { incident, first };
    }

    it('corrects the message and time of an update; the admin and the public permalink show it', async () => {
      const { incident, first } = await incidentWithTwoUpdates('Outage');
      await web.services.incidents.editUpdate(first.id, { display_at: '2030-01-15T15:00:00Z' });
      const editPath = `/admin/incidents/${incident.id}/updates/${first.id}/edit`;

      const page = await browser.get(`/admin/incidents/${incident.id}`);
      for (const update of incident.updates) {
        assertHas(
          page.html,
          new RegExp(
            `<a class="timeline-edit" href="/admin/incidents/${incident.id}/updates/${update.id}/edit">\\s*Edit`,
          ),
          'each update has its Edit link',
        );
      }

      const form = await browser.get(editPath);
      assert.equal(form.status, 200);
      assertHas(form.html, /<h1>Edit update<\/h1>/);
      assertHas(form.html, /<textarea[^>]*name="body"[^>]*>Outage: first text\.<\/textarea>/);
      // 15:00 UTC is 10:00 in New York in January.
      assert.equal(inputValue(form.html, 'display_at'), '2030-01-15T10:00');
      assertHas(form.html, /Date and time in America\/New_York/);

      const saved = await browser.submit(editPath, editPath, {
        body: 'Outage: the **corrected** text.',
        display_at: '2030-01-15T09:30',
      });
      assert.equal(saved.status, 200);
      assert.equal(saved.url, `/admin/incidents/${incident.id}`);
      assertHas(saved.html, /Update saved\./);
      assertHas(saved.html, /Outage: the <strong>corrected<\/strong> text\./);
      assertHasNot(saved.html, /Outage: first text\./);

      const stored = (await web.services.incidents.get(incident.id)).updates.find(
        (update) => update.id === first.id,
      )!;
      assert.equal(stored.body, 'Outage: the **corrected** text.');
      assert.equal(stored.display_at.toISOString(), '2030-01-15T14:30:00.000Z');
      assert.equal(stored.status, 'investigating', 'the status stays');

      const permalink = await publicPageShows(
        web.baseUrl,
        `/incidents/${incident.id}`,
        /Outage: the <strong>corrected<\/strong> text\./,
      );
      assertHasNot(permalink, /Outage: first text\./);
      assertHas(permalink, /Outage: second text\./, 'the other update is untouched');
    });

    it('keeps the stored time to the second when only the message changes', async () => {
      const { incident, first } = await incidentWithTwoUpdates('Seconds');
      await web.services.incidents.editUpdate(first.id, { display_at: '2030-02-01T12:00:45Z' });
      const editPath = `/admin/incidents/${incident.id}/updates/${first.id}/edit`;
      const form = await browser.get(editPath);
      const shown = inputValue(form.html, 'display_at');
      assert.equal(shown, '2030-02-01T07:00', 'the form shows minutes');
      await browser.submit(editPath, editPath, {
        body: 'Seconds: fixed typo.',
        display_at: shown!,
      });
      const stored = (await web.services.incidents.get(incident.id)).updates.find(
        (update) => update.id === first.id,
      )!;
      assert.equal(stored.body, 'Seconds: fixed typo.');
      assert.equal(stored.display_at.toISOString(), '2030-02-01T12:00:45.000Z');
    });

    it('shows the form again with 400 at the field for a bad time or an empty message', async () => {
      const { incident, first } = await incidentWithTwoUpdates('Rejected');
      const editPath = `/admin/incidents/${incident.id}/updates/${first.id}/edit`;

      const badTime = await browser.submit(editPath, editPath, {
        body: 'Rejected: kept as typed.',
        display_at: 'yesterday',
      });
      assert.equal(badTime.status, 400);
      assertHas(badTime.html, /id="f-display_at"[^>]*aria-invalid="true"/);
      assertHas(badTime.html, /display_at must be a date and time/);
      assertHas(badTime.html, /<textarea[^>]*>Rejected: kept as typed\.<\/textarea>/);

      const notADay = await browser.submit(editPath, editPath, {
        body: 'Rejected: x',
        display_at: '2030-02-30T10:00',
      });
      assert.equal(notADay.status, 400);
      assertHas(notADay.html, /id="f-display_at"[^>]*aria-invalid="true"/);

      const prefilled = inputValue((await browser.get(editPath)).html, 'display_at');
      assert.ok(prefilled);
      const empty = await browser.submit(editPath, editPath, {
        body: '   ',
        display_at: prefilled,
      });
      assert.equal(empty.status, 400);
      assertHas(empty.html, /id="f-body"[^>]*aria-invalid="true"/);

      const stored = (await web.services.incidents.get(incident.id)).updates.find(
        (update) => update.id === first.id,
      )!;
      assert.equal(stored.body, 'Rejected: first text.', 'nothing written');
      assert.equal(stored.display_at.getTime(), first.display_at.getTime());
    });

    it('edits a maintenance update with the time in the page zone', async () => {
      const maintenance = await web.services.incidents.createMaintenance(pageId, {
        name: 'Upgrade',
        body: 'Upgrade: planned.',
        scheduled_for: '2031-07-01T12:00:00Z',
        scheduled_until: '2031-07-01T13:00:00Z',
      });
      const update = maintenance.updates[0]!;
      const editPath = `/admin/maintenances/${maintenance.id}/updates/${update.id}/edit`;
      const page = await browser.get(`/admin/maintenances/${maintenance.id}`);
      assertHas(page.html, new RegExp(`href="${editPath}"`));
      const saved = await browser.submit(editPath, editPath, {
        body: 'Upgrade: planned for the morning.',
        // New York is UTC-4 in July.
        display_at: '2031-06-20T08:00',
      });
      assert.equal(saved.url, `/admin/maintenances/${maintenance.id}`);
      assertHas(saved.html, /Upgrade: planned for the morning\./);
      const stored = (await web.services.incidents.get(maintenance.id, 'maintenance')).updates[0]!;
      assert.equal(stored.display_at.toISOString(), '2031-06-20T12:00:00.000Z');
    });

    it('answers 404 for an update of another incident, of the other kind, or unknown', async () => {
      const a = await incidentWithTwoUpdates('Alpha');
      const b = await incidentWithTwoUpdates('Beta');
      const maintenance = await web.services.incidents.createMaintenance(pageId, {
        name: 'Window',
        body: 'Window: planned.',
        scheduled_for: '2032-01-01T00:00:00Z',
        scheduled_until: '2032-01-01T01:00:00Z',
      });
      const mUpdate = maintenance.updates[0]!.id;
      for (const path of [
        `/admin/incidents/${a.incident.id}/updates/${b.first.id}/edit`,
        `/admin/maintenances/${a.incident.id}/updates/${a.first.id}/edit`,
        `/admin/incidents/${maintenance.id}/updates/${mUpdate}/edit`,
        `/admin/incidents/${a.incident.id}/updates/nosuchupdate/edit`,
      ]) {
        assert.equal((await browser.get(path)).status, 404, path);
      }
      const csrfFrom = (await browser.get(`/admin/incidents/${a.incident.id}`)).html;
      const post = await browser.post(
        `/admin/incidents/${a.incident.id}/updates/${b.first.id}/edit`,
        { body: 'Hijacked.', display_at: '2030-01-01T00:00' },
        csrfFrom,
      );
      assert.equal(post.status, 404);
      await post.arrayBuffer();
      const beta = (await web.services.incidents.get(b.incident.id)).updates.find(
        (update) => update.id === b.first.id,
      )!;
      assert.equal(beta.body, 'Beta: first text.', 'not changed through another incident');
    });
  });
}
