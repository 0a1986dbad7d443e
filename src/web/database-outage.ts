// The one record of "is PostgreSQL down" in a web process, fed by everything that notices: failed
// requests (which get 503 with Retry-After, see errors.ts), the LISTEN connection, and the health
// watch (database-watch.ts, which decides when pages are marked stale). The outage is logged once
// when it begins and once when it ends, and after a failed request a cheap query every second
// notices the end even when nothing else would.
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

  /** Something (a request, the LISTEN connection, the health query) found it unreachable. */
  failed(error: unknown, fields: Record<string, unknown> = {}): void {
    if (this.log.failed(error, fields)) this.watch();
  }

  /** Something reached it again: ends the outage, if one was under way. */
  recovered(): void {
    this.log.recovered();
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
