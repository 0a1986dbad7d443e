// What `web` does while PostgreSQL is unreachable: requests that need it get 503 with Retry-After
// (see errors.ts), the outage is logged once when it begins and once when it ends, and a cheap
// query every second notices the end even when no request happens to need the database.
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { OutageLog } from '../observability/outage-log.js';
import type { VigilDatabase } from '../store/database.js';

const PROBE_EVERY_MS = 1_000;

export class DatabaseOutage {
  private readonly log: OutageLog;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly database: VigilDatabase,
    logger: Pick<Logger, 'warn' | 'info' | 'debug'>,
  ) {
    this.log = new OutageLog(logger, 'the database');
  }

  get down(): boolean {
    return this.log.down;
  }

  /** A request failed because the database is unreachable. */
  failed(error: unknown, fields: Record<string, unknown> = {}): void {
    if (this.log.failed(error, fields)) this.watch();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private watch(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      sql`SELECT 1`.execute(this.database.db).then(
        () => this.log.recovered(),
        (error: unknown) => {
          this.log.failed(error);
          this.watch();
        },
      );
    }, PROBE_EVERY_MS);
    this.timer.unref();
  }
}
