import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  COMPONENT_STATUSES,
  INCIDENT_IMPACTS,
  componentSeverity,
  pageStatus,
  worstComponentStatus,
} from './status.js';

describe('worstComponentStatus', () => {
  it('is operational for no components', () => {
    assert.equal(worstComponentStatus([]), 'operational');
  });

  it('ranks a major outage above everything and maintenance below any unplanned trouble', () => {
    assert.equal(
      worstComponentStatus(['operational', 'major_outage', 'degraded_performance']),
      'major_outage',
    );
    assert.equal(
      worstComponentStatus(['under_maintenance', 'degraded_performance']),
      'degraded_performance',
    );
    assert.equal(worstComponentStatus(['operational', 'under_maintenance']), 'under_maintenance');
  });

  it('returns a member of its input at least as severe as every other (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...COMPONENT_STATUSES), { minLength: 1 }),
        (statuses) => {
          const worst = worstComponentStatus(statuses);
          assert.ok(statuses.includes(worst));
          for (const status of statuses)
            assert.ok(componentSeverity(status) <= componentSeverity(worst));
        },
      ),
    );
  });
});

describe('pageStatus', () => {
  it('says all systems operational when nothing is wrong', () => {
    assert.deepEqual(
      pageStatus({
        componentStatuses: ['operational'],
        unresolvedImpacts: [],
        maintenanceActive: false,
      }),
      {
        indicator: 'none',
        description: 'All Systems Operational',
      },
    );
  });

  it('maps component statuses onto Statuspage indicators', () => {
    const indicator = (status: (typeof COMPONENT_STATUSES)[number]) =>
      pageStatus({ componentStatuses: [status], unresolvedImpacts: [], maintenanceActive: false })
        .indicator;
    assert.equal(indicator('degraded_performance'), 'minor');
    assert.equal(indicator('partial_outage'), 'major');
    assert.equal(indicator('major_outage'), 'critical');
    assert.equal(indicator('under_maintenance'), 'maintenance');
  });

  it('takes the worst of an open incident and the components', () => {
    const status = pageStatus({
      componentStatuses: ['degraded_performance'],
      unresolvedImpacts: ['critical'],
      maintenanceActive: true,
    });
    assert.equal(status.indicator, 'critical');
    assert.equal(status.description, 'Major System Outage');
  });

  it('shows maintenance when a window is active and nothing is broken', () => {
    assert.equal(
      pageStatus({
        componentStatuses: ['operational'],
        unresolvedImpacts: ['none'],
        maintenanceActive: true,
      }).indicator,
      'maintenance',
    );
  });

  it('never reports a better indicator when more trouble is added (property)', () => {
    const order = ['none', 'maintenance', 'minor', 'major', 'critical'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...COMPONENT_STATUSES)),
        fc.array(fc.constantFrom(...INCIDENT_IMPACTS)),
        fc.constantFrom(...COMPONENT_STATUSES),
        fc.boolean(),
        (components, impacts, extra, maintenance) => {
          const before = pageStatus({
            componentStatuses: components,
            unresolvedImpacts: impacts,
            maintenanceActive: maintenance,
          });
          const after = pageStatus({
            componentStatuses: [...components, extra],
            unresolvedImpacts: impacts,
            maintenanceActive: maintenance,
          });
          assert.ok(order.indexOf(after.indicator) >= order.indexOf(before.indicator));
        },
      ),
    );
  });
});
