import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { autoIncidentAction } from './auto-incident.js';
import { MONITOR_STATUSES } from './monitor-status.js';
import type { MonitorStatus } from './monitor-status.js';

describe('autoIncidentAction', () => {
  const cases: Array<
    [MonitorStatus, MonitorStatus, boolean, ReturnType<typeof autoIncidentAction>]
  > = [
    ['up', 'down', false, 'open'],
    ['degraded', 'down', false, 'open'],
    ['pending', 'down', false, 'open'],
    // A monitor still down when its maintenance ends alerts then.
    ['maintenance', 'down', false, 'open'],
    ['up', 'down', true, 'none'],
    // While down: an incident a person resolved by hand is not reopened at once.
    ['down', 'down', false, 'none'],
    ['down', 'up', true, 'resolve'],
    ['degraded', 'up', true, 'resolve'],
    ['down', 'up', false, 'none'],
    // Partial recovery or lost sight is not a recovery.
    ['down', 'degraded', true, 'none'],
    ['down', 'stale', true, 'none'],
    ['down', 'paused', true, 'none'],
    ['down', 'maintenance', true, 'none'],
    ['up', 'degraded', false, 'none'],
  ];
  for (const [from, to, open, expected] of cases) {
    it(`${from} → ${to} with${open ? '' : 'out'} an open auto-incident: ${expected}`, () => {
      assert.equal(autoIncidentAction(from, to, open), expected);
    });
  }

  it('never opens a second incident nor resolves one that is not open (property)', () => {
    const status = fc.constantFrom(...MONITOR_STATUSES);
    fc.assert(
      fc.property(status, status, fc.boolean(), (from, to, open) => {
        const action = autoIncidentAction(from, to, open);
        if (open) assert.notEqual(action, 'open');
        else assert.notEqual(action, 'resolve');
      }),
    );
  });
});
