// UTC days for tests that count per day, so they pass whenever they run, midnight UTC included:
// moments that stay in the day of one clock reading, and the days a request was answered in.
import { startOfUtcDay, utcDay } from '../../src/store/check-partitions.js';

/**
 * `count` moments before `now`, newest first, all in the UTC day of `now`: a second apart, or
 * closer together when `now` is within the first seconds of its day.
 */
export function momentsEarlierToday(now: number, count: number): Date[] {
  const sinceMidnight = now - startOfUtcDay(new Date(now)).getTime();
  const step = Math.min(1_000, sinceMidnight / (count + 1));
  return Array.from({ length: count }, (_, i) => new Date(now - (i + 1) * step));
}

/**
 * Runs `work` and gives its value with the UTC days it ran in (one, or two across midnight): the
 * "today" of code that reads the clock itself is one of them.
 */
export async function withUtcDays<T>(
  work: () => Promise<T>,
): Promise<{ value: T; days: string[] }> {
  const first = utcDay(new Date());
  const value = await work();
  const last = utcDay(new Date());
  return { value, days: first === last ? [first] : [first, last] };
}
