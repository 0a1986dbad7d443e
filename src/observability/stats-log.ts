// Periodic counters in the log (a line every N seconds at info level), so an operator can see a
// probe's lateness and a evaluator's backlog without a metrics stack, and benchmarks can read them.
import type { Logger } from 'pino';

/** Logs `read()` under `message` every `intervalMs`; 0 turns it off. Returns the stop function. */
export function logStatsEvery(
  logger: Pick<Logger, 'info'>,
  message: string,
  intervalMs: number,
  read: () => object,
): () => void {
  if (!(intervalMs > 0)) return () => undefined;
  const timer = setInterval(() => logger.info({ stats: read() }, message), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
