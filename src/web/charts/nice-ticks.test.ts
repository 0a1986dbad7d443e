import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { niceStep, niceTicks } from './nice-ticks.js';

const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });

describe('niceTicks', () => {
  it('picks round steps for latency-like ranges', () => {
    assert.deepEqual(niceTicks(0, 480, 5), [0, 100, 200, 300, 400, 500]);
    assert.deepEqual(niceTicks(0, 87, 5), [0, 20, 40, 60, 80, 100]);
    assert.deepEqual(niceTicks(0, 120, 5), [0, 25, 50, 75, 100, 125]);
    assert.deepEqual(niceTicks(0.1, 0.33, 3), [0.1, 0.2, 0.3, 0.4]);
    assert.deepEqual(niceTicks(-12, 12, 5), [-15, -10, -5, 0, 5, 10, 15]);
  });

  it('widens a range of one value instead of dividing by zero', () => {
    assert.deepEqual(niceTicks(0, 0, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    const ticks = niceTicks(50, 50, 5);
    assert.ok(ticks[0]! < 50 && ticks.at(-1)! > 50, String(ticks));
  });

  it('steps are 1, 2, 2.5 or 5 times a power of ten, within √2 of the rough step', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (rough) => {
        const step = niceStep(rough);
        const ratio = step / rough;
        assert.ok(
          ratio >= Math.SQRT1_2 - 1e-9 && ratio <= Math.SQRT2 + 1e-9,
          `${step} vs ${rough}`,
        );
        const fraction = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
        assert.ok(
          [1, 2, 2.5, 5, 10].some((nice) => Math.abs(nice - fraction) < 1e-9),
          `${step} (${fraction})`,
        );
      }),
    );
  });

  it('covers the range with evenly spaced ticks, their number within bounds', () => {
    fc.assert(
      fc.property(finite, finite, fc.integer({ min: 2, max: 12 }), (a, b, count) => {
        const ticks = niceTicks(a, b, count);
        const low = Math.min(a, b);
        const high = Math.max(a, b);
        const most = Math.ceil(1.5 * count) + 2;
        assert.ok(ticks.length >= 2 && ticks.length <= most, `${ticks.length} ticks`);
        assert.ok(ticks[0]! <= low && ticks.at(-1)! >= high, `${ticks} vs [${low}, ${high}]`);
        const step = ticks[1]! - ticks[0]!;
        assert.ok(step > 0);
        for (let index = 1; index < ticks.length; index += 1) {
          const gap = ticks[index]! - ticks[index - 1]!;
          assert.ok(Math.abs(gap - step) <= step * 1e-6, `uneven ${ticks}`);
        }
      }),
    );
  });
});
