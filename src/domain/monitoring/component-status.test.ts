import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COMPONENT_STATUSES, componentSeverity } from '../status.js';
import type { ComponentStatus } from '../status.js';
import {
  componentStatusFromMonitors,
  componentStatusOfMonitor,
  effectiveComponentStatus,
} from './component-status.js';
import type { MonitorHealth } from './component-status.js';
import { MONITOR_STATUSES } from './monitor-status.js';

const monitor = (
  status: MonitorHealth['status'],
  failingRegions: string[] = [],
): MonitorHealth => ({
  status,
  failingRegions,
});

describe('componentStatusOfMonitor', () => {
  const cases: Array<[MonitorHealth, ComponentStatus]> = [
    [monitor('down', ['eu', 'us']), 'major_outage'],
    [monitor('degraded', ['eu']), 'partial_outage'],
    [monitor('degraded'), 'degraded_performance'],
    [monitor('up'), 'operational'],
    [monitor('pending'), 'operational'],
    // No recent checks is not evidence of an outage.
    [monitor('stale', ['eu']), 'operational'],
    [monitor('paused', ['eu']), 'operational'],
    // The maintenance shows itself through the override, on the components it covers.
    [monitor('maintenance', ['eu', 'us']), 'operational'],
  ];
  for (const [health, expected] of cases) {
    it(`maps ${health.status} with ${health.failingRegions.length} failing region(s) to ${expected}`, () => {
      assert.equal(componentStatusOfMonitor(health), expected);
    });
  }
});

describe('componentStatusFromMonitors', () => {
  it('is operational without monitors', () => {
    assert.equal(componentStatusFromMonitors([]), 'operational');
  });

  it('takes the worst of its monitors', () => {
    assert.equal(
      componentStatusFromMonitors([
        monitor('up'),
        monitor('degraded'),
        monitor('degraded', ['eu']),
      ]),
      'partial_outage',
    );
    assert.equal(
      componentStatusFromMonitors([monitor('down', ['eu']), monitor('degraded', ['eu'])]),
      'major_outage',
    );
  });

  it('is as severe as its worst monitor and no more (property)', () => {
    const health = fc.record({
      status: fc.constantFrom(...MONITOR_STATUSES),
      failingRegions: fc.array(fc.constantFrom('eu', 'us'), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(health, { maxLength: 6 }), (monitors) => {
        const status = componentStatusFromMonitors(monitors);
        const each = monitors.map(componentStatusOfMonitor);
        assert.ok(status === 'operational' || each.includes(status));
        for (const one of each) assert.ok(componentSeverity(one) <= componentSeverity(status));
      }),
    );
  });
});

describe('effectiveComponentStatus', () => {
  it('lets a status set by an incident or maintenance win over the monitors', () => {
    assert.equal(
      effectiveComponentStatus('major_outage', 'under_maintenance'),
      'under_maintenance',
    );
    assert.equal(effectiveComponentStatus('operational', 'partial_outage'), 'partial_outage');
  });

  it('uses the monitors when nobody set a status', () => {
    for (const status of COMPONENT_STATUSES)
      assert.equal(effectiveComponentStatus(status, null), status);
  });
});
