// Retry waits: exponential, capped, jittered within [half, whole] of the plan, and a receiver's
// Retry-After honoured within the cap.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextAttemptDelayMs, retryDelayMs } from './backoff.js';

const policy = { baseMs: 10_000, maxMs: 3_600_000 };

describe('retryDelayMs', () => {
  it('doubles per attempt from the base, with the jitter at its extremes', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, () => 0)),
      [5_000, 10_000, 20_000, 40_000],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, () => 1)),
      [10_000, 20_000, 40_000, 80_000],
    );
  });

  it('never waits longer than the cap, however many attempts', () => {
    assert.equal(
      retryDelayMs(30, policy, () => 1),
      3_600_000,
    );
    assert.equal(
      retryDelayMs(1000, policy, () => 1),
      3_600_000,
    );
  });

  it('stays within half and all of the planned wait for any attempt and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, r) => {
          const planned = Math.min(policy.maxMs, policy.baseMs * 2 ** (n - 1));
          const delay = retryDelayMs(n, policy, () => r);
          return delay >= Math.floor(planned / 2) && delay <= planned;
        },
      ),
    );
  });

  it('spreads the retries of deliveries that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, policy)));
    assert.ok(delays.size > 10, `only ${delays.size} distinct delays`);
  });
});

describe('nextAttemptDelayMs', () => {
  it('waits as long as the receiver asks when that is longer than the backoff', () => {
    assert.equal(
      nextAttemptDelayMs(1, policy, 120_000, () => 0),
      120_000,
    );
    assert.equal(
      nextAttemptDelayMs(1, policy, 1_000, () => 0),
      5_000,
    );
  });

  it('caps what the receiver asks for', () => {
    assert.equal(
      nextAttemptDelayMs(1, policy, 86_400_000, () => 0),
      3_600_000,
    );
  });
});
