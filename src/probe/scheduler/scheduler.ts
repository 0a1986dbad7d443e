// CheckScheduler: runs every assigned monitor on its own phase from one heap and one timer.
import { setMaxListeners } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { LatenessHistogram } from './histogram.js';
import { MinHeap } from './min-heap.js';
import { nextDue, phaseOffset, slotAtOrAfter } from './phase.js';

export interface ScheduledMonitor {
  id: string;
  intervalMs: number;
  timeoutMs: number;
}

export interface RunContext {
  /** When the run was due; `startedAt - dueAt` is its scheduling lateness. */
  dueAt: number;
  startedAt: number;
  /** Aborted when stop() gives up waiting for in-flight checks. */
  signal: AbortSignal;
}

export type CheckRunner<M extends ScheduledMonitor> = (
  monitor: M,
  context: RunContext,
) => Promise<void>;

export interface SchedulerOptions<M extends ScheduledMonitor> {
  run: CheckRunner<M>;
  /** At most this many checks run at once; further due runs wait in due order (never dropped). */
  concurrency: number;
  clock?: Clock;
  /** Called when a runner rejects; runners are expected to turn target errors into results. */
  onRunError?: (monitor: M, error: unknown) => void;
}

export interface SchedulerMetrics {
  monitors: number;
  /** Runs that came due (including ones skipped because the previous run was still going). */
  scheduled: number;
  started: number;
  completed: number;
  failed: number;
  skipped: number;
  queued: number;
  inFlight: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
}

interface MonitorState<M> {
  monitor: M;
  offset: number;
  /** Bumped whenever the pending heap entry is superseded (lazy deletion). */
  generation: number;
  assigned: boolean;
  inFlight: boolean;
  queued: boolean;
  lastStartedAt: number | undefined;
  /** The interval the last run started under: what a re-added monitor must still respect. */
  lastIntervalMs: number | undefined;
}

interface HeapEntry<M> {
  dueAt: number;
  state: MonitorState<M>;
  generation: number;
}

interface QueuedRun<M> {
  dueAt: number;
  state: MonitorState<M>;
}

export class CheckScheduler<M extends ScheduledMonitor> {
  private readonly clock: Clock;
  private readonly heap = new MinHeap<HeapEntry<M>>((a, b) => a.dueAt < b.dueAt);
  // Known monitors, including removed ones that still matter (in flight or started recently).
  private readonly states = new Map<string, MonitorState<M>>();
  private readonly waiting: (QueuedRun<M> | undefined)[] = [];
  private waitingHead = 0;
  private readonly lateness = new LatenessHistogram();
  private readonly abort = new AbortController();
  private timer: TimerHandle | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private running = false;
  private stopped = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private counts = { scheduled: 0, started: 0, completed: 0, failed: 0, skipped: 0 };

  constructor(private readonly options: SchedulerOptions<M>) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError('concurrency must be a positive integer');
    }
    this.clock = options.clock ?? systemClock;
    // Every check in flight listens on this one signal; they are bounded by the concurrency, so
    // more than Node's default of 10 listeners is expected here, not a leak.
    setMaxListeners(options.concurrency + 10, this.abort.signal);
  }

  start(): void {
    if (this.stopped) throw new Error('scheduler was stopped');
    this.running = true;
    this.arm();
  }

  /** Replaces the set of monitors this probe checks; unchanged monitors keep their schedule. */
  setAssignment(monitors: readonly M[]): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const wanted = new Set<string>();
    for (const monitor of monitors) {
      if (!(monitor.intervalMs > 0)) throw new RangeError(`monitor ${monitor.id}: bad interval`);
      wanted.add(monitor.id);
      const state = this.states.get(monitor.id);
      if (!state) {
        const fresh = this.newState(monitor);
        this.states.set(monitor.id, fresh);
        this.schedule(fresh, slotAtOrAfter(now, fresh.offset, monitor.intervalMs));
        continue;
      }
      const intervalChanged = state.monitor.intervalMs !== monitor.intervalMs;
      state.monitor = monitor;
      if (state.assigned && !intervalChanged) continue;
      state.assigned = true;
      state.offset = phaseOffset(monitor.id, monitor.intervalMs);
      // A queued or running check reschedules itself when it starts; otherwise pick the next slot
      // that respects the last start, so re-adding or re-timing never doubles the rate.
      if (!state.queued) this.schedule(state, this.resumeAt(state, now));
    }
    for (const [id, state] of this.states) {
      if (wanted.has(id)) continue;
      if (state.assigned) {
        state.assigned = false;
        state.generation++;
      }
      if (!state.inFlight && !state.queued && this.forgettable(state, now)) this.states.delete(id);
    }
    this.arm();
  }

  /** Stops scheduling, drops runs not yet started, and waits for in-flight checks until the deadline. */
  async stop(deadlineMs = 10_000): Promise<{ drained: boolean; abandoned: number }> {
    this.stopped = true;
    this.running = false;
    this.disarm();
    this.heap.clear();
    for (let i = this.waitingHead; i < this.waiting.length; i++) {
      const run = this.waiting[i];
      if (run) run.state.queued = false;
    }
    this.waiting.length = 0;
    this.waitingHead = 0;
    if (this.inFlight === 0) return { drained: true, abandoned: 0 };
    let deadline: TimerHandle | undefined;
    const drained = await new Promise<boolean>((resolve) => {
      this.idleWaiters.push(() => resolve(true));
      deadline = this.clock.setTimeout(() => resolve(false), deadlineMs);
    });
    this.clock.clearTimeout(deadline);
    if (drained) return { drained: true, abandoned: 0 };
    this.abort.abort(new Error('probe is stopping'));
    return { drained: false, abandoned: this.inFlight };
  }

  metrics(): SchedulerMetrics {
    let monitors = 0;
    for (const state of this.states.values()) if (state.assigned) monitors++;
    return {
      monitors,
      ...this.counts,
      queued: this.waiting.length - this.waitingHead,
      inFlight: this.inFlight,
      latenessP50Ms: this.lateness.quantile(0.5),
      latenessP99Ms: this.lateness.quantile(0.99),
      latenessMaxMs: this.lateness.maxMs,
    };
  }

  private newState(monitor: M): MonitorState<M> {
    return {
      monitor,
      offset: phaseOffset(monitor.id, monitor.intervalMs),
      generation: 0,
      assigned: true,
      inFlight: false,
      queued: false,
      lastStartedAt: undefined,
      lastIntervalMs: undefined,
    };
  }

  private resumeAt(state: MonitorState<M>, now: number): number {
    const { intervalMs } = state.monitor;
    const onGrid = slotAtOrAfter(now, state.offset, intervalMs);
    if (state.lastStartedAt === undefined) return onGrid;
    return Math.max(onGrid, nextDue(state.lastStartedAt, state.offset, intervalMs));
  }

  // A removed monitor is remembered until a re-add could no longer run it too early: one
  // interval of its last run (not its current one, which an edit may have shortened meanwhile).
  private forgettable(state: MonitorState<M>, now: number): boolean {
    return (
      state.lastStartedAt === undefined ||
      now - state.lastStartedAt >= (state.lastIntervalMs ?? state.monitor.intervalMs)
    );
  }

  private schedule(state: MonitorState<M>, dueAt: number): void {
    state.generation++;
    this.heap.push({ dueAt, state, generation: state.generation });
  }

  private arm(): void {
    if (!this.running) return;
    // Superseded entries are discarded lazily, so the timer always targets a live run.
    let top = this.heap.peek();
    while (top && top.generation !== top.state.generation) {
      this.heap.pop();
      top = this.heap.peek();
    }
    if (!top) return this.disarm();
    if (top.dueAt === this.timerDueAt) return;
    this.disarm();
    this.timerDueAt = top.dueAt;
    this.timer = this.clock.setTimeout(() => this.onTimer(), top.dueAt - this.clock.now());
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    if (!this.running) return;
    const now = this.clock.now();
    for (let top = this.heap.peek(); top && top.dueAt <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (top.generation !== top.state.generation) continue;
      this.dispatch(top.state, top.dueAt);
    }
    this.arm();
  }

  private dispatch(state: MonitorState<M>, dueAt: number): void {
    this.counts.scheduled++;
    if (state.inFlight) {
      // The previous check outlived its interval: running a second copy would add load, not news.
      this.counts.skipped++;
      this.schedule(state, slotAtOrAfter(dueAt + 1, state.offset, state.monitor.intervalMs));
      return;
    }
    if (this.inFlight >= this.options.concurrency) {
      state.queued = true;
      this.waiting.push({ dueAt, state });
      return;
    }
    this.begin(state, dueAt);
  }

  private begin(state: MonitorState<M>, dueAt: number): void {
    const startedAt = this.clock.now();
    state.lastStartedAt = startedAt;
    state.lastIntervalMs = state.monitor.intervalMs;
    state.inFlight = true;
    this.inFlight++;
    this.counts.started++;
    this.lateness.record(startedAt - dueAt);
    const { monitor } = state;
    this.schedule(state, nextDue(startedAt, state.offset, monitor.intervalMs));
    let outcome: Promise<void>;
    try {
      outcome = this.options.run(monitor, { dueAt, startedAt, signal: this.abort.signal });
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(
      () => this.finish(state, true),
      (error: unknown) => {
        this.options.onRunError?.(monitor, error);
        this.finish(state, false);
      },
    );
  }

  private finish(state: MonitorState<M>, ok: boolean): void {
    state.inFlight = false;
    this.inFlight--;
    if (ok) this.counts.completed++;
    else this.counts.failed++;
    if (!state.assigned && this.states.get(state.monitor.id) === state) {
      if (this.forgettable(state, this.clock.now())) this.states.delete(state.monitor.id);
    }
    this.drainWaiting();
    if (this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private drainWaiting(): void {
    while (this.running && this.inFlight < this.options.concurrency) {
      const run = this.waiting[this.waitingHead];
      if (!run) break;
      this.waiting[this.waitingHead] = undefined;
      this.waitingHead++;
      run.state.queued = false;
      // A monitor removed while it waited is dropped here; its phase is remembered for a re-add.
      if (!run.state.assigned) continue;
      // Its interval may have grown while it waited: the run became due under the old one.
      const now = this.clock.now();
      const { lastStartedAt } = run.state;
      if (lastStartedAt !== undefined && now - lastStartedAt < run.state.monitor.intervalMs) {
        this.schedule(run.state, this.resumeAt(run.state, now));
        continue;
      }
      this.begin(run.state, run.dueAt);
    }
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    this.arm();
  }
}
