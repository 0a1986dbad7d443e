// The evaluator service's loop: wakes on stored results (NOTIFY) and on a timer for monitors that
// may turn stale, and evaluates the dirty monitors a few at a time, one evaluator per monitor.
// While the database is unreachable it pauses (DatabasePause) and keeps what it has to do; when
// the database or its notices come back it looks at every monitor, as notices may have been lost.
import type { Logger } from 'pino';
import { RESULTS_CHANNEL } from '../store/change-channel.js';
import type { VigilDatabase } from '../store/database.js';
import { DatabasePause } from './database-pause.js';
import { evaluateBatch, evaluateOne, type EvaluationOutcome } from './evaluate-monitor.js';
import { recordMissedHeartbeats } from './missed-heartbeats.js';

export interface EvaluatorOptions {
  database: VigilDatabase;
  logger: Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;
  /** How often due monitors (stale checks, retries) are looked at. */
  intervalMs?: number;
  /** How often every monitor is evaluated anyway (new monitors, pauses, maintenances). */
  sweepMs?: number;
  /** Batches evaluated at once (each holds a database connection meanwhile). */
  concurrency?: number;
  /** Monitors evaluated together in one transaction, at most. */
  batchSize?: number;
}

export interface EvaluatorMetrics {
  evaluations: number;
  /** Monitors with new results not yet evaluated: the backlog. */
  dirty: number;
  /** Monitors to look at again at a known time (staleness, retries). */
  scheduled: number;
  running: number;
}

export interface Evaluator {
  /** Marks a monitor dirty, as a NOTIFY would. */
  wake(monitorId: string): void;
  /** Evaluations finished since start (for tests and metrics). */
  readonly evaluations: number;
  /** Work waiting now: monitors marked dirty, waiting for a later look, and running. */
  metrics(): EvaluatorMetrics;
  stop(): Promise<void>;
}

/** Retry delay after an error or after another evaluator held the monitor. */
const RETRY_MS = 1000;
/**
 * A few statements per batch instead of per monitor: at 1,000 results a second, evaluating them
 * one transaction each would cost the database more than storing them. A quiet installation's
 * batches hold one or two monitors, so nothing waits for a batch to fill.
 */
const BATCH_SIZE = 200;

export async function startEvaluator(options: EvaluatorOptions): Promise<Evaluator> {
  const { database, logger } = options;
  const intervalMs = options.intervalMs ?? 2000;
  const sweepMs = options.sweepMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  const dirty = new Set<string>();
  const due = new Map<string, number>();
  const running = new Set<Promise<void>>();
  let evaluations = 0;
  let stopped = false;
  let lastSweep = 0;
  // Notices may have been missed (reconnected, or the database was away): look at every monitor.
  let fullSweepDue = false;
  const pause = new DatabasePause({
    database,
    logger,
    onBack: () => {
      fullSweepDue = true;
      runTick();
    },
  });

  const later = (id: string, atMs: number): void => {
    const current = due.get(id);
    if (current === undefined || atMs < current) due.set(id, atMs);
  };

  const settle = (id: string, outcome: EvaluationOutcome): void => {
    if (!outcome.evaluated) {
      // Another evaluator has it: look again soon in case results came after it read them.
      if (outcome.skipped === 'locked') later(id, Date.now() + RETRY_MS);
      return;
    }
    evaluations += 1;
    if (outcome.more) dirty.add(id);
    if (outcome.recheckAt) later(id, outcome.recheckAt.getTime());
  };

  const evaluateAlone = async (id: string): Promise<void> => {
    try {
      settle(id, await evaluateOne(database.db, id, new Date(), { tryLock: true }));
    } catch (error) {
      if (pause.absorb(error)) {
        dirty.add(id);
        return;
      }
      logger.warn({ err: error, monitorId: id }, 'monitor evaluation failed; retrying');
      later(id, Date.now() + RETRY_MS);
    }
  };

  const evaluate = async (ids: string[]): Promise<void> => {
    try {
      const outcomes = await evaluateBatch(database.db, ids, new Date(), { tryLock: true });
      for (const [id, outcome] of outcomes) settle(id, outcome);
    } catch (error) {
      // Nothing is wrong with these monitors: keep them for when the database is back.
      if (pause.absorb(error)) {
        for (const id of ids) dirty.add(id);
        return;
      }
      if (ids.length === 1) {
        logger.warn({ err: error, monitorId: ids[0] }, 'monitor evaluation failed; retrying');
        later(ids[0]!, Date.now() + RETRY_MS);
        return;
      }
      // One monitor's bad data must not hold the batch back: go one by one to find it.
      logger.debug({ err: error, monitors: ids.length }, 'batch failed; evaluating one by one');
      for (const id of ids) await evaluateAlone(id);
    }
  };

  const drain = (): void => {
    while (!stopped && !pause.paused && running.size < concurrency && dirty.size > 0) {
      const ids: string[] = [];
      for (const id of dirty) {
        ids.push(id);
        if (ids.length >= batchSize) break;
      }
      for (const id of ids) dirty.delete(id);
      const task: Promise<void> = evaluate(ids).finally(() => {
        running.delete(task);
        drain();
      });
      running.add(task);
    }
  };

  /**
   * Marks monitors dirty without a notice: all of them at start and after a reconnect (notices
   * may have been missed meanwhile), else only those never evaluated, changed since, or not
   * evaluated for a sweep period — re-evaluating every monitor each minute would cost as much as
   * the results themselves at 10,000 monitors.
   */
  const sweep = async (all = false): Promise<void> => {
    const startedMs = Date.now();
    let query = database.db
      .selectFrom('monitors as m')
      .leftJoin('monitor_states as s', 's.monitor_id', 'm.id')
      .select('m.id');
    if (!all && lastSweep > 0) {
      const since = new Date(lastSweep);
      query = query.where((eb) =>
        eb.or([
          eb('s.monitor_id', 'is', null),
          eb('m.updated_at', '>', eb.ref('s.updated_at')),
          eb('s.updated_at', '<', since),
        ]),
      );
    }
    const rows = await query.execute();
    lastSweep = startedMs;
    for (const row of rows) dirty.add(row.id);
  };

  const tick = async (): Promise<void> => {
    if (pause.paused) return;
    const nowMs = Date.now();
    if (fullSweepDue) {
      await sweep(true);
      fullSweepDue = false;
    } else if (nowMs - lastSweep >= sweepMs) await sweep();
    // Its NOTIFY marks the monitors with a missed ping dirty like any stored result.
    await recordMissedHeartbeats(database.db, new Date(nowMs));
    for (const [id, atMs] of due) {
      if (atMs > nowMs) continue;
      due.delete(id);
      dirty.add(id);
    }
    drain();
  };

  // One tick at a time; a tick asked for meanwhile runs right after.
  let ticking: Promise<void> | undefined;
  let tickAgain = false;
  const runTick = (): void => {
    if (stopped) return;
    if (ticking) {
      tickAgain = true;
      return;
    }
    ticking = tick()
      .catch((error: unknown) => {
        if (!pause.absorb(error)) logger.error({ err: error }, 'evaluator tick failed');
      })
      .finally(() => {
        ticking = undefined;
        if (tickAgain) {
          tickAgain = false;
          runTick();
        }
      });
  };

  const unlisten = await database.listen(RESULTS_CHANNEL, (payload) => {
    if (stopped) return;
    if (payload === '*' || payload === '') {
      // Retried by every tick until it succeeds.
      fullSweepDue = true;
      runTick();
      return;
    }
    dirty.add(payload);
    drain();
  });
  const timer = setInterval(runTick, intervalMs);
  timer.unref();
  await sweep(true);
  drain();

  return {
    wake(monitorId) {
      if (stopped) return;
      dirty.add(monitorId);
      drain();
    },
    get evaluations() {
      return evaluations;
    },
    metrics: () => ({
      evaluations,
      dirty: dirty.size,
      scheduled: due.size,
      running: running.size,
    }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      pause.stop();
      await unlisten();
      await ticking;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
