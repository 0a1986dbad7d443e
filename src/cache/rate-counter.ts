// Fixed-window request counters behind the rate limits, with one interface for the three places
// they can live: this process's memory, Redis, or PostgreSQL (shared by every web instance).

export interface RateCount {
  /** Hits on the key in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  ttlMs: number;
}

export interface RateCounter {
  /** Counts one hit on `key` in its window of `windowMs` (the window starts at the first hit). */
  hit(key: string, windowMs: number): Promise<RateCount>;
}

/** How many keys the in-memory counter keeps at most (as @fastify/rate-limit's own store). */
const MEMORY_KEYS = 5_000;

/** Counters of this process only: for the embedded database, and as the fallback of the others. */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MEMORY_KEYS,
  ) {}

  hit(key: string, windowMs: number): Promise<RateCount> {
    return Promise.resolve(this.hitNow(key, windowMs));
  }

  hitNow(key: string, windowMs: number): RateCount {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
    }
    window.count++;
    // Re-inserted so the Map's order is least recently used first.
    this.windows.delete(key);
    this.windows.set(key, window);
    if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    return { count: window.count, ttlMs: window.endsAt - now };
  }
}

/**
 * A shared counter that never fails its caller: when the shared store errors or does not answer
 * within `timeoutMs`, this hit is counted in memory instead. During an outage each instance thus
 * limits on its own share of the traffic, which is looser than the shared limit but neither lets
 * everything through nor turns a Redis or database problem into 5xx answers.
 */
export class FallbackRateCounter implements RateCounter {
  private readonly local: MemoryRateCounter;
  /** After a failure the shared store is left alone this long: no connection attempt per request. */
  private skipUntil = 0;

  constructor(
    private readonly shared: RateCounter,
    private readonly report: { failed(error: unknown): unknown; recovered(): void },
    private readonly timeoutMs = 500,
    private readonly now: () => number = Date.now,
    private readonly pauseMs = 1_000,
  ) {
    this.local = new MemoryRateCounter(now);
  }

  async hit(key: string, windowMs: number): Promise<RateCount> {
    if (this.now() < this.skipUntil) return this.local.hitNow(key, windowMs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      const counted = await Promise.race([this.shared.hit(key, windowMs), timeout]);
      this.report.recovered();
      return counted;
    } catch (error) {
      this.report.failed(error);
      this.skipUntil = this.now() + this.pauseMs;
      return this.local.hitNow(key, windowMs);
    } finally {
      clearTimeout(timer);
    }
  }
}
