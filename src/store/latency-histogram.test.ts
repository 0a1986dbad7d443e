// Percentile estimates from the fixed latency histogram: examples and a bound property.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  LATENCY_BUCKET_BOUNDS,
  addBuckets,
  bucketIndex,
  emptyBuckets,
  estimatePercentile,
} from './latency-histogram.js';

function histogram(values: readonly number[]): number[] {
  const buckets = emptyBuckets();
  for (const value of values) buckets[bucketIndex(value)]!++;
  return buckets;
}

function nearestRank(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

describe('latency histogram', () => {
  it('puts a latency in the bucket whose lower bound it reaches', () => {
    assert.equal(bucketIndex(0), 0);
    assert.equal(bucketIndex(4), 0);
    assert.equal(bucketIndex(5), 1);
    assert.equal(bucketIndex(99), 6);
    assert.equal(bucketIndex(100), 7);
    assert.equal(bucketIndex(1_000_000), LATENCY_BUCKET_BOUNDS.length - 1);
  });

  it('adds bucket arrays element-wise, shorter ones padded with zeros', () => {
    assert.deepEqual(addBuckets([1, 2, 3], [4, 5]), [5, 7, 3]);
  });

  it('has no estimate without counts', () => {
    assert.equal(estimatePercentile(emptyBuckets(), 0.5), null);
  });

  it('estimates inside the right bucket and within the observed range', () => {
    const values = [12, 14, 15, 18, 19, 40, 45, 120, 130, 900];
    const buckets = histogram(values);
    const observed = { min: 12, max: 900 };
    const p50 = estimatePercentile(buckets, 0.5, observed)!;
    assert.ok(p50 >= 10 && p50 < 20, `p50 ${p50} in [10, 20)`);
    const p95 = estimatePercentile(buckets, 0.95, observed)!;
    assert.ok(p95 >= 750 && p95 <= 900, `p95 ${p95} in [750, 900]`);
    assert.equal(
      estimatePercentile(histogram([50_000]), 0.5, { min: 50_000, max: 50_000 }),
      50_000,
    );
  });

  it('always lies within the bucket bounds of the true percentile (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, q) => {
          const truth = nearestRank(values, q);
          const observed = { min: Math.min(...values), max: Math.max(...values) };
          const estimate = estimatePercentile(histogram(values), q, observed)!;
          const index = bucketIndex(truth);
          const lower = LATENCY_BUCKET_BOUNDS[index]!;
          const upper = LATENCY_BUCKET_BOUNDS[index + 1] ?? observed.max + 1;
          return estimate >= lower && estimate < upper && estimate <= observed.max;
        },
      ),
      { numRuns: 500 },
    );
  });
});
