// One figure of the cluster benchmark: a warm-up load, then the measured load, with the CPU time
// each watched group of processes (web instances, nginx, the evaluator, PostgreSQL's backends)
// and the whole machine spent during the measured part.
import { availableParallelism } from 'node:os';
import type { LoadResult } from '../public-page/load.js';
import { busyShare, machineCpuSample } from '../support/machine-cpu.js';
import { processCpuMs } from '../support/vigil-process.js';

/** A group of processes whose CPU time is read before and after a figure. */
export interface CpuMeter {
  name: string;
  /** The group's PIDs now (asked before and after, since nginx workers or backends may change). */
  pids(): number[] | Promise<number[]>;
}

export interface FigureResult {
  load: LoadResult;
  /** Wall time of the measured load. */
  seconds: number;
  /** Per meter: CPU used during the measured load, in % of one core. */
  cpuPercent: Array<{ name: string; percent: number | undefined }>;
  /** Share of all the machine's CPUs that was busy (anything on the machine), 0..1. */
  machineBusy: number | undefined;
  /** Busy CPU not used by any meter (wrk, and whatever else runs on the machine), % of one core. */
  restPercent: number | undefined;
}

export type Phase = 'warm-up' | 'measure';

async function readCpu(meter: CpuMeter): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  for (const pid of await meter.pids()) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) times.set(pid, ms);
  }
  return times;
}

/**
 * CPU of a group between two readings: a process seen both times adds its difference, one that
 * started in between all it used; one that ended in between is lost (its last time is unknown),
 * which is why each reading names its PIDs instead of summing whatever runs.
 */
function spentMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export async function measureFigure(options: {
  load: (phase: Phase, durationSeconds: number) => Promise<LoadResult>;
  meters: readonly CpuMeter[];
  warmUpSeconds: number;
  durationSeconds: number;
}): Promise<FigureResult> {
  // JIT, connection pools, nginx's upstream keep-alive and the cache entries settle first.
  await options.load('warm-up', options.warmUpSeconds);
  const before = await Promise.all(options.meters.map(readCpu));
  const machineBefore = machineCpuSample();
  const started = process.hrtime.bigint();
  const load = await options.load('measure', options.durationSeconds);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const machineAfter = machineCpuSample();
  const after = await Promise.all(options.meters.map(readCpu));
  const cpuPercent = options.meters.map((meter, i) => ({
    name: meter.name,
    percent:
      after[i]!.size === 0 ? undefined : (spentMs(before[i]!, after[i]!) / (seconds * 1000)) * 100,
  }));
  const machineBusy = busyShare(machineBefore, machineAfter);
  const metered = cpuPercent.reduce((sum, meter) => sum + (meter.percent ?? 0), 0);
  return {
    load,
    seconds,
    cpuPercent,
    machineBusy,
    restPercent:
      machineBusy === undefined
        ? undefined
        : Math.max(0, machineBusy * availableParallelism() * 100 - metered),
  };
}
