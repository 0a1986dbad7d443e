// Rate-limit counters in Redis, shared by every web instance: one key per client and limiter,
// counted and given its expiry in one atomic script so that no key lives without a window.
import type { RedisConnection } from './redis-connection.js';
import type { RateCount, RateCounter } from './rate-counter.js';
import { RedisScript } from './redis-script.js';

export const RATE_KEY_PREFIX = 'vigil:rate:';

const HIT = new RedisScript(
  `local count = redis.call('INCR', KEYS[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if count == 1 or ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  return {count, ttl}`,
  1,
);

export class RedisRateCounter implements RateCounter {
  constructor(private readonly redis: RedisConnection) {}

  async hit(key: string, windowMs: number): Promise<RateCount> {
    const [count, ttlMs] = (await HIT.run(
      this.redis.client,
      [RATE_KEY_PREFIX + key],
      [Math.max(1, Math.round(windowMs))],
    )) as [number, number];
    return { count, ttlMs };
  }
}
