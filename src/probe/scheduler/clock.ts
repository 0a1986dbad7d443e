// Injectable time source for the probe scheduler, so tests can drive time deterministically.

export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the Unix epoch. Phases are computed on this axis, so restarts keep them. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

// Node rejects delays above 2^31-1 ms (it fires at once instead), so long waits are re-armed.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) =>
    setTimeout(callback, Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
