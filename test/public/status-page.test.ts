// The public HTML site on both databases: what a visitor sees, how it follows changes made through
// the services, HTTP caching, paged history, permalinks and the escaping of stored text.
import { after as afterAll, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, type TestWeb } from '../support/web.js';
import { after, count, pageWhere } from './support/public-client.js';

const HOUR_MS = 3_600_000;

for (const backend of await databaseBackends()) {
  describe(`public status site on ${backend.name}`, { skip: backend.skip }, () => {
    let web: TestWeb;
    let pageId: string;
    let apiId: string;
    let incidentId: string;
    let maintenanceId: string;

    before(async () => {
      web = await startTestWeb(await backend.create());
    });
    afterAll(() => web?.close());

    it('says there is no status page yet before one is created', async () => {
      const home = await fetch(`${web.baseUrl}/`);
      assert.equal(home.status, 404);
      assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
      const body = await home.text();
      assert.match(body, /No status page yet/);
      assert.match(body, /href="\/admin"/);

      const unknown = await fetch(`${web.baseUrl}/s/nothing-here`);
      assert.equal(unknown.status, 404);
      assert.match(await unknown.text(), /Status page not found/);
    });

    it('shows banner, groups, components, active incident, upcoming maintenance and history', async () => {
      const { pages, incidents } = web.services;
      const page = await pages.createPage({
        slug: 'main',
        name: 'Acme & Co <Status>',
        time_zone: 'Europe/Paris',
      });
      pageId = page.id;
      const core = await pages.createGroup(pageId, { name: 'Core' });
      apiId = (await pages.createComponent(pageId, { name: 'API', group_id: core.id })).id;
      await pages.createComponent(pageId, { name: 'Website', group_id: core.id });
      await pages.createComponent(pageId, { name: 'Loose component' });
      await pages.createComponent(pageId, { name: 'Hidden thing', showcase: false });
      await pages.createComponent(pageId, { name: 'Quiet thing', only_show_if_degraded: true });
      incidentId = (
        await incidents.createIncident(pageId, {
          name: 'API errors',
          impact: 'major',
          body: 'We are **investigating**. <script>alert("pwned")</script><img src=x onerror=alert(1)>',
          components: { [apiId]: 'partial_outage' },
        })
      ).id;
      await incidents.postUpdate(incidentId, { status: 'identified', body: 'Found the cause.' });
      const startsAt = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + 48 * HOUR_MS);
      maintenanceId = (
        await incidents.createMaintenance(pageId, {
          name: 'Database upgrade',
          body: 'Planned work.',
          scheduled_for: startsAt.toISOString(),
          scheduled_until: new Date(startsAt.getTime() + 2 * HOUR_MS).toISOString(),
          component_ids: [apiId],
        })
      ).id;

      const { response, body } = await pageWhere(web, '/', (html) =>
        html.includes('Database upgrade'),
      );
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      // Document quality: language, viewport, colour schemes, skip link, feeds, no inline code.
      assert.match(body, /^<!doctype html><html lang="en">/);
      assert.match(body, /<meta name="viewport" content="width=device-width, initial-scale=1"\/>/);
      assert.match(body, /<meta name="color-scheme" content="light dark"\/>/);
      assert.match(body, /<a class="skip-link" href="#main">/);
      assert.match(body, /<main id="main"/);
      assert.match(
        body,
        /<link rel="alternate" type="application\/rss\+xml" title="[^"]*" href="\/feed.rss"\/>/,
      );
      assert.match(
        body,
        /<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="\/feed.atom"\/>/,
      );
      assert.doesNotMatch(body, /<script|\sstyle=|<style/i);
      assert.match(
        body,
        /<title>Acme &amp; Co &lt;Status> Status — Partial System Outage<\/title>/,
      );
      assert.ok(!body.includes('<Status>'), 'the page name is escaped');

      assert.match(after(body, 'class="banner tone-major"'), /Partial System Outage/);
      const group = after(body, 'class="group-name">Core</h3>', 300);
      assert.match(group, /Partial outage/, 'a group shows the worst status of its components');
      assert.match(after(body, '<span class="component-name">API</span>', 400), /Partial outage/);
      assert.match(after(body, '<span class="component-name">Website</span>', 400), /Operational/);
      assert.ok(body.includes('Loose component'));
      assert.ok(!body.includes('Hidden thing'), 'showcase: false hides a component');
      assert.ok(!body.includes('Quiet thing'), 'only_show_if_degraded hides it while operational');

      const active = after(body, 'id="active-incidents"', 3_000);
      assert.match(active, /API errors/);
      assert.match(active, /Identified/);
      assert.match(active, /Found the cause\./);
      assert.match(active, /We are <strong>investigating<\/strong>\./);
      assert.match(active, new RegExp(`href="/incidents/${incidentId}"`));
      assert.doesNotMatch(body, /onerror|pwned/);

      const upcoming = after(body, 'id="upcoming-maintenance"', 3_000);
      assert.match(upcoming, /Database upgrade/);
      const maintenance = await web.services.incidents.get(maintenanceId);
      assert.ok(
        upcoming.includes(`<time datetime="${maintenance.scheduled_for!.toISOString()}"`),
        'the window is given as a UTC instant in <time datetime>',
      );
      assert.match(upcoming, /GMT\+1|GMT\+2/, 'and shown in the page time zone');
      assert.match(body, /<a href="\/history">View full incident history<\/a>/);

      const bySlug = await fetch(`${web.baseUrl}/s/main`);
      assert.equal(bySlug.status, 200);
      assert.match(await bySlug.text(), /Database upgrade/);
    });

    it('shows a change made through the services on a following request', async () => {
      await web.services.pages.updateComponent(apiId, { status: 'major_outage' });
      const { body } = await pageWhere(web, '/', (html) => html.includes('Major System Outage'));
      assert.match(after(body, '<span class="component-name">API</span>', 400), /Major outage/);

      await web.services.incidents.postUpdate(incidentId, {
        status: 'resolved',
        body: 'All fixed.',
        components: { [apiId]: 'operational' },
      });
      const resolved = await pageWhere(web, '/', (html) => !html.includes('id="active-incidents"'));
      assert.match(resolved.body, /All Systems Operational/);
      assert.match(after(resolved.body, 'id="history-title"', 5_000), /API errors/);
    });

    it('answers with ETag and Cache-Control, and 304 when nothing changed', async () => {
      const first = await fetch(`${web.baseUrl}/`);
      const etag = first.headers.get('etag');
      assert.ok(etag, 'an ETag is sent');
      assert.match(first.headers.get('cache-control') ?? '', /^public, max-age=\d+/);
      const body = await first.text();

      const again = await fetch(`${web.baseUrl}/`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');

      await web.services.pages.updatePage(pageId, { description: 'Now with a description' });
      const changed = await pageWhere(web, '/', (html) => html.includes('Now with a description'));
      assert.notEqual(changed.response.headers.get('etag'), etag);
      const stale = await fetch(`${web.baseUrl}/`, { headers: { 'if-none-match': etag } });
      assert.equal(stale.status, 200);
      await stale.arrayBuffer();

      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(body)![1]!;
      const stylesheet = await fetch(web.baseUrl + css);
      assert.equal(stylesheet.status, 200);
      assert.match(stylesheet.headers.get('content-type') ?? '', /^text\/css/);
      assert.match(stylesheet.headers.get('cache-control') ?? '', /immutable/);
      assert.match(await stylesheet.text(), /prefers-color-scheme: dark/);
      const cssAgain = await fetch(web.baseUrl + css, {
        headers: { 'if-none-match': stylesheet.headers.get('etag')! },
      });
      assert.equal(cssAgain.status, 304);
    });

    it('pages the incident history ten at a time with prev/next links', async () => {
      const busy = await web.services.pages.createPage({ slug: 'busy', name: 'Busy' });
      let firstId = '';
      // More than the snapshot holds (50), so older pages and permalinks come from the database.
      for (let n = 1; n <= 55; n++) {
        const incident = await web.services.incidents.createIncident(busy.id, {
          name: `Incident number ${String(n).padStart(2, '0')}`,
          body: `Report ${n}`,
          status: 'resolved',
        });
        if (n === 1) firstId = incident.id;
      }
      const one = await pageWhere(web, '/s/busy/history', (html) =>
        html.includes('Incident number 55'),
      );
      assert.equal(count(one.body, 'class="history-entry'), 10);
      assert.match(one.body, /55 incidents reported/);
      assert.match(one.body, /rel="next" href="\/s\/busy\/history\?page=2"/);
      assert.doesNotMatch(one.body, /rel="prev"/);
      assert.ok(one.body.indexOf('number 55') < one.body.indexOf('number 46'), 'newest first');
      assert.ok(!one.body.includes('number 45'));

      const two = await fetch(`${web.baseUrl}/s/busy/history?page=2`);
      const twoBody = await two.text();
      assert.equal(two.status, 200);
      assert.match(twoBody, /rel="prev" href="\/s\/busy\/history"/);
      assert.match(twoBody, /rel="next" href="\/s\/busy\/history\?page=3"/);
      assert.match(twoBody, /Incident number 45/);

      const last = await (await fetch(`${web.baseUrl}/s/busy/history?page=6`)).text();
      assert.equal(count(last, 'class="history-entry'), 5);
      assert.match(last, /Incident number 01/);
      assert.doesNotMatch(last, /rel="next"/);
      assert.match(last, /rel="prev" href="\/s\/busy\/history\?page=5"/);

      assert.equal((await fetch(`${web.baseUrl}/s/busy/history?page=7`)).status, 404);
      for (const bad of ['0', 'abc', '-1', '1.5', '99999999']) {
        const response = await fetch(`${web.baseUrl}/s/busy/history?page=${bad}`);
        assert.equal(response.status, 400, `page=${bad}`);
        const error = (await response.json()) as { error: { code: string; field: string } };
        assert.equal(error.error.field, 'page');
      }

      // An old incident is beyond the snapshot: its permalink is read from the database.
      const old = await fetch(`${web.baseUrl}/s/busy/incidents/${firstId}`);
      assert.equal(old.status, 200);
      assert.match(await old.text(), /Incident number 01/);
      const elsewhere = await fetch(`${web.baseUrl}/incidents/${firstId}`);
      assert.equal(elsewhere.status, 404, 'an incident of another page is not found here');
      await elsewhere.arrayBuffer();

      const main = await (await fetch(`${web.baseUrl}/history`)).text();
      assert.equal(count(main, 'class="history-entry'), 1);
      assert.doesNotMatch(main, /rel="next"/);
    });

    it('has a permalink page per incident and maintenance, and 404 for unknown ones', async () => {
      const incident = await fetch(`${web.baseUrl}/incidents/${incidentId}`);
      assert.equal(incident.status, 200);
      const body = await incident.text();
      assert.match(body, /<h1 class="page-title">API errors<\/h1>/);
      for (const text of ['Resolved', 'Identified', 'Investigating', 'All fixed.'])
        assert.ok(body.includes(text), text);
      assert.match(body, /API<\/span>: <span>Operational<\/span>/);
      assert.doesNotMatch(body, /<script|onerror/);

      const bySlug = await fetch(`${web.baseUrl}/s/main/incidents/${incidentId}`);
      assert.equal(bySlug.status, 200);
      await bySlug.arrayBuffer();
      const maintenance = await fetch(`${web.baseUrl}/incidents/${maintenanceId}`);
      assert.equal(maintenance.status, 200);
      assert.match(await maintenance.text(), /Scheduled for/);

      for (const path of [
        '/incidents/doesnotexist',
        '/s/main/incidents/x',
        '/s/nope/incidents/x',
      ]) {
        const missing = await fetch(web.baseUrl + path);
        assert.equal(missing.status, 404, path);
        assert.match(missing.headers.get('content-type') ?? '', /^text\/html/);
        await missing.arrayBuffer();
      }
    });
  });
}
