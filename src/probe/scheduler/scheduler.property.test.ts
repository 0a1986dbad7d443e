// Property: under random assignment churn and check durations, no monitor runs more than once per interval.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FakeClock } from './fake-clock.js';
import { CheckScheduler, type ScheduledMonitor } from './scheduler.js';

const IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];

const step = fc.record({
  assignment: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom(...IDS),
      intervalMs: fc.constantFrom(1_000, 2_000, 5_000),
    }),
    { selector: (m) => m.id, maxLength: IDS.length },
  ),
  advanceMs: fc.integer({ min: 0, max: 8_000 }),
});

describe('CheckScheduler properties', () => {
  it('never runs a monitor sooner than one interval after its previous start', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom(0, 300, 1_500, 6_000), { minLength: IDS.length, maxLength: 6 }),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        async (concurrency, durations, steps) => {
          const clock = new FakeClock(1_700_000_000_000 + 777);
          const starts = new Map<string, { at: number; intervalMs: number }[]>();
          const running = new Set<string>();
          let inFlight = 0;
          const scheduler = new CheckScheduler<ScheduledMonitor>({
            clock,
            concurrency,
            run: (monitor) => {
              assert.ok(!running.has(monitor.id), `${monitor.id} overlapped itself`);
              assert.ok(inFlight < concurrency, 'concurrency cap exceeded');
              running.add(monitor.id);
              inFlight++;
              const list = starts.get(monitor.id) ?? [];
              list.push({ at: clock.now(), intervalMs: monitor.intervalMs });
              starts.set(monitor.id, list);
              const duration = durations[IDS.indexOf(monitor.id)] ?? 0;
              return new Promise<void>((resolve) =>
                clock.setTimeout(() => {
                  running.delete(monitor.id);
                  inFlight--;
                  resolve();
                }, duration),
              );
            },
          });
          scheduler.start();
          for (const { assignment, advanceMs } of steps) {
            scheduler.setAssignment(assignment.map((m) => ({ ...m, timeoutMs: 1_000 })));
            await clock.advance(advanceMs);
          }
          const stopped = scheduler.stop(10_000);
          await clock.advance(10_000);
          assert.equal((await stopped).drained, true);
          for (const [id, list] of starts) {
            for (let i = 1; i < list.length; i++) {
              const prev = list[i - 1] as { at: number; intervalMs: number };
              const next = list[i] as { at: number; intervalMs: number };
              // An interval change applies from the next run, so the shorter of the two governs.
              const limit = Math.min(prev.intervalMs, next.intervalMs);
              assert.ok(next.at - prev.at >= limit, `${id}: ${next.at - prev.at}ms < ${limit}ms`);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
