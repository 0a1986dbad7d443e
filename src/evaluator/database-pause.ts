// The evaluator's answer to an unreachable database: stop evaluating (every attempt would fail),
// log the outage once, look again with growing waits, and resume when a query works again.
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { OutageLog } from '../observability/outage-log.js';
import type { VigilDatabase } from '../store/database.js';
import { isConnectionError } from '../store/sql-errors.js';

export interface DatabasePauseOptions {
  database: VigilDatabase;
  logger: Pick<Logger, 'warn' | 'info' | 'debug'>;
  /** Called once the database answers again. */
  onBack: () => void;
  firstRetryMs?: number;
  maxRetryMs?: number;
}

export class DatabasePause {
  private readonly log: OutageLog;
  private timer: NodeJS.Timeout | undefined;
  private waitMs: number;
  private stopped = false;

  constructor(private readonly options: DatabasePauseOptions) {
    this.log = new OutageLog(options.logger, 'the database');
    this.waitMs = this.firstRetryMs;
  }

  get paused(): boolean {
    return this.log.down;
  }

  /**
   * True when `error` means the database is unreachable: the evaluator is then paused until it
   * answers again. False for any other error, which is the caller's to handle.
   */
  absorb(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    if (this.log.failed(error)) {
      this.waitMs = this.firstRetryMs;
      this.lookAgain();
    }
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private get firstRetryMs(): number {
    return this.options.firstRetryMs ?? 500;
  }

  private lookAgain(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      sql`SELECT 1`.execute(this.options.database.db).then(
        () => {
          if (this.stopped) return;
          this.log.recovered();
          this.options.onBack();
        },
        (error: unknown) => {
          this.log.failed(error);
          this.waitMs = Math.min(this.waitMs * 2, this.options.maxRetryMs ?? 5_000);
          this.lookAgain();
        },
      );
    }, this.waitMs);
    this.timer.unref();
  }
}
