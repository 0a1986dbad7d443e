// Pure geometry of the latency chart: the plot box, scales, line segments broken at gaps and
// the spans of failed checks, kept apart from the markup so they can be tested as numbers.
import { niceTicks } from './nice-ticks.js';

/** One bucket of a monitor's latency history, as the hourly or daily rollups will provide it. */
export interface LatencyPoint {
  /** Start of the bucket. */
  at: Date;
  /** Median latency in the bucket; `null` when no successful check measured one. */
  p50Ms: number | null;
  /** 95th percentile latency in the bucket; `null` when unknown. */
  p95Ms: number | null;
  checks: number;
  failures: number;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 240;
export const PLOT = { left: 56, right: 628, top: 14, bottom: 206 } as const;

export interface XY {
  x: number;
  y: number;
}

export interface LatencyScale {
  startMs: number;
  endMs: number;
  yTicks: number[];
  x(at: Date): number;
  y(ms: number): number;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function latencyScale(
  points: readonly LatencyPoint[],
  start: Date,
  end: Date,
): LatencyScale {
  let highest = 0;
  for (const point of points) highest = Math.max(highest, point.p50Ms ?? 0, point.p95Ms ?? 0);
  const yTicks = niceTicks(0, highest > 0 ? highest : 100, 5);
  const yMax = yTicks.at(-1) ?? 100;
  const startMs = start.getTime();
  const spanMs = Math.max(1, end.getTime() - startMs);
  return {
    startMs,
    endMs: end.getTime(),
    yTicks,
    x: (at) => round(PLOT.left + ((at.getTime() - startMs) / spanMs) * (PLOT.right - PLOT.left)),
    y: (ms) => round(PLOT.bottom - (ms / yMax) * (PLOT.bottom - PLOT.top)),
  };
}

/**
 * The usual distance between consecutive points (their median), so a missing bucket is told
 * apart from the normal spacing whatever rollup resolution the caller passes.
 */
export function typicalStepMs(points: readonly LatencyPoint[]): number | null {
  const steps: number[] = [];
  for (let index = 1; index < points.length; index += 1) {
    const step = points[index]!.at.getTime() - points[index - 1]!.at.getTime();
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return null;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}

/**
 * Runs of consecutive points that have a value; a null value or a jump in time of more than
 * 1.5 steps starts a new run, so the line shows a gap instead of bridging missing data.
 */
export function lineSegments(
  points: readonly LatencyPoint[],
  value: (point: LatencyPoint) => number | null,
  scale: LatencyScale,
): XY[][] {
  const stepMs = typicalStepMs(points);
  const segments: XY[][] = [];
  let current: XY[] = [];
  let previousMs: number | null = null;
  for (const point of points) {
    const ms = value(point);
    const time = point.at.getTime();
    const jumped = previousMs !== null && stepMs !== null && time - previousMs > stepMs * 1.5;
    if (ms === null || !Number.isFinite(ms) || jumped) {
      if (current.length > 0) segments.push(current);
      current = [];
    }
    if (ms !== null && Number.isFinite(ms)) current.push({ x: scale.x(point.at), y: scale.y(ms) });
    previousMs = time;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

export function pathData(segment: readonly XY[]): string {
  return segment.map((p, index) => `${index === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
}

export interface FailureSpan {
  point: LatencyPoint;
  x: number;
  width: number;
}

/** A shaded span over each bucket with failed checks, as wide as the bucket (at least 2 units). */
export function failureSpans(points: readonly LatencyPoint[], scale: LatencyScale): FailureSpan[] {
  const stepMs = typicalStepMs(points) ?? (scale.endMs - scale.startMs) / 24;
  return points
    .filter((point) => point.failures > 0)
    .map((point) => {
      const from = Math.max(PLOT.left, scale.x(point.at));
      const to = Math.min(PLOT.right, scale.x(new Date(point.at.getTime() + stepMs)));
      return { point, x: from, width: round(Math.max(2, to - from)) };
    });
}

/** Points inside [start, end], oldest first. */
export function pointsInRange(
  points: readonly LatencyPoint[],
  start: Date,
  end: Date,
): LatencyPoint[] {
  return points
    .filter((point) => point.at >= start && point.at <= end)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
