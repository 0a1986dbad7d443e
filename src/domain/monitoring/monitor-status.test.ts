import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessMonitor } from './monitor-status.js';
import type { AssessmentInput, MonitorStatus } from './monitor-status.js';
import type { RegionVerdict } from './region-verdict.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const INTERVAL = 60_000;

/** A region whose latest result is `ageMs` old (null: never reported). */
function region(
  name: string,
  failing: boolean,
  options: { ageMs?: number | null; latencyMs?: number; passed?: boolean } = {},
): RegionVerdict {
  const ageMs = options.ageMs === undefined ? 1_000 : options.ageMs;
  return {
    region: name,
    failing,
    consecutiveFailures: failing ? 3 : 0,
    consecutiveSuccesses: failing ? 0 : 2,
    lastFailure: null,
    lastResult:
      ageMs === null
        ? null
        : {
            resultId: `${name}-last`,
            checkedAt: new Date(NOW - ageMs).toISOString(),
            passed: options.passed ?? !failing,
            latencyMs: options.latencyMs ?? 100,
            error: null,
            failedConditions: [],
          },
  };
}

function assess(verdicts: RegionVerdict[], overrides: Partial<AssessmentInput> = {}) {
  return assessMonitor({
    verdicts,
    settings: {
      intervalMs: INTERVAL,
      quorum: Math.floor(verdicts.length / 2) + 1,
      degradedLatencyMs: 500,
      paused: false,
    },
    context: { underMaintenance: false },
    atMs: NOW,
    observingSinceMs: NOW - 3_600_000,
    ...overrides,
  });
}

/** Status with `failing` of `total` regions failing and the default majority quorum. */
function withFailing(total: number, failing: number): MonitorStatus {
  const names = ['a', 'b', 'c', 'd', 'e'].slice(0, total);
  return assess(names.map((name, i) => region(name, i < failing))).status;
}

describe('assessMonitor quorum', () => {
  const cases: Array<[regions: number, statuses: MonitorStatus[]]> = [
    [1, ['up', 'down']],
    [2, ['up', 'degraded', 'down']],
    [3, ['up', 'degraded', 'down', 'down']],
    [5, ['up', 'degraded', 'degraded', 'down', 'down', 'down']],
  ];
  for (const [total, statuses] of cases) {
    it(`with ${total} region(s) and a majority quorum: ${statuses.join(', ')} for 0..${total} failing`, () => {
      assert.deepEqual(
        statuses.map((_, failing) => withFailing(total, failing)),
        statuses,
      );
    });
  }

  it('honours an explicit quorum of 1 out of 3', () => {
    const verdicts = [region('a', true), region('b', false), region('c', false)];
    const settings = { intervalMs: INTERVAL, quorum: 1, degradedLatencyMs: null, paused: false };
    assert.equal(assess(verdicts, { settings }).status, 'down');
  });

  it('lists failing, ok and silent regions in the settings order', () => {
    const result = assess([
      region('c', true),
      region('a', false),
      region('b', true, { ageMs: null }),
    ]);
    assert.deepEqual(result.failingRegions, ['c']);
    assert.deepEqual(result.okRegions, ['a']);
    assert.deepEqual(result.silentRegions, ['b']);
  });
});

describe('assessMonitor latency', () => {
  it('is degraded when a passing region is over the limit', () => {
    const result = assess([region('a', false, { latencyMs: 501 }), region('b', false)]);
    assert.equal(result.status, 'degraded');
    assert.deepEqual(result.slowRegions, ['a']);
  });

  it('is up at exactly the limit and without a limit', () => {
    assert.equal(assess([region('a', false, { latencyMs: 500 })]).status, 'up');
    const settings = { intervalMs: INTERVAL, quorum: 1, degradedLatencyMs: null, paused: false };
    assert.equal(assess([region('a', false, { latencyMs: 9_000 })], { settings }).status, 'up');
  });

  it('ignores the latency of a failed check (thresholds judge failures)', () => {
    const result = assess([region('a', false, { latencyMs: 9_000, passed: false })]);
    assert.equal(result.status, 'up');
  });
});

describe('assessMonitor staleness', () => {
  it('leaves out a region silent for 3 intervals, counting it neither failing nor ok', () => {
    const result = assess([
      region('a', true, { ageMs: 3 * INTERVAL }),
      region('b', true),
      region('c', false),
    ]);
    assert.deepEqual(result.silentRegions, ['a']);
    assert.equal(result.status, 'degraded');
  });

  it('is stale when no region reported for 3 intervals, not one millisecond before', () => {
    const verdicts = [
      region('a', true, { ageMs: 3 * INTERVAL }),
      region('b', false, { ageMs: 4 * INTERVAL }),
    ];
    assert.equal(assess(verdicts).status, 'stale');
    const justBefore = [
      region('a', true, { ageMs: 3 * INTERVAL - 1 }),
      region('b', false, { ageMs: 4 * INTERVAL }),
    ];
    assert.equal(assess(justBefore).status, 'degraded');
  });

  it('is pending, not stale, while a new or resumed monitor waits for its first results', () => {
    const verdicts = [region('a', false, { ageMs: null })];
    assert.equal(assess(verdicts, { observingSinceMs: NOW - 2 * INTERVAL }).status, 'pending');
    assert.equal(assess(verdicts, { observingSinceMs: NOW - 3 * INTERVAL }).status, 'stale');
  });
});

describe('assessMonitor precedence', () => {
  const down = [region('a', true)];
  const silent = [region('a', true, { ageMs: 10 * INTERVAL })];
  const settings = (paused: boolean) => ({
    intervalMs: INTERVAL,
    quorum: 1,
    degradedLatencyMs: 500,
    paused,
  });
  const cases: Array<[string, RegionVerdict[], boolean, boolean, MonitorStatus]> = [
    ['paused beats maintenance and down', down, true, true, 'paused'],
    ['paused beats stale', silent, true, false, 'paused'],
    ['maintenance beats down', down, false, true, 'maintenance'],
    ['maintenance beats stale', silent, false, true, 'maintenance'],
    ['stale beats the down of old data', silent, false, false, 'stale'],
    ['down otherwise', down, false, false, 'down'],
  ];
  for (const [name, verdicts, paused, underMaintenance, expected] of cases) {
    it(name, () => {
      const result = assess(verdicts, {
        settings: settings(paused),
        context: { underMaintenance },
      });
      assert.equal(result.status, expected);
    });
  }

  it('down beats the degraded of a slow region', () => {
    const verdicts = [region('a', true), region('b', true), region('c', false, { latencyMs: 900 })];
    assert.equal(assess(verdicts).status, 'down');
  });
});
