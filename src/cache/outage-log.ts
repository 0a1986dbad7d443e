// Logs a dependency's outage once when it starts and once when it ends, however many requests
// fail in between: a Redis or database outage under load must not write a line per request.
import type { Logger } from 'pino';

export interface OutageLog {
  /** Records a failure; only the first one of an outage is logged. */
  failed(error: unknown): void;
  /** Records a success; logs the recovery when an outage was under way. */
  succeeded(): void;
  /** True between the first failure and the next success. */
  readonly down: boolean;
  /** Failures seen since start (every one of them, logged or not). */
  readonly failures: number;
}

export function outageLog(
  logger: Pick<Logger, 'warn' | 'info'>,
  what: string,
  consequence: string,
  now: () => number = Date.now,
): OutageLog {
  let downSince: number | undefined;
  let failures = 0;
  return {
    failed(error) {
      failures++;
      if (downSince !== undefined) return;
      downSince = now();
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ error: message }, `${what} unreachable; ${consequence}`);
    },
    succeeded() {
      if (downSince === undefined) return;
      const downMs = now() - downSince;
      downSince = undefined;
      logger.info({ downMs }, `${what} reachable again`);
    },
    get down() {
      return downSince !== undefined;
    },
    get failures() {
      return failures;
    },
  };
}
