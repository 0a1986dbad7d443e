// The paged public history on both databases: incidents and maintenances together, newest first by
// when they happened, from the snapshot and from the database alike; a maintenance joins the
// history only once it has begun; counts, pager links and permalinks.
import { after as afterAll, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Insertable } from 'kysely';
import { IncidentRepository } from '../../src/store/incident-repository.js';
import type { IncidentRow, IncidentsTable } from '../../src/store/schema.js';
import {
  HISTORY_MAINTENANCE_STATUSES,
  inHistory,
  newestFirst,
} from '../../src/web/public/history-rule.js';
import { databaseBackends } from '../support/databases.js';
import { startTestWeb, type TestWeb } from '../support/web.js';
import { after, eventually, pageWhere } from './support/public-client.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface ListedEntry {
  href: string;
  name: string;
  html: string;
}

/** The entries of a history page, in page order. */
function listed(html: string): ListedEntry[] {
  return html
    .split('<article class="history-entry')
    .slice(1)
    .map((chunk) => {
      const link = /class="history-title"><a href="([^"]+)">([^<]+)<\/a>/.exec(chunk);
      assert.ok(link, 'every history entry links to its permalink');
      return { href: link[1]!, name: link[2]!, html: chunk.slice(0, chunk.indexOf('</article>')) };
    });
}

async function fetchHtml(web: TestWeb, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(web.baseUrl + path);
  return { status: response.status, body: await response.text() };
}

/** Every entry of every page of a history, following the "Older" links from the first page. */
async function wholeHistory(
  web: TestWeb,
  firstPath: string,
): Promise<{ pages: string[]; entries: ListedEntry[] }> {
  const pages: string[] = [];
  let path: string | undefined = firstPath;
  while (path !== undefined) {
    const { status, body } = await fetchHtml(web, path);
    assert.equal(status, 200, path);
    pages.push(body);
    path = /rel="next" href="([^"]+)"/.exec(body)?.[1];
    assert.ok(pages.length <= 20, 'the pager ends');
  }
  return { pages, entries: pages.flatMap(listed) };
}

/** A moment after `created` (stored to the microsecond, read to the millisecond), before the next row. */
async function momentAfter(created: Date): Promise<Date> {
  const moment = new Date(created.getTime() + 1);
  // The next row's created_at is taken by the database clock once this returns, so it must be past.
  await eventually('the clock to pass the chosen moment', async () =>
    Date.now() > moment.getTime() + 1 ? true : undefined,
  );
  return moment;
}

for (const backend of await databaseBackends()) {
  describe(
    `public history of incidents and maintenances on ${backend.name}`,
    { skip: backend.skip },
    () => {
      let web: TestWeb;
      let archiveId: string;
      let mixedId: string;
      let upcomingId: string;

      before(async () => {
        web = await startTestWeb(await backend.create());
        // The first page is the default one, so its history is at /history.
        archiveId = (await web.services.pages.createPage({ slug: 'archive', name: 'Archive' })).id;
        mixedId = (await web.services.pages.createPage({ slug: 'mixed', name: 'Mixed' })).id;
      });
      afterAll(() => web?.close());

      it('lists incidents and begun maintenances together, newest first, across pages', async () => {
        const incidents = web.services.incidents;
        const now = Date.now();
        const incident = async (n: number) =>
          incidents.createIncident(mixedId, {
            name: `Incident ${String(n).padStart(2, '0')}`,
            body: `Report ${n}`,
            status: n === 3 ? 'investigating' : 'resolved',
          });
        const maintenance = (name: string, status: string, from: Date, hours = 1) =>
          incidents.createMaintenance(mixedId, {
            name,
            body: `${name} notice`,
            status,
            scheduled_for: from.toISOString(),
            scheduled_until: new Date(from.getTime() + hours * HOUR_MS).toISOString(),
            auto_transition: false,
          });

        const made: Record<number, { created_at: Date }> = {};
        for (let n = 1; n <= 4; n++) made[n] = await incident(n);
        const betweenFourAndFive = await momentAfter(made[4]!.created_at);
        for (let n = 5; n <= 8; n++) made[n] = await incident(n);
        await maintenance('Maintenance one', 'completed', await momentAfter(made[8]!.created_at));
        for (let n = 9; n <= 15; n++) made[n] = await incident(n);
        await maintenance(
          'Maintenance two',
          'in_progress',
          await momentAfter(made[15]!.created_at),
          2,
        );
        for (let n = 16; n <= 19; n++) made[n] = await incident(n);
        // Made last, yet placed by their windows: one among the incidents, one before them all.
        await maintenance('Maintenance between', 'completed', betweenFourAndFive);
        await maintenance('Maintenance last week', 'completed', new Date(now - 7 * DAY_MS));
        // Only scheduled, so not history yet: one ahead, one whose start passed unnoticed.
        upcomingId = (await maintenance('Upcoming window', 'scheduled', new Date(now + DAY_MS))).id;
        await maintenance('Overdue window', 'scheduled', new Date(now - 3 * HOUR_MS));

        const inc = (n: number) => `Incident ${String(n).padStart(2, '0')}`;
        const range = (from: number, to: number) =>
          Array.from({ length: from - to + 1 }, (_, i) => inc(from - i));
        const expected = [
          ...range(19, 16),
          'Maintenance two',
          ...range(15, 9),
          'Maintenance one',
          ...range(8, 5),
          'Maintenance between',
          ...range(4, 1),
          'Maintenance last week',
        ];

        const first = await pageWhere(web, '/s/mixed/history', (html) =>
          html.includes('19 incidents and 4 maintenance'),
        );
        assert.match(first.body, /19 incidents and 4 maintenance windows reported, newest first\./);
        assert.match(first.body, /Page 1 of 3/);
        const { pages, entries } = await wholeHistory(web, '/s/mixed/history');
        assert.equal(pages.length, 3);
        assert.deepEqual(
          pages.map((html) => listed(html).length),
          [10, 10, 3],
        );
        assert.deepEqual(
          entries.map((entry) => entry.name),
          expected,
        );
        assert.match(pages[1]!, /rel="prev" href="\/s\/mixed\/history"/);
        assert.match(pages[1]!, /rel="next" href="\/s\/mixed\/history\?page=3"/);
        assert.match(pages[2]!, /rel="prev" href="\/s\/mixed\/history\?page=2"/);
        assert.match(pages[2]!, /Page 3 of 3/);
        assert.equal((await fetchHtml(web, '/s/mixed/history?page=4')).status, 404);
        for (const html of pages) assert.doesNotMatch(html, /Upcoming window|Overdue window/);

        for (const entry of entries) {
          const isMaintenance = entry.name.startsWith('Maintenance');
          assert.equal(
            entry.html.includes('<span class="chip history-kind">Maintenance</span>'),
            isMaintenance,
            `${entry.name} is labelled by its kind`,
          );
          const id = decodeURIComponent(entry.href.split('/').pop()!);
          const stored = await incidents.get(id);
          assert.equal(stored.name, entry.name);
          if (isMaintenance) {
            // The window is shown, as instants in <time datetime>.
            assert.ok(entry.html.includes('Scheduled for'), entry.name);
            for (const at of [stored.scheduled_for!, stored.scheduled_until!])
              assert.ok(entry.html.includes(`datetime="${at.toISOString()}"`), entry.name);
          }
          const permalink = await fetchHtml(web, entry.href);
          assert.equal(permalink.status, 200, entry.href);
          assert.ok(
            permalink.body.includes(`<h1 class="page-title">${entry.name}</h1>`),
            `${entry.href} is the page of ${entry.name}`,
          );
        }
        const open = entries.find((entry) => entry.name === inc(3))!;
        assert.match(open.html, /· ongoing/, 'an open incident is history already, marked ongoing');
        const running = entries.find((entry) => entry.name === 'Maintenance two')!;
        assert.match(running.html, /In progress/);

        // Still announced as upcoming on the status page itself.
        const home = await fetchHtml(web, '/s/mixed');
        const upcoming = after(home.body, 'id="upcoming-maintenance"', 5_000);
        assert.match(upcoming, /Upcoming window/);
        assert.match(upcoming, /Overdue window/);
      });

      it('adds a scheduled maintenance to the history when it starts', async () => {
        await web.services.incidents.postUpdate(upcomingId, {
          status: 'in_progress',
          body: 'Started early.',
        });
        const { body } = await pageWhere(web, '/s/mixed/history', (html) =>
          html.includes('Upcoming window'),
        );
        assert.match(body, /19 incidents and 5 maintenance windows reported/);
        assert.match(body, /Page 1 of 3/);
        const entries = listed(body);
        // Its window begins tomorrow, so it is the newest entry.
        assert.equal(entries[0]!.name, 'Upcoming window');
        assert.equal(entries[0]!.href, `/s/mixed/incidents/${upcomingId}`);
        assert.match(entries[0]!.html, /Started early\./);
        assert.equal(entries[1]!.name, 'Incident 19');
        const last = listed((await fetchHtml(web, '/s/mixed/history?page=3')).body);
        assert.deepEqual(
          last.map((entry) => entry.name),
          ['Incident 03', 'Incident 02', 'Incident 01', 'Maintenance last week'],
        );
      });

      it('reads a history larger than the snapshot from the database in the same order', async () => {
        const base = Date.UTC(2024, 0, 1);
        // Announced long after every incident: ordering by creation would put maintenances first.
        const announced = new Date(base + 1_000 * HOUR_MS);
        const rows: Insertable<IncidentsTable>[] = [];
        for (let k = 0; k < 56; k++) {
          const at = new Date(base + (k === 11 ? 10 : k) * HOUR_MS);
          rows.push({
            // Mixed case: bytewise and dictionary orders of these ids differ.
            id: k === 11 ? 'Zulu-tie' : k === 10 ? 'alpha-tie' : `inc${String(k).padStart(3, '0')}`,
            page_id: archiveId,
            kind: 'incident',
            name: `Archived incident ${k}`,
            status: k % 9 === 0 ? 'monitoring' : 'resolved',
            impact: 'minor',
            created_at: at,
            updated_at: at,
            started_at: at,
            resolved_at: k % 9 === 0 ? null : at,
            auto_transition: false,
          });
        }
        const statuses = ['scheduled', 'in_progress', 'verifying', 'completed'];
        for (let k = 0; k < 14; k++) {
          // Every third one starts exactly when an incident was opened.
          const from = new Date(base + (k % 3 === 0 ? 4 * k : 4 * k + 1.5) * HOUR_MS);
          const status = statuses[(k + 3) % 4]!;
          rows.push({
            id: `mnt${200 - k}`, // unrelated to the window, so only scheduled_for orders them
            page_id: archiveId,
            kind: 'maintenance',
            name: `Archived maintenance ${k}`,
            status,
            impact: 'maintenance',
            created_at: announced,
            updated_at: announced,
            started_at: from,
            scheduled_for: from,
            scheduled_until: new Date(from.getTime() + HOUR_MS),
            resolved_at: status === 'completed' ? from : null,
            auto_transition: false,
          });
        }
        const stored = await web.database.db
          .insertInto('incidents')
          .values(rows)
          .returningAll()
          .execute();
        // Written behind the services' back, so the snapshot is told by hand.
        web.snapshots.invalidate(archiveId);
        const reference = stored.filter(inHistory).sort(newestFirst);
        assert.equal(reference.length, 56 + 10);

        const { pages, entries } = await wholeHistory(web, '/history');
        assert.match(pages[0]!, /56 incidents and 10 maintenance windows reported, newest first\./);
        assert.equal(pages.length, 7);
        assert.match(pages[0]!, /rel="next" href="\/history\?page=2"/);
        assert.match(pages[6]!, /Page 7 of 7/);
        assert.match(pages[6]!, /rel="prev" href="\/history\?page=6"/);
        assert.deepEqual(
          entries.map((entry) => entry.href),
          reference.map((row) => `/incidents/${row.id}`),
        );
        assert.equal((await fetchHtml(web, '/history?page=8')).status, 404);
        assert.equal((await fetchHtml(web, '/s/archive/history?page=7')).status, 200);

        // Maintenances deep in the history keep their permalinks.
        for (const entry of listed(pages[6]!)) {
          const permalink = await fetchHtml(web, entry.href);
          assert.equal(permalink.status, 200, entry.href);
          assert.ok(permalink.body.includes(entry.name), entry.href);
        }
        assert.ok(
          listed(pages[6]!).some((entry) => entry.href.includes('/mnt')),
          'the last page holds a maintenance',
        );

        // The repository pages the same order at any offset, and counts by kind.
        const repository = new IncidentRepository(web.database.db);
        const filter = { pageId: archiveId, maintenanceStatuses: HISTORY_MAINTENANCE_STATUSES };
        const ids = (list: IncidentRow[]) => list.map((row) => row.id);
        // Small pages cut each kind's side before the merge, which larger ones never do here.
        for (const limit of [3, 7, 25]) {
          for (let offset = 0; offset <= reference.length; offset += limit) {
            const page = await repository.listHistory({ ...filter, limit, offset });
            const want = ids(reference.slice(offset, offset + limit));
            assert.deepEqual(ids(page), want, `limit ${limit}, offset ${offset}`);
            for (const row of page) assert.ok(!('happened_at' in row), 'rows carry no sort key');
          }
        }
        assert.deepEqual(await repository.countHistory(filter), {
          incidents: 56,
          maintenances: 10,
        });
        const incidentsOnly = { pageId: archiveId, maintenanceStatuses: [] };
        assert.deepEqual(await repository.countHistory(incidentsOnly), {
          incidents: 56,
          maintenances: 0,
        });
        assert.deepEqual(
          ids(await repository.listHistory({ ...incidentsOnly, limit: 100 })),
          ids(reference.filter((row) => row.kind === 'incident')),
        );
        assert.deepEqual(await repository.countHistory({ ...filter, pageId: mixedId }), {
          incidents: 19,
          maintenances: 5,
        });
      });
    },
  );
}
