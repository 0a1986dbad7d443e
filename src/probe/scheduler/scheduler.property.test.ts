// Properties: under random assignment churn and check durations, no monitor runs more than once
// per interval; and when monitors move between agents (each with its own scheduler), a monitor
// taken over runs at its next phase slot and none runs sooner than an interval after its last run
// by whichever agent, because the phase grid is the same on every agent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FakeClock } from './fake-clock.js';
import { slotAtOrAfter, phaseOffset } from './phase.js';
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

  it('keeps the interval across agents when monitors change hands, and runs a taken-over one at its next slot', async () => {
    const monitors = IDS.map((id, i) => ({
      id,
      intervalMs: [10_000, 15_000, 30_000][i % 3]!,
      timeoutMs: 1_000,
    }));
    const handOff = fc.record({
      // Who holds each monitor after this step: agent 0, agent 1 or nobody.
      owners: fc.array(fc.constantFrom(0, 1, -1), { minLength: IDS.length, maxLength: IDS.length }),
      // Losers drop first; gainers add this much later (the hand-off margin, at least 1 ms).
      gapMs: fc.integer({ min: 1, max: 3_000 }),
      holdMs: fc.integer({ min: 0, max: 40_000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 29_999 }),
        fc.array(handOff, { minLength: 1, maxLength: 10 }),
        async (startOffset, steps) => {
          const clock = new FakeClock(1_700_000_000_000 + startOffset);
          const starts = new Map<string, number[]>();
          const schedulers = [0, 1].map(
            () =>
              new CheckScheduler<ScheduledMonitor>({
                clock,
                concurrency: 10,
                run: async (monitor) => {
                  const list = starts.get(monitor.id) ?? [];
                  list.push(clock.now());
                  starts.set(monitor.id, list);
                },
              }),
          );
          schedulers.forEach((scheduler) => scheduler.start());
          let owners = IDS.map(() => -1);
          const gains: Array<{ id: string; atMs: number; untilMs: number }> = [];
          for (const step of steps) {
            const held = (agent: number, which: number[]) =>
              monitors.filter((_, i) => which[i] === agent);
            // Losers drop at once: each keeps only what it holds both before and after.
            const kept = owners.map((owner, i) => (owner === step.owners[i] ? owner : -1));
            schedulers.forEach((scheduler, agent) => scheduler.setAssignment(held(agent, kept)));
            await clock.advance(step.gapMs);
            const addedAt = clock.now();
            schedulers.forEach((scheduler, agent) =>
              scheduler.setAssignment(held(agent, step.owners)),
            );
            for (const [i, owner] of step.owners.entries()) {
              if (owner !== -1 && owners[i] !== owner)
                gains.push({ id: IDS[i]!, atMs: addedAt, untilMs: addedAt + step.holdMs });
            }
            owners = step.owners;
            await clock.advance(step.holdMs);
          }
          for (const scheduler of schedulers) await scheduler.stop();
          for (const monitor of monitors) {
            const list = starts.get(monitor.id) ?? [];
            for (let i = 1; i < list.length; i++) {
              const gap = list[i]! - list[i - 1]!;
              assert.ok(gap >= monitor.intervalMs, `${monitor.id}: runs ${gap} ms apart`);
            }
          }
          for (const gain of gains) {
            const monitor = monitors.find((m) => m.id === gain.id)!;
            const slot = slotAtOrAfter(
              gain.atMs,
              phaseOffset(monitor.id, monitor.intervalMs),
              monitor.intervalMs,
            );
            if (slot >= gain.untilMs) continue;
            const first = (starts.get(gain.id) ?? []).find((at) => at >= gain.atMs);
            assert.equal(
              first,
              slot,
              `${gain.id} taken over at ${gain.atMs} runs at its next slot`,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
