// Scheduler behaviour under a fake clock: phases, jitter, concurrency, assignment churn, stop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './fake-clock.js';
import { CheckScheduler, type RunContext, type ScheduledMonitor } from './scheduler.js';

const T0 = 1_700_000_000_000;

interface Harness {
  clock: FakeClock;
  scheduler: CheckScheduler<ScheduledMonitor>;
  starts: Map<string, number[]>;
  maxInFlight: () => number;
  contexts: RunContext[];
}

// durationMs: how long each check takes in fake time (null → never finishes on its own).
function harness(concurrency: number, durationMs: number | null = 0): Harness {
  const clock = new FakeClock(T0);
  const starts = new Map<string, number[]>();
  const contexts: RunContext[] = [];
  let inFlight = 0;
  let peak = 0;
  const scheduler = new CheckScheduler<ScheduledMonitor>({
    clock,
    concurrency,
    run: (monitor, context) => {
      contexts.push(context);
      const list = starts.get(monitor.id) ?? [];
      list.push(clock.now());
      starts.set(monitor.id, list);
      inFlight++;
      peak = Math.max(peak, inFlight);
      if (durationMs === null) return new Promise<void>(() => {});
      return new Promise<void>((resolve) =>
        clock.setTimeout(() => {
          inFlight--;
          resolve();
        }, durationMs),
      );
    },
  });
  return { clock, scheduler, starts, maxInFlight: () => peak, contexts };
}

const monitors = (count: number, intervalMs: number, prefix = 'm'): ScheduledMonitor[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, intervalMs, timeoutMs: 5_000 }));

describe('CheckScheduler', () => {
  it('runs 1,000 monitors the right number of times, each on a fixed phase', async () => {
    const { clock, scheduler, starts } = harness(1_000);
    const intervals = [10_000, 30_000, 60_000];
    const all = Array.from({ length: 1_000 }, (_, i) => ({
      id: `mon-${i}`,
      intervalMs: intervals[i % 3] as number,
      timeoutMs: 5_000,
    }));
    scheduler.setAssignment(all);
    scheduler.start();
    const span = 5 * 60_000;
    await clock.advance(span);
    for (const monitor of all) {
      const runs = starts.get(monitor.id) ?? [];
      const first = runs[0];
      assert.ok(first !== undefined, `${monitor.id} never ran`);
      assert.ok(first - T0 < monitor.intervalMs, 'first run within one interval');
      const expected = Math.floor((T0 + span - first) / monitor.intervalMs) + 1;
      assert.equal(runs.length, expected, `${monitor.id} run count`);
      runs.forEach((t, i) => assert.equal(t, first + i * monitor.intervalMs, 'exact phase'));
    }
    const metrics = scheduler.metrics();
    assert.equal(metrics.monitors, 1_000);
    assert.equal(metrics.latenessP99Ms, 0);
    assert.equal(metrics.completed, metrics.started);
    await scheduler.stop();
  });

  it('spreads start times across the interval and keeps the phase across a restart', async () => {
    const first = harness(1_000);
    const list = monitors(1_000, 10_000);
    first.scheduler.setAssignment(list);
    first.scheduler.start();
    await first.clock.advance(10_000);
    const buckets = new Array<number>(10).fill(0);
    for (const runs of first.starts.values()) {
      const bucket = Math.floor(((runs[0] as number) - T0) / 1_000);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    // 100 per one-second bucket on average; a hash that bunched checks would blow well past this.
    assert.ok(Math.max(...buckets) <= 150, `bucket loads ${buckets.join(',')}`);
    assert.ok(Math.min(...buckets) >= 50, `bucket loads ${buckets.join(',')}`);
    await first.scheduler.stop();

    const restarted = harness(1_000);
    await restarted.clock.advance(123_456);
    restarted.scheduler.setAssignment(list);
    restarted.scheduler.start();
    await restarted.clock.advance(10_000);
    for (const [id, runs] of restarted.starts) {
      const before = first.starts.get(id)?.[0] as number;
      assert.equal(((runs[0] as number) - before) % 10_000, 0, `${id} phase kept`);
    }
  });

  it('never exceeds the concurrency cap, delays instead of dropping, and reports lateness', async () => {
    // 100 checks of 500 ms per 10 s need 5 slots on average; 10 slots absorb bunching with delay.
    const { clock, scheduler, starts, maxInFlight } = harness(10, 500);
    scheduler.setAssignment(monitors(100, 10_000));
    scheduler.start();
    await clock.advance(50_000);
    assert.ok(maxInFlight() <= 10);
    for (const [id, runs] of starts) {
      assert.ok(runs.length >= 4, `${id} ran ${runs.length} times`);
      for (let i = 1; i < runs.length; i++) {
        assert.ok((runs[i] as number) - (runs[i - 1] as number) >= 10_000, 'once per interval');
      }
    }
    assert.equal(starts.size, 100);
    assert.equal(scheduler.metrics().skipped, 0);

    const overloaded = harness(2, 1_000);
    overloaded.scheduler.setAssignment(monitors(50, 10_000));
    overloaded.scheduler.start();
    await overloaded.clock.advance(60_000);
    const metrics = overloaded.scheduler.metrics();
    assert.equal(overloaded.maxInFlight(), 2);
    assert.ok(metrics.queued > 0, 'backlog waits instead of being dropped');
    assert.ok(metrics.latenessP99Ms >= 5_000, `p99 lateness ${metrics.latenessP99Ms}`);
    assert.ok(metrics.latenessMaxMs > 0);
    assert.equal(overloaded.starts.size, 50, 'every monitor got a turn');
  });

  it('applies assignment changes in place', async () => {
    const { clock, scheduler, starts } = harness(10, 2_000);
    const a = { id: 'a', intervalMs: 10_000, timeoutMs: 1_000 };
    const b = { id: 'b', intervalMs: 10_000, timeoutMs: 1_000 };
    scheduler.setAssignment([a]);
    scheduler.start();
    await clock.advance(20_000);
    assert.equal(starts.get('a')?.length, 2);

    // Added monitor starts at its own phase; removed one stops after its in-flight run completes.
    scheduler.setAssignment([a, b]);
    const aLast = starts.get('a')?.at(-1) as number;
    await clock.advance(aLast + 10_000 + 1 - clock.now()); // a's next run has just started
    const aRuns = starts.get('a')?.length as number;
    assert.equal(scheduler.metrics().inFlight >= 1, true);
    const completedBefore = scheduler.metrics().completed;
    scheduler.setAssignment([b]);
    await clock.advance(40_000);
    assert.equal(starts.get('a')?.length, aRuns, 'removed monitor not rescheduled');
    assert.ok(scheduler.metrics().completed > completedBefore, 'in-flight check finished');
    assert.ok((starts.get('b')?.length ?? 0) >= 4);

    // Re-adding right after a removal keeps the phase and never runs early.
    const bRuns = starts.get('b') as number[];
    const bLast = bRuns.at(-1) as number;
    scheduler.setAssignment([]);
    scheduler.setAssignment([b]);
    await clock.advance(30_000);
    const after = (starts.get('b') as number[]).filter((t) => t > bLast);
    assert.equal(after[0], bLast + 10_000, 'next run one interval after the last, not sooner');
    for (const t of after) assert.equal((t - bLast) % 10_000, 0, 'same phase after re-add');

    // Interval change: the next run honours the new interval measured from the last start.
    const beforeChange = (starts.get('b') as number[]).at(-1) as number;
    scheduler.setAssignment([{ ...b, intervalMs: 30_000 }]);
    await clock.advance(90_000);
    const changed = (starts.get('b') as number[]).filter((t) => t > beforeChange);
    assert.ok(changed.length >= 2);
    assert.ok((changed[0] as number) - beforeChange >= 30_000);
    for (let i = 1; i < changed.length; i++) {
      assert.equal((changed[i] as number) - (changed[i - 1] as number), 30_000);
    }
    await scheduler.stop();
  });

  it('stop() waits for in-flight checks and aborts them at the deadline', async () => {
    const slow = harness(5, 5_000);
    slow.scheduler.setAssignment(monitors(3, 10_000));
    slow.scheduler.start();
    await slow.clock.advance(10_000);
    const busy = slow.scheduler.metrics().inFlight;
    assert.ok(busy > 0, 'some checks in flight');
    let settled: { drained: boolean } | undefined;
    const stopping = slow.scheduler.stop(60_000).then((r) => (settled = r));
    await slow.clock.advance(1_000);
    assert.equal(settled, undefined, 'still waiting for in-flight checks');
    await slow.clock.advance(5_000);
    await stopping;
    assert.deepEqual(settled, { drained: true, abandoned: 0 });
    const started = slow.scheduler.metrics().started;
    await slow.clock.advance(60_000);
    assert.equal(slow.scheduler.metrics().started, started, 'nothing runs after stop');

    const stuck = harness(5, null);
    stuck.scheduler.setAssignment(monitors(1, 10_000));
    stuck.scheduler.start();
    await stuck.clock.advance(10_000);
    const stopped = stuck.scheduler.stop(2_000);
    await stuck.clock.advance(2_000);
    assert.deepEqual(await stopped, { drained: false, abandoned: 1 });
    assert.equal(stuck.contexts[0]?.signal.aborted, true);
  });
});
