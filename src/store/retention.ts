// Storage retention: raw check results are kept VIGIL_RETENTION_DAYS days (whole day partitions
// dropped), rollups 400 days, and the partitions of the next days exist before results need them.
import type { Logger } from 'pino';
import { dropPartitionsBefore, ensurePartitions, utcDay } from './check-partitions.js';
import type { VigilDatabase } from './database.js';
import { pruneNotifications, type NotificationPruneOutcome } from './notification-retention.js';
import { pruneRollups } from './rollups.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Hourly and daily rollups feed charts of up to 400 days (the uptime API's longest window). */
export const ROLLUP_RETENTION_DAYS = 400;
/** Partitions made ahead, so ingest never creates one on the hot path around midnight. */
export const PARTITIONS_AHEAD_DAYS = 3;
/** Arbitrary constant shared by every Vigil instance: only one of them runs retention at a time. */
export const RETENTION_LOCK_KEY = 7_311_452_021;

export interface RetentionOutcome {
  droppedPartitions: string[];
  createdPartitions: string[];
  /** Finished deliveries and processed outbox rows deleted (notification-retention.ts). */
  prunedNotifications: NotificationPruneOutcome;
}

/** Days delivered/dead deliveries and processed outbox rows are kept by default. */
export const NOTIFICATION_RETENTION_DAYS = 30;

/**
 * Drops the day partitions wholly older than `retentionDays` (the partition holding the moment
 * `now - retentionDays` stays), deletes rollups that began before 400 days ago, and creates the
 * partitions of today and the next PARTITIONS_AHEAD_DAYS days.
 */
export async function applyRetention(
  database: VigilDatabase,
  retentionDays: number,
  now = new Date(),
  notificationRetentionDays = NOTIFICATION_RETENTION_DAYS,
): Promise<RetentionOutcome> {
  const db = database.db;
  const droppedPartitions = await dropPartitionsBefore(
    db,
    utcDay(new Date(now.getTime() - retentionDays * DAY_MS)),
  );
  const rollupCutoff = now.getTime() - ROLLUP_RETENTION_DAYS * DAY_MS;
  await pruneRollups(
    db,
    new Date(Math.floor(rollupCutoff / HOUR_MS) * HOUR_MS),
    new Date(Math.floor(rollupCutoff / DAY_MS) * DAY_MS),
  );
  const createdPartitions = await ensurePartitions(db, now, PARTITIONS_AHEAD_DAYS + 1);
  const prunedNotifications = await pruneNotifications(
    db,
    new Date(now.getTime() - notificationRetentionDays * DAY_MS),
  );
  return { droppedPartitions, createdPartitions, prunedNotifications };
}

/**
 * Runs applyRetention while holding a session advisory lock on a connection of its own; returns
 * null without doing anything when another instance holds the lock (it is doing the same work).
 */
export async function applyRetentionOnce(
  database: VigilDatabase,
  retentionDays: number,
  now = new Date(),
  notificationRetentionDays = NOTIFICATION_RETENTION_DAYS,
): Promise<RetentionOutcome | null> {
  return database.withSession(async (session) => {
    const [lock] = await session.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [RETENTION_LOCK_KEY],
    );
    if (!lock?.locked) return null;
    try {
      return await applyRetention(database, retentionDays, now, notificationRetentionDays);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
    }
  });
}

export interface RetentionJobOptions {
  database: VigilDatabase;
  retentionDays: number;
  logger: Logger;
  /** Days finished notifications are kept (VIGIL_NOTIFICATION_RETENTION_DAYS). */
  notificationRetentionDays?: number;
  /** Time between runs; one hour by default. */
  intervalMs?: number;
}

export interface RetentionJob {
  /** The run in progress or the last one (resolves to null when another instance had the lock). */
  readonly lastRun: Promise<RetentionOutcome | null>;
  /** Cancels the next run and waits for one in progress. */
  stop(): Promise<void>;
}

/** Runs retention now and then every `intervalMs`; a failed run is logged and retried next time. */
export function startRetentionJob(options: RetentionJobOptions): RetentionJob {
  const { database, retentionDays, logger } = options;
  const intervalMs = options.intervalMs ?? HOUR_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastRun: Promise<RetentionOutcome | null> = Promise.resolve(null);

  const run = (): void => {
    lastRun = applyRetentionOnce(
      database,
      retentionDays,
      new Date(),
      options.notificationRetentionDays,
    ).then(
      (outcome) => {
        const pruned = outcome
          ? outcome.prunedNotifications.deliveries + outcome.prunedNotifications.outbox
          : 0;
        if (
          outcome &&
          outcome.droppedPartitions.length + outcome.createdPartitions.length + pruned > 0
        )
          logger.info(outcome, 'check result retention applied');
        return outcome;
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'check result retention failed; retrying at the next run');
        return null;
      },
    );
    void lastRun.then(() => {
      if (!stopped) timer = setTimeout(run, intervalMs);
      // An hourly timer must not keep a CLI process alive on its own.
      timer?.unref();
    });
  };
  run();

  return {
    get lastRun() {
      return lastRun;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await lastRun;
    },
  };
}
