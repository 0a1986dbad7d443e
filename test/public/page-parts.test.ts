// Pure parts of the public site: permalinks, which components show, the days of recent history,
// time zones, badge sizing and XML escaping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncidentDetail } from '../../src/store/incident-repository.js';
import type { ComponentGroupRow, ComponentRow } from '../../src/store/schema.js';
import { incidentPermalink, pagePath } from '../../src/web/public/links.js';
import { componentLayout } from '../../src/web/public/component-layout.js';
import { historyDays } from '../../src/web/public/history-days.js';
import { PageClock, dayKeyLabel } from '../../src/web/public/time-format.js';
import { renderBadge, textWidth } from '../../src/web/public/badge.js';
import { xmlText } from '../../src/web/public/xml-text.js';
import { parseXml } from './support/strict-xml.js';

const DAY_MS = 86_400_000;

function component(overrides: Partial<ComponentRow>): ComponentRow {
  return {
    id: 'c',
    page_id: 'p',
    group_id: null,
    name: 'C',
    description: '',
    status: 'operational',
    position: 0,
    showcase: true,
    only_show_if_degraded: false,
    auto_incident: false,
    start_date: null,
    created_at: new Date(0),
    updated_at: new Date(0),
    ...overrides,
  };
}

function incident(id: string, startedAt: Date, createdAt = startedAt): IncidentDetail {
  return {
    id,
    page_id: 'p',
    kind: 'incident',
    name: id,
    status: 'resolved',
    impact: 'minor',
    created_at: createdAt,
    updated_at: createdAt,
    started_at: startedAt,
    monitoring_at: null,
    resolved_at: createdAt,
    scheduled_for: null,
    scheduled_until: null,
    auto_transition: false,
    updates: [],
    component_ids: [],
  };
}

describe('public site links', () => {
  it('puts the default page at the root and others under /s/<slug>', () => {
    const main = { slug: 'main', is_default: true };
    const other = { slug: 'other', is_default: false };
    assert.equal(incidentPermalink('https://x.io/', main, 'abc'), 'https://x.io/incidents/abc');
    assert.equal(
      incidentPermalink('https://x.io', other, 'abc'),
      'https://x.io/s/other/incidents/abc',
    );
    assert.equal(pagePath(main), '/');
    assert.equal(pagePath(other), '/s/other');
    assert.equal(pagePath(other, '/history'), '/s/other/history');
  });
});

describe('component layout', () => {
  it('hides non-showcase and quiet operational components and shows the worst status per group', () => {
    const group: ComponentGroupRow = {
      id: 'g',
      page_id: 'p',
      name: 'G',
      description: '',
      position: 0,
      created_at: new Date(0),
      updated_at: new Date(0),
    };
    const empty: ComponentGroupRow = { ...group, id: 'empty', name: 'Empty' };
    const layout = componentLayout(
      [group, empty],
      [
        component({ id: 'a', group_id: 'g', status: 'degraded_performance' }),
        component({ id: 'b', group_id: 'g', status: 'partial_outage' }),
        component({ id: 'hidden', group_id: 'g', status: 'major_outage', showcase: false }),
        component({ id: 'quiet', only_show_if_degraded: true }),
        component({ id: 'loud', only_show_if_degraded: true, status: 'major_outage' }),
        component({ id: 'lonely', group_id: 'empty', showcase: false }),
      ],
    );
    assert.deepEqual(
      layout.ungrouped.map((c) => c.id),
      ['loud'],
    );
    assert.equal(layout.groups.length, 1, 'a group with nothing visible is left out');
    assert.deepEqual(
      layout.groups[0]!.components.map((c) => c.id),
      ['a', 'b'],
    );
    assert.equal(layout.groups[0]!.worst, 'partial_outage');
  });
});

describe('recent history days', () => {
  const clock = new PageClock('Europe/Paris');
  const now = new Date('2025-03-10T12:00:00Z');

  it('lists every day with its incidents, newest day first', () => {
    const days = historyDays({
      incidents: [
        incident('today', now),
        incident('two-days-ago', new Date(now.getTime() - 2 * DAY_MS)),
      ],
      incidentsComplete: true,
      maintenances: [],
      maintenancesComplete: true,
      clock,
      now,
      days: 7,
    });
    assert.equal(days.length, 7);
    assert.equal(days[0]!.key, '2025-03-10');
    assert.equal(days[6]!.key, '2025-03-04');
    assert.deepEqual(
      days[0]!.entries.map((e) => e.id),
      ['today'],
    );
    assert.deepEqual(days[1]!.entries, []);
    assert.deepEqual(
      days[2]!.entries.map((e) => e.id),
      ['two-days-ago'],
    );
  });

  it('uses the page time zone for the calendar day', () => {
    // 23:30 UTC on the 9th is already the 10th in Paris.
    const late = incident('late', new Date('2025-03-09T23:30:00Z'));
    const days = historyDays({
      incidents: [late],
      incidentsComplete: true,
      maintenances: [],
      maintenancesComplete: true,
      clock,
      now,
      days: 2,
    });
    assert.deepEqual(
      days[0]!.entries.map((e) => e.id),
      ['late'],
    );
  });

  it('leaves out days older than a list that was cut at its limit', () => {
    const days = historyDays({
      incidents: [incident('recent', new Date(now.getTime() - DAY_MS))],
      incidentsComplete: false,
      maintenances: [],
      maintenancesComplete: true,
      clock,
      now,
      days: 7,
    });
    assert.deepEqual(
      days.map((d) => d.key),
      ['2025-03-10', '2025-03-09'],
    );
  });

  it('labels a day the same whatever the zone', () => {
    assert.equal(dayKeyLabel('2025-03-05'), 'Wed, March 5, 2025');
    assert.equal(
      new PageClock('Pacific/Kiritimati').dayKey(new Date('2025-03-05T12:00:00Z')),
      '2025-03-06',
    );
    assert.equal(new PageClock('Not/AZone').timeZone, 'UTC');
  });
});

describe('badges and XML text', () => {
  it('sizes the badge to its text and stays well-formed with any text', () => {
    assert.ok(textWidth('major outage') > textWidth('ok'));
    const svg = renderBadge({ label: 'A & <B> "c"\u0000', message: 'operational', tone: 'ok' });
    const root = parseXml(svg);
    assert.equal(
      Number(root.attributes.width),
      textWidth('A & <B> "c"') + textWidth('operational') + 24,
    );
    const long = renderBadge({ label: 'x'.repeat(500), message: 'operational', tone: 'ok' });
    assert.ok(Number(parseXml(long).attributes.width) < 500, 'long labels are shortened');
  });

  it('escapes markup and drops characters XML forbids', () => {
    assert.equal(
      xmlText(`<a href="x">&'</a>\u0007\uD800`),
      '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;',
    );
  });
});
