// The web role's one Redis connection, tuned to fail fast: while Redis is unreachable a command is
// refused at once (no offline queue, one retry at most, short timeouts) so every caller falls back
// to its local path instead of waiting; it reconnects by itself with capped backoff, and an outage
// is logged once when it starts and once when it ends, not once per request.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { outageLog, type OutageLog } from '../observability/outage-log.js';

/** Longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 5_000;
/** A command without an answer by then fails (a hung Redis must not hold requests up). */
const COMMAND_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 2_000;

export interface RedisConnection {
  readonly client: Redis;
  /** True while commands can be sent (connected and past the ready check). */
  isReady(): boolean;
  /** Callers report each failed command: it counts, and the first of an outage is logged. */
  failed(error: unknown): void;
  /** Callers report successes, so an outage seen only through failed commands ends too. */
  recovered(): void;
  /**
   * Runs `listener` each time the connection becomes ready, the first time included: whatever
   * happened while this process was not connected (notices it could not record, a Redis restored
   * from an old dump or come back empty) is unknown to it.
   */
  onReady(listener: () => void): void;
  /** Failed commands and connection errors since start. */
  readonly errors: number;
  close(): Promise<void>;
}

/** Exponential backoff from 100 ms, capped, with jitter so instances do not reconnect in step. */
export function reconnectDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(100 * 2 ** Math.min(attempt - 1, 10), MAX_RECONNECT_DELAY_MS);
  return Math.round(base + random() * 100);
}

export function openRedis(url: string, logger: Pick<Logger, 'warn' | 'info'>): RedisConnection {
  const outage: OutageLog = outageLog(
    logger,
    'Redis',
    'serving from this instance alone (local page snapshots and rate limits) until it is back',
  );
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => reconnectDelayMs(attempt),
    connectionName: 'vigil-web',
  });
  const readyListeners: Array<() => void> = [];
  let closing = false;
  // Without an 'error' listener ioredis would print every failed reconnection attempt.
  client.on('error', (error: Error) => {
    if (!closing) outage.failed(error);
  });
  client.on('close', () => {
    if (!closing) outage.failed(new Error('connection closed'));
  });
  client.on('ready', () => {
    outage.recovered();
    for (const listener of readyListeners) listener();
  });
  return {
    client,
    isReady: () => client.status === 'ready',
    failed: (error) => outage.failed(error),
    recovered: () => outage.recovered(),
    onReady(listener) {
      readyListeners.push(listener);
    },
    get errors() {
      return outage.totalFailures;
    },
    async close() {
      closing = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
