// The fixed latency histogram kept in rollups, and percentile estimates made from it. Pure code.

/**
 * Lower bounds (ms) of the buckets: bucket i holds latencies in [BOUNDS[i], BOUNDS[i + 1]), the
 * last one everything from its bound up. Roughly logarithmic, so the relative error of an estimate
 * stays similar from fast local checks to slow remote ones. Changing this list changes the meaning
 * of stored arrays: only ever append (older rows then simply have fewer buckets).
 */
export const LATENCY_BUCKET_BOUNDS: readonly number[] = [
  0, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000,
  30_000,
];

export function emptyBuckets(): number[] {
  return LATENCY_BUCKET_BOUNDS.map(() => 0);
}

export function bucketIndex(latencyMs: number, bounds = LATENCY_BUCKET_BOUNDS): number {
  let index = 0;
  while (index + 1 < bounds.length && latencyMs >= bounds[index + 1]!) index++;
  return index;
}

/** Element-wise sum; the shorter array counts as zeros where it ends. */
export function addBuckets(a: readonly number[], b: readonly number[]): number[] {
  const length = Math.max(a.length, b.length);
  return Array.from({ length }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * Estimates the q-quantile (0 < q <= 1, nearest-rank definition) from bucket counts: finds the
 * bucket holding that rank and interpolates linearly inside it, clamped to the observed min and
 * max (which also closes the open last bucket). The result always lies in the bucket of the true
 * value. Null when there is nothing counted.
 */
export function estimatePercentile(
  buckets: readonly number[],
  q: number,
  observed: { min: number | null; max: number | null } = { min: null, max: null },
  bounds = LATENCY_BUCKET_BOUNDS,
): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total <= 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil(q * total)));
  let before = 0;
  let index = 0;
  while (index < buckets.length - 1 && before + buckets[index]! < rank) {
    before += buckets[index]!;
    index++;
  }
  const count = buckets[index]!;
  const lower = bounds[index] ?? bounds.at(-1)!;
  const upper = bounds[index + 1] ?? observed.max ?? lower;
  // Spread the bucket's values evenly: the k-th of n sits at the middle of its 1/n slice.
  const position = (rank - before - 0.5) / count;
  let estimate = lower + (Math.max(upper, lower) - lower) * position;
  if (observed.min !== null && estimate < observed.min) estimate = observed.min;
  if (observed.max !== null && estimate > observed.max) estimate = observed.max;
  return estimate;
}
