// The rule of what the public history shows (incidents at once, maintenances once begun), its
// order, the summary line of the history page, and the recent days of the status page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAINTENANCE_STATUSES, INCIDENT_STATUSES } from '../../src/domain/status.js';
import type { IncidentDetail } from '../../src/store/incident-repository.js';
import { historyDays } from '../../src/web/public/history-days.js';
import { historyTime, inHistory, newestFirst } from '../../src/web/public/history-rule.js';
import { PageClock } from '../../src/web/public/time-format.js';
import { historySummary } from '../../src/web/public/views/history.js';

const HOUR_MS = 3_600_000;
const now = new Date('2025-03-10T12:00:00Z');

function entry(
  id: string,
  kind: 'incident' | 'maintenance',
  status: string,
  at: Date,
  createdAt = at,
): IncidentDetail {
  const maintenance = kind === 'maintenance';
  return {
    id,
    page_id: 'p',
    kind,
    name: id,
    status,
    impact: maintenance ? 'maintenance' : 'minor',
    created_at: createdAt,
    updated_at: createdAt,
    started_at: at,
    monitoring_at: null,
    resolved_at: status === 'resolved' || status === 'completed' ? at : null,
    scheduled_for: maintenance ? at : null,
    scheduled_until: maintenance ? new Date(at.getTime() + HOUR_MS) : null,
    auto_transition: false,
    updates: [],
    component_ids: [],
  };
}

describe('history rule', () => {
  it('shows every incident, open or not, and a maintenance only once it has begun', () => {
    for (const status of INCIDENT_STATUSES)
      assert.equal(inHistory({ kind: 'incident', status }), true, status);
    const shown = MAINTENANCE_STATUSES.filter((status) =>
      inHistory({ kind: 'maintenance', status }),
    );
    assert.deepEqual(shown, ['in_progress', 'verifying', 'completed']);
  });

  it('dates an incident by its opening and a maintenance by the start of its window', () => {
    const opened = new Date(now.getTime() - 5 * HOUR_MS);
    const backdated = entry('i', 'incident', 'resolved', new Date(0), opened);
    assert.equal(historyTime(backdated).getTime(), opened.getTime());
    // Scheduled long after it was announced: its place is its window, not its creation.
    const window = new Date(now.getTime() - HOUR_MS);
    const announced = new Date(now.getTime() - 48 * HOUR_MS);
    const planned = entry('m', 'maintenance', 'completed', window, announced);
    assert.equal(historyTime(planned).getTime(), window.getTime());
  });

  it('orders newest first and breaks ties by id, the way the database does', () => {
    const at = new Date(now.getTime() - HOUR_MS);
    const sorted = [
      entry('b1', 'incident', 'resolved', at),
      entry('old', 'incident', 'resolved', new Date(at.getTime() - 1)),
      entry('a9', 'maintenance', 'completed', at),
      entry('new', 'maintenance', 'in_progress', new Date(at.getTime() + 1)),
      entry('b2', 'incident', 'investigating', at),
    ].sort(newestFirst);
    assert.deepEqual(
      sorted.map((e) => e.id),
      ['new', 'b2', 'b1', 'a9', 'old'],
    );
  });

  it('sums up what the history holds', () => {
    assert.equal(
      historySummary({ incidents: 0, maintenances: 0 }),
      'No incidents have been reported.',
    );
    assert.equal(
      historySummary({ incidents: 1, maintenances: 0 }),
      '1 incident reported, newest first.',
    );
    assert.equal(
      historySummary({ incidents: 12, maintenances: 3 }),
      '12 incidents and 3 maintenance windows reported, newest first.',
    );
    assert.equal(
      historySummary({ incidents: 0, maintenances: 1 }),
      '1 maintenance window reported, newest first.',
    );
  });

  it('puts begun maintenances, not scheduled ones, into the recent days of the status page', () => {
    const earlier = new Date(now.getTime() - 2 * HOUR_MS);
    const days = historyDays({
      incidents: [entry('open', 'incident', 'investigating', earlier)],
      incidentsComplete: true,
      maintenances: [
        entry('later-today', 'maintenance', 'scheduled', new Date(now.getTime() + HOUR_MS)),
        entry('overdue', 'maintenance', 'scheduled', earlier),
        entry('running', 'maintenance', 'in_progress', now),
        entry('checking', 'maintenance', 'verifying', earlier),
        entry('done', 'maintenance', 'completed', new Date(now.getTime() - 24 * HOUR_MS)),
      ],
      maintenancesComplete: true,
      clock: new PageClock('UTC'),
      now,
      days: 3,
    });
    assert.deepEqual(
      days.map((day) => [day.key, day.entries.map((e) => e.id).sort()]),
      [
        ['2025-03-10', ['checking', 'open', 'running']],
        ['2025-03-09', ['done']],
        ['2025-03-08', []],
      ],
    );
  });
});
