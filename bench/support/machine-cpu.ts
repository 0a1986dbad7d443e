// How busy the whole machine was during a measurement (Linux /proc/stat): a benchmark on a
// shared machine says whether its figures were bounded by cores other work was also using.
import { readFileSync } from 'node:fs';

export interface MachineCpuSample {
  /** Jiffies spent on anything but idle and iowait, summed over all CPUs. */
  busy: number;
  total: number;
}

/** The aggregate "cpu" line of /proc/stat, or undefined off Linux. */
export function machineCpuSample(): MachineCpuSample | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice; guest time is already
    // counted in user, so only the first eight fields add up to the total.
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((sum, n) => sum + n, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return undefined;
  }
}

/** Share of all CPUs that was busy between two samples (0..1), or undefined when unknown. */
export function busyShare(
  before: MachineCpuSample | undefined,
  after: MachineCpuSample | undefined,
): number | undefined {
  if (!before || !after || after.total === before.total) return undefined;
  return (after.busy - before.busy) / (after.total - before.total);
}
