// Rate-limit counters in PostgreSQL (table rate_limits), for several web instances without Redis:
// one upsert per hit counts it and starts a new window when the old one has ended, and expired
// windows are deleted now and then by whichever instance comes by.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Expired rows are deleted at most this often per instance. */
const SWEEP_EVERY_MS = 60_000;

/** Shaped as the cache's RateCounter, which web plugs this into (store does not import cache). */
export class RateLimitRepository {
  private nextSweepAt = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit on `key`; returns the hits in its window and the milliseconds it has left. */
  async hit(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    const result = await sql<{ hits: number; ttl_ms: number }>`
      INSERT INTO rate_limits AS r (key, hits, window_ends_at)
      VALUES (${key}, 1, now() + make_interval(secs => ${windowMs / 1000}))
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN r.window_ends_at <= now() THEN 1 ELSE r.hits + 1 END,
        window_ends_at = CASE WHEN r.window_ends_at <= now()
          THEN excluded.window_ends_at ELSE r.window_ends_at END
      RETURNING hits,
        greatest(0, ceil(extract(epoch FROM window_ends_at - now()) * 1000))::int AS ttl_ms
    `.execute(this.db);
    this.sweepNowAndThen();
    const row = result.rows[0]!;
    return { count: row.hits, ttlMs: row.ttl_ms };
  }

  private sweepNowAndThen(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    // Best effort: a failed sweep only leaves expired rows for the next one.
    void sql`DELETE FROM rate_limits WHERE window_ends_at < now()`
      .execute(this.db)
      .catch(() => undefined);
  }
}
