// One value read from the database and kept in memory. After a change notice it is read again on
// the next request (once, however many requests wait for it), and when that read fails the
// previous value is served instead, without another read for `retryMs`, so a database outage
// turns into slightly old answers rather than errors or a storm of reconnection attempts.

export type Fallback<T> = (error: unknown, previous: T | undefined) => T | undefined;

export class FallbackCell<T> {
  private value: T | undefined;
  private known = false;
  private outdated = false;
  /** Increases with every change notice: a read begun before one does not count as fresh. */
  private changes = 0;
  private pending: Promise<T> | undefined;
  private retryAt = 0;
  private lastError: unknown;

  constructor(
    private readonly now: () => number,
    private readonly retryMs: number,
  ) {}

  /** True when the value was read after the latest change notice. */
  get isFresh(): boolean {
    return this.known && !this.outdated;
  }

  /** True when there is a value at all (fresh or kept as the fallback). */
  get isKnown(): boolean {
    return this.known;
  }

  /** The value, fresh or not (undefined when none was ever read). */
  peek(): T | undefined {
    return this.value;
  }

  /** Counts change notices; pass it to `replace` to drop a result computed before a later one. */
  get generation(): number {
    return this.changes;
  }

  /** A change notice: the value stays as the fallback, and the next `read` loads it again. */
  markOutdated(): void {
    if (this.known) this.outdated = true;
    this.changes++;
    this.pending = undefined;
    // A notice comes from the database, so it is worth trying it again at once.
    this.retryAt = 0;
  }

  /** Installs a fresh value (a background refresh), unless a notice arrived after `generation`. */
  replace(value: T, generation: number): boolean {
    if (generation !== this.changes) return false;
    this.value = value;
    this.known = true;
    this.outdated = false;
    return true;
  }

  /**
   * The fresh value, loaded by `load` once for all concurrent callers. When `load` fails, what
   * `fallback` picks (by default the previous value) is served and kept; with nothing to serve,
   * the error is thrown, and thrown again without another load until `retryMs` passed.
   */
  read(load: () => Promise<T>, fallback: Fallback<T> = (_error, previous) => previous): Promise<T> {
    if (this.known && !this.outdated) return Promise.resolve(this.value as T);
    if (this.now() < this.retryAt) {
      return this.known ? Promise.resolve(this.value as T) : Promise.reject(this.lastError);
    }
    this.pending ??= this.load(load, fallback);
    return this.pending;
  }

  private async load(load: () => Promise<T>, fallback: Fallback<T>): Promise<T> {
    const generation = this.changes;
    try {
      const value = await load();
      this.replace(value, generation);
      return value;
    } catch (error) {
      const served = fallback(error, this.known ? this.value : undefined);
      if (generation !== this.changes) {
        if (served === undefined) throw error;
        return served;
      }
      this.retryAt = this.now() + this.retryMs;
      if (served === undefined) {
        this.lastError = error;
        throw error;
      }
      this.value = served;
      this.known = true;
      // Still out of date: once retryMs passed, the next request tries the database again.
      this.outdated = true;
      return served;
    } finally {
      if (generation === this.changes) this.pending = undefined;
    }
  }
}
