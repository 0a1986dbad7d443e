// Manually advanced Clock for tests: timers fire in due order, with promise callbacks settled between.
import { setImmediate as settle } from 'node:timers/promises';
import type { Clock, TimerHandle } from './clock.js';

interface FakeTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, dueAt: this.current + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way at its exact due time. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await this.flush();
    for (;;) {
      const next = this.earliest();
      if (!next || next.dueAt > target) break;
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.dueAt);
      next.callback();
      await this.flush();
    }
    this.current = target;
    await this.flush();
  }

  // Lets promise chains started by timer callbacks run before time moves again (not a sleep).
  private async flush(): Promise<void> {
    for (let i = 0; i < 3; i++) await settle();
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.id < best.id)) {
        best = timer;
      }
    }
    return best;
  }
}
