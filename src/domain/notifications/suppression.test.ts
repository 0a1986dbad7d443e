// Maintenance suppression: which moments a maintenance covers (including the seconds before its
// status flips), which kinds it holds back, and recoveries held back only where none of the
// trouble they end was heard.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryDecision, maintenanceCovers, underMaintenanceAt } from './suppression.js';

const window = {
  componentIds: ['db'],
  status: 'scheduled',
  scheduledFor: '2026-01-01T10:00:00.000Z',
  scheduledUntil: '2026-01-01T11:00:00.000Z',
};
const at = (time: string) => Date.parse(`2026-01-01T${time}Z`);

describe('maintenanceCovers', () => {
  it('covers a scheduled window from its start even before its status flips', () => {
    assert.equal(maintenanceCovers(window, at('09:59:59')), false);
    assert.equal(maintenanceCovers(window, at('10:00:00')), true);
    assert.equal(maintenanceCovers(window, at('10:00:05')), true);
    assert.equal(maintenanceCovers(window, at('11:00:00')), false);
  });

  it('covers a maintenance in progress or verifying at any time, a completed one never', () => {
    assert.equal(maintenanceCovers({ ...window, status: 'in_progress' }, at('09:00:00')), true);
    assert.equal(maintenanceCovers({ ...window, status: 'verifying' }, at('11:30:00')), true);
    assert.equal(maintenanceCovers({ ...window, status: 'completed' }, at('10:30:00')), false);
  });

  it('concerns only the monitors of its components', () => {
    assert.equal(underMaintenanceAt([window], ['db', 'api'], at('10:30:00')), true);
    assert.equal(underMaintenanceAt([window], ['api'], at('10:30:00')), false);
  });
});

describe('deliveryDecision', () => {
  const base = {
    underMaintenance: true,
    endsEventIds: [],
    suppressedForChannel: new Set<string>(),
  };

  it('holds back alerts under maintenance: down, degraded, stale, reminders', () => {
    for (const kind of ['monitor.down', 'monitor.degraded', 'monitor.stale', 'monitor.reminder']) {
      assert.deepEqual(deliveryDecision({ ...base, kind }), {
        deliver: false,
        reason: 'maintenance',
      });
    }
    for (const kind of ['monitor.recovered', 'monitor.certificate_expiring', 'incident.created']) {
      assert.deepEqual(deliveryDecision({ ...base, kind }), { deliver: true }, kind);
    }
    assert.deepEqual(deliveryDecision({ ...base, kind: 'monitor.down', underMaintenance: false }), {
      deliver: true,
    });
  });

  it('holds back a recovery only when all of the trouble it ends was held back there', () => {
    const recovered = { ...base, kind: 'monitor.recovered', underMaintenance: false };
    assert.deepEqual(
      deliveryDecision({
        ...recovered,
        endsEventIds: ['d1'],
        suppressedForChannel: new Set(['d1']),
      }),
      { deliver: false, reason: 'trouble_not_announced' },
    );
    assert.deepEqual(
      deliveryDecision({
        ...recovered,
        endsEventIds: ['d1', 'd2'],
        suppressedForChannel: new Set(['d1']),
      }),
      { deliver: true },
    );
    assert.deepEqual(deliveryDecision({ ...recovered, endsEventIds: ['d1'] }), { deliver: true });
  });
});
