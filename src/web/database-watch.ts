// Watches whether the database answers, with a cheap query every few seconds, so public pages can
// say "this may be out of date" once it has been unreachable for VIGIL_STALE_AFTER_SECONDS (while
// it is down no change notice can arrive, so a snapshot is current only as of the outage), and
// drop the mark as soon as it answers again. No restart is ever needed: the watch just goes on.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** A ping without an answer by then counts as a failure (a hanging database is an unreachable one). */
const PING_TIMEOUT_MS = 2_000;

export interface DatabaseWatch {
  /** When the database last answered (the process start until it first does). */
  readonly lastReachableAt: Date;
  readonly reachable: boolean;
  /**
   * Since when what is served may be out of date: `lastReachableAt` once the database has been
   * unreachable longer than the threshold, else undefined.
   */
  staleSince(): Date | undefined;
  stop(): void;
}

export interface DatabaseWatchOptions {
  staleAfterMs: number;
  /** Default: a quarter of the threshold, between 250 ms and 5 s. */
  intervalMs?: number;
  now?: () => number;
  /** Called with the new state whenever reachability changes (for the log). */
  onChange?: (reachable: boolean, lastReachableAt: Date) => void;
}

export function watchDatabase(db: Kysely<Database>, options: DatabaseWatchOptions): DatabaseWatch {
  const now = options.now ?? Date.now;
  const intervalMs =
    options.intervalMs ?? Math.min(5_000, Math.max(250, Math.floor(options.staleAfterMs / 4)));
  // Until the first answer nothing is known to be current: counted from the start.
  let lastReachableAt = now();
  let reachable = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const report = (answered: boolean): void => {
    if (answered) lastReachableAt = now();
    if (answered === reachable) return;
    reachable = answered;
    options.onChange?.(answered, new Date(lastReachableAt));
  };

  const ping = async (): Promise<void> => {
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`SELECT 1`.execute(db),
        new Promise((_resolve, reject) => {
          timeout = setTimeout(() => reject(new Error('no answer')), PING_TIMEOUT_MS);
        }),
      ]);
      report(true);
    } catch {
      report(false);
    } finally {
      clearTimeout(timeout);
    }
    if (stopped) return;
    timer = setTimeout(() => void ping(), intervalMs);
    timer.unref();
  };
  void ping();

  return {
    get lastReachableAt() {
      return new Date(lastReachableAt);
    },
    get reachable() {
      return reachable;
    },
    staleSince() {
      if (reachable || now() - lastReachableAt < options.staleAfterMs) return undefined;
      return new Date(lastReachableAt);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
