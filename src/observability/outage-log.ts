// Logs a dependency's outage once when it starts and once when it ends, not once per retry: a
// PostgreSQL restart should leave two lines in the log, not two hundred.
import type { Logger } from 'pino';

export interface OutageLog {
  /** A call failed: logs a warning if this starts an outage, else only at debug level. */
  failed(error: unknown): void;
  /** A call worked: logs the end of the outage, if there was one. */
  recovered(): void;
  readonly down: boolean;
}

export function outageLog(
  logger: Pick<Logger, 'warn' | 'info' | 'debug'>,
  what: string,
): OutageLog {
  let downSinceMs: number | null = null;
  let failures = 0;
  return {
    failed(error) {
      failures += 1;
      if (downSinceMs !== null) {
        logger.debug({ err: error }, `${what} still unreachable`);
        return;
      }
      downSinceMs = Date.now();
      logger.warn({ err: error }, `${what} unreachable; retrying with backoff until it is back`);
    },
    recovered() {
      if (downSinceMs === null) return;
      logger.info(
        { outageMs: Date.now() - downSinceMs, failedCalls: failures },
        `${what} reachable again`,
      );
      downSinceMs = null;
      failures = 0;
    },
    get down() {
      return downSinceMs !== null;
    },
  };
}
