import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareResults } from './check-result.js';
import type { CheckResult } from './check-result.js';
import { evaluateMonitor, initialMonitorState } from './evaluate.js';
import type { Evaluation, MonitorState } from './evaluate.js';
import type { EvaluationContext } from './monitor-status.js';
import type { MonitorSettings } from './settings.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const NORMAL: EvaluationContext = { underMaintenance: false };
const ALL_REGIONS = ['a', 'b', 'c', 'd', 'e'];

const settingsArb: fc.Arbitrary<MonitorSettings> = fc
  .record({
    regions: fc.shuffledSubarray(ALL_REGIONS, { minLength: 1 }),
    failureThreshold: fc.integer({ min: 1, max: 4 }),
    successThreshold: fc.integer({ min: 1, max: 4 }),
    degradedLatencyMs: fc.option(fc.constant(500), { nil: null }),
  })
  .chain((partial) =>
    fc.integer({ min: 1, max: partial.regions.length }).map((quorum) => ({
      ...partial,
      quorum,
      intervalMs: 10_000,
      timeoutMs: 5_000,
      paused: false,
    })),
  );

/** Results over ~5 minutes, with repeated ids (resent results) and a region not configured. */
const resultsArb: fc.Arbitrary<CheckResult[]> = fc
  .array(
    fc.record({
      n: fc.integer({ min: 0, max: 40 }),
      region: fc.constantFrom(...ALL_REGIONS, 'zz'),
      seconds: fc.integer({ min: 0, max: 300 }),
      passed: fc.boolean(),
      latencyMs: fc.integer({ min: 0, max: 1_000 }),
    }),
    { maxLength: 80 },
  )
  .map((raw) =>
    raw.map(({ n, region, seconds, passed, latencyMs }): CheckResult => ({
      // The id decides the rest, as for real results: a repeated id is the same result again.
      id: `${region}-${n}`,
      region,
      checkedAt: new Date(T0 + (n * 7 + seconds) * 1_000),
      passed: passed,
      latencyMs,
      failedConditions: passed ? [] : ['status == 200'],
    })),
  )
  .map((results) => {
    const byId = new Map(results.map((result) => [result.id, result]));
    return results.map((result) => byId.get(result.id)!);
  });

const scenario = fc.record({ settings: settingsArb, results: resultsArb });

function start(settings: MonitorSettings): MonitorState {
  return initialMonitorState(settings, new Date(T0));
}

function latest(results: readonly CheckResult[]): Date {
  return new Date(Math.max(T0, ...results.map((r) => r.checkedAt.getTime())));
}

function batch(settings: MonitorSettings, results: readonly CheckResult[]): Evaluation {
  return evaluateMonitor(start(settings), results, settings, latest(results), NORMAL);
}

describe('evaluateMonitor properties', () => {
  it('is deterministic and does not depend on the order of a batch', () => {
    fc.assert(
      fc.property(
        scenario.chain(({ settings, results }) =>
          fc
            .shuffledSubarray(results, { minLength: results.length, maxLength: results.length })
            .map((shuffled) => ({ settings, results, shuffled })),
        ),
        ({ settings, results, shuffled }) => {
          const first = batch(settings, results);
          assert.deepEqual(batch(settings, results), first);
          assert.deepEqual(batch(settings, shuffled), first);
        },
      ),
    );
  });

  it('gives the same state and transitions fed one by one as fed as one batch', () => {
    fc.assert(
      fc.property(scenario, ({ settings, results }) => {
        const whole = batch(settings, results);
        let state = start(settings);
        const transitions = [];
        for (const result of [...results].sort(compareResults)) {
          const step = evaluateMonitor(state, [result], settings, result.checkedAt, NORMAL);
          state = step.state;
          transitions.push(...step.transitions);
        }
        assert.deepEqual(state, whole.state);
        assert.deepEqual(transitions, whole.transitions);
      }),
    );
  });

  it('changes nothing when the same results are fed again', () => {
    fc.assert(
      fc.property(scenario, ({ settings, results }) => {
        const first = batch(settings, results);
        const again = evaluateMonitor(first.state, results, settings, latest(results), NORMAL);
        assert.deepEqual(again.state, first.state);
        assert.deepEqual(again.transitions, []);
        assert.equal(again.ignored, results.length);
      }),
    );
  });

  it('is down exactly when at least the quorum of recent regions is failing', () => {
    fc.assert(
      fc.property(scenario, ({ settings, results }) => {
        const { state, transitions } = batch(settings, results);
        assert.equal(state.status === 'down', state.failingRegions.length >= settings.quorum);
        for (const transition of transitions)
          if (transition.to === 'down')
            assert.ok(transition.reason.failingRegions.length >= settings.quorum);
      }),
    );
  });

  it('records a chain of real changes in time order ending at the current status', () => {
    fc.assert(
      fc.property(scenario, ({ settings, results }) => {
        const { state, transitions } = batch(settings, results);
        let status = start(settings).status;
        let at = '';
        for (const transition of transitions) {
          assert.equal(transition.from, status);
          assert.notEqual(transition.to, transition.from);
          assert.ok(transition.at >= at);
          status = transition.to;
          at = transition.at;
        }
        assert.equal(state.status, status);
        if (transitions.length > 0) assert.equal(state.since, at);
      }),
    );
  });
});
