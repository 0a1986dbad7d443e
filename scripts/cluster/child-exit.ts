// Ending a child process by its PID within a bound: a polite signal first, SIGKILL when it does
// not exit in time, and the exit status either way.
import type { ChildProcess } from 'node:child_process';

/** Resolves with the exit code (null when ended by a signal) once the child has exited. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Sends `signal` and waits up to `timeoutMs`; resolves true when the child exited in time. */
export async function signalAndWait(
  child: ChildProcess,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const exited = exitOf(child);
  try {
    process.kill(child.pid!, signal);
  } catch {
    // Exited between the check and the signal.
  }
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  return outcome !== 'timeout';
}

/**
 * Stops a child with SIGTERM and waits for it to exit; returns its exit code. After `timeoutMs`
 * it is killed (SIGKILL) and this throws, since a role that ignores SIGTERM is a bug to report.
 */
export async function stopChild(child: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  if (await signalAndWait(child, 'SIGTERM', timeoutMs)) return child.exitCode;
  await signalAndWait(child, 'SIGKILL', 5_000);
  throw new Error(`process ${child.pid} did not stop within ${timeoutMs} ms of SIGTERM`);
}
