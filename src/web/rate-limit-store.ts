// Plugs Vigil's rate counters into @fastify/rate-limit as its custom store, and picks where the
// counters live: Redis when configured, else PostgreSQL when several instances share one, else
// this process (the embedded database allows only one process anyway).
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Logger } from 'pino';
import { outageLog } from '../observability/outage-log.js';
import { FallbackRateCounter, MemoryRateCounter, type RateCounter } from '../cache/rate-counter.js';
import type { RedisConnection } from '../cache/redis-connection.js';
import { RedisRateCounter } from '../cache/redis-rate-counter.js';
import type { VigilDatabase } from '../store/database.js';
import { RateLimitRepository } from '../store/rate-limit-repository.js';

export type RateLimitBackend = 'redis' | 'postgres' | 'memory';

export function rateCounterFor(options: {
  database: VigilDatabase;
  redis: RedisConnection | undefined;
  logger: Pick<Logger, 'warn' | 'info'>;
  /** VIGIL_RATE_LIMIT_TIMEOUT_MS: a slower answer counts this hit in memory (default 500 ms). */
  timeoutMs?: number;
}): { counter: RateCounter; backend: RateLimitBackend } {
  const { timeoutMs } = options;
  if (options.redis) {
    return {
      counter: new FallbackRateCounter(
        new RedisRateCounter(options.redis),
        options.redis,
        timeoutMs,
      ),
      backend: 'redis',
    };
  }
  if (options.database.kind === 'postgres') {
    const report = outageLog(
      options.logger,
      'PostgreSQL (rate-limit counters)',
      'rate limits count per instance until it is back',
    );
    return {
      counter: new FallbackRateCounter(
        new RateLimitRepository(options.database.db),
        report,
        timeoutMs,
      ),
      backend: 'postgres',
    };
  }
  return { counter: new MemoryRateCounter(), backend: 'memory' };
}

/** What @fastify/rate-limit passes to `child`: the limiter's merged options and its route. */
interface LimiterOptions {
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * The store class for the plugin's `store` option. Each limiter (a route's `config.rateLimit`, or
 * `app.rateLimit()` with a `groupId`) counts under its own scope, as the plugin's Redis store does.
 */
export function rateLimitStore(
  counter: RateCounter,
): new (options: FastifyRateLimitOptions) => FastifyRateLimitStore {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly scope = 'global',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      counter.hit(`${this.scope}|${key}`, timeWindow).then(
        (counted) => callback(null, { current: counted.count, ttl: counted.ttlMs }),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      return new SharedRateLimitStore({}, scopeOf(routeOptions as LimiterOptions));
    }
  }
  return SharedRateLimitStore;
}

function scopeOf(options: LimiterOptions): string {
  if (options.groupId) return options.groupId;
  const { method, url } = options.routeInfo ?? {};
  if (url) return `${Array.isArray(method) ? method.join(',') : (method ?? 'ANY')} ${url}`;
  return 'global';
}
