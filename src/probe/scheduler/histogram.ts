// Fixed-bucket histogram of scheduling lateness: constant memory at any check rate.

// Upper bounds in ms; quantiles are reported as the bound of the bucket they fall in.
export const LATENESS_BOUNDS_MS = [
  0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000,
] as const;

export class LatenessHistogram {
  private readonly counts = new Array<number>(LATENESS_BOUNDS_MS.length + 1).fill(0);
  private total = 0;
  private max = 0;

  record(latenessMs: number): void {
    const value = Math.max(0, latenessMs);
    let bucket = LATENESS_BOUNDS_MS.findIndex((bound) => value <= bound);
    if (bucket === -1) bucket = LATENESS_BOUNDS_MS.length;
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total++;
    if (value > this.max) this.max = value;
  }

  get count(): number {
    return this.total;
  }

  get maxMs(): number {
    return this.max;
  }

  /** Upper bound of the bucket holding quantile q (0..1); the overflow bucket reports the max seen. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return LATENESS_BOUNDS_MS[bucket] ?? this.max;
    }
    return this.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.max = 0;
  }
}
