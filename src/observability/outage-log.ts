// Logs an outage of something a process depends on (the database, say) once when it begins and
// once when it ends, with how long it lasted, instead of a line with a stack at every attempt.
import type { Logger } from 'pino';

/** Attempts after the first of an outage go to debug when the logger has it. */
export type OutageLogger = Pick<Logger, 'warn' | 'info'> & Partial<Pick<Logger, 'debug'>>;

export interface OutageLogOptions {
  /** What the process does meanwhile, as the warning says it; default "retrying until it is back". */
  consequence?: string;
  now?: () => number;
}

export class OutageLog {
  private since: number | undefined;
  private failures = 0;
  private total = 0;
  private readonly consequence: string;
  private readonly now: () => number;

  constructor(
    private readonly logger: OutageLogger,
    /** What is out, as the log lines say it: "the database", "Redis". */
    private readonly what: string,
    options: OutageLogOptions = {},
  ) {
    this.consequence = options.consequence ?? 'retrying until it is back';
    this.now = options.now ?? Date.now;
  }

  get down(): boolean {
    return this.since !== undefined;
  }

  /** Failures since the process started, logged or not (for stats). */
  get totalFailures(): number {
    return this.total;
  }

  /** An attempt failed: the first of an outage is logged at warn, the others at debug. True if first. */
  failed(error: unknown, fields: Record<string, unknown> = {}): boolean {
    this.failures++;
    this.total++;
    const reason = errorReason(error);
    if (this.since !== undefined) {
      this.logger.debug?.(
        { ...fields, reason, failures: this.failures },
        `${this.what}: still failing`,
      );
      return false;
    }
    this.since = this.now();
    this.logger.warn({ ...fields, reason }, `${this.what} is unreachable; ${this.consequence}`);
    return true;
  }

  /** An attempt worked: ends an outage (logged at info with its length), else nothing. */
  recovered(fields: Record<string, unknown> = {}): void {
    if (this.since === undefined) return;
    const downMs = this.now() - this.since;
    this.logger.info({ ...fields, downMs, failures: this.failures }, `${this.what} is back`);
    this.since = undefined;
    this.failures = 0;
  }
}

/** The message and code of an error, without the objects some drivers hang on it. */
export function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code}: ${error.message}`
    : error.message;
}

/** An OutageLog for `what`, e.g. `outageLog(logger, 'the database')`. */
export function outageLog(logger: OutageLogger, what: string, consequence?: string): OutageLog {
  return new OutageLog(logger, what, consequence === undefined ? {} : { consequence });
}
