// One abort signal per check that fires on its timeout or when the caller cancels it.

export interface Deadline {
  signal: AbortSignal;
  /** True when the signal fired because the timeout passed (not because the caller cancelled). */
  timedOut(): boolean;
  /** Milliseconds since the check started. */
  elapsedMs(): number;
  dispose(): void;
}

export class CheckTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'CheckTimeoutError';
  }
}

export class CheckCancelledError extends Error {
  readonly code = 'ECANCELLED';
  constructor() {
    super('check cancelled');
    this.name = 'CheckCancelledError';
  }
}

export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const started = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new CheckTimeoutError(timeoutMs));
  }, timeoutMs);
  const onCancel = () => controller.abort(new CheckCancelledError());
  if (callerSignal?.aborted) onCancel();
  else callerSignal?.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    elapsedMs: () => performance.now() - started,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCancel);
    },
  };
}

/** Rejects as soon as the signal fires, so a check never waits past its deadline. */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
