import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CheckResult } from './check-result.js';
import { initialRegionVerdict, nextRegionVerdict } from './region-verdict.js';
import type { RegionVerdict } from './region-verdict.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');

/** The n-th check of region `eu`, ten seconds apart. */
function check(n: number, passed: boolean, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id: `r${String(n).padStart(4, '0')}`,
    region: 'eu',
    checkedAt: new Date(T0 + n * 10_000),
    passed,
    ...extra,
  };
}

function feed(outcomes: readonly boolean[], F: number, S: number): RegionVerdict[] {
  const settings = { failureThreshold: F, successThreshold: S };
  const verdicts: RegionVerdict[] = [initialRegionVerdict('eu')];
  outcomes.forEach((passed, n) =>
    verdicts.push(nextRegionVerdict(verdicts.at(-1)!, check(n, passed), settings)),
  );
  return verdicts;
}

describe('nextRegionVerdict thresholds', () => {
  it('does not fail after F-1 failures and fails on the F-th', () => {
    const verdicts = feed([false, false, false], 3, 2);
    assert.deepEqual(
      verdicts.map((v) => v.failing),
      [false, false, false, true],
    );
    assert.equal(verdicts[3]!.consecutiveFailures, 3);
  });

  it('does not recover after S-1 successes and recovers on the S-th', () => {
    const verdicts = feed([false, false, false, true, true], 3, 2);
    assert.deepEqual(
      verdicts.map((v) => v.failing),
      [false, false, false, true, true, false],
    );
  });

  it('restarts the count when a success interrupts the failures', () => {
    const verdicts = feed([false, false, true, false, false], 3, 2);
    assert.ok(verdicts.every((v) => !v.failing));
    assert.equal(verdicts.at(-1)!.consecutiveFailures, 2);
  });

  it('restarts the recovery when a failure interrupts the successes', () => {
    const verdicts = feed([false, false, false, true, false, true], 3, 2);
    assert.ok(verdicts.at(-1)!.failing);
    assert.equal(verdicts.at(-1)!.consecutiveSuccesses, 1);
  });

  it('flips on a single result when F = S = 1', () => {
    assert.deepEqual(
      feed([false, true], 1, 1).map((v) => v.failing),
      [false, true, false],
    );
  });

  it('keeps the last result, its latency and the last failure as evidence', () => {
    const settings = { failureThreshold: 1, successThreshold: 2 };
    const failed = nextRegionVerdict(
      initialRegionVerdict('eu'),
      check(0, false, {
        error: 'timeout',
        failedConditions: ['status == 200 (got 503)'],
        latencyMs: 10_000,
      }),
      settings,
    );
    const passed = nextRegionVerdict(failed, check(1, true, { latencyMs: 42 }), settings);
    assert.equal(passed.lastResult?.latencyMs, 42);
    assert.equal(passed.lastResult?.checkedAt, new Date(T0 + 10_000).toISOString());
    assert.deepEqual(passed.lastFailure, {
      resultId: 'r0000',
      checkedAt: new Date(T0).toISOString(),
      passed: false,
      latencyMs: 10_000,
      error: 'timeout',
      failedConditions: ['status == 200 (got 503)'],
    });
  });
});

describe('nextRegionVerdict ignores', () => {
  const settings = { failureThreshold: 1, successThreshold: 1 };
  const after = nextRegionVerdict(initialRegionVerdict('eu'), check(5, true), settings);

  it('a duplicate of the last result (same object back)', () => {
    assert.equal(nextRegionVerdict(after, check(5, false), settings), after);
  });

  it('a result older than the last one applied', () => {
    assert.equal(nextRegionVerdict(after, check(4, false), settings), after);
  });

  it('another region’s result and a result without a valid time', () => {
    assert.equal(nextRegionVerdict(after, check(6, false, { region: 'us' }), settings), after);
    assert.equal(
      nextRegionVerdict(after, check(6, false, { checkedAt: new Date(Number.NaN) }), settings),
      after,
    );
  });

  it('orders two results of the same millisecond by id', () => {
    const same = { checkedAt: new Date(T0 + 60_000) };
    const b = nextRegionVerdict(after, check(6, false, { ...same, id: 'b' }), settings);
    assert.equal(nextRegionVerdict(b, check(6, false, { ...same, id: 'a' }), settings), b);
    assert.notEqual(nextRegionVerdict(b, check(6, true, { ...same, id: 'c' }), settings), b);
  });
});

describe('nextRegionVerdict properties', () => {
  const run = fc.record({
    outcomes: fc.array(fc.boolean(), { maxLength: 60 }),
    F: fc.integer({ min: 1, max: 6 }),
    S: fc.integer({ min: 1, max: 6 }),
  });

  it('fails only after F failures in a row and recovers only after S passes in a row', () => {
    fc.assert(
      fc.property(run, ({ outcomes, F, S }) => {
        const verdicts = feed(outcomes, F, S);
        for (let i = 1; i < verdicts.length; i++) {
          const before = verdicts[i - 1]!.failing;
          const now = verdicts[i]!.failing;
          if (before === now) continue;
          const needed = now ? F : S;
          const run = outcomes.slice(Math.max(0, i - needed), i);
          assert.equal(run.length, needed, `flip at ${i} after fewer than ${needed} results`);
          assert.ok(
            run.every((passed) => passed === !now),
            `flip at ${i} without a run of ${needed}`,
          );
        }
      }),
    );
  });

  it('never flips on a single result when F and S are above 1', () => {
    fc.assert(
      fc.property(
        run.filter(({ F, S }) => F > 1 && S > 1),
        ({ outcomes, F, S }) => {
          const verdicts = feed(outcomes, F, S);
          for (let i = 1; i < verdicts.length; i++) {
            if (verdicts[i - 1]!.failing === verdicts[i]!.failing) continue;
            // The result before the flipping one had the same outcome: at least two agreed.
            assert.ok(i >= 2 && outcomes[i - 2] === outcomes[i - 1]);
          }
        },
      ),
    );
  });

  it('counts consistently: exactly one of the two counts is non-zero after any result', () => {
    fc.assert(
      fc.property(run, ({ outcomes, F, S }) => {
        const last = feed(outcomes, F, S).at(-1)!;
        if (outcomes.length === 0) return;
        assert.ok((last.consecutiveFailures === 0) !== (last.consecutiveSuccesses === 0));
      }),
    );
  });
});
