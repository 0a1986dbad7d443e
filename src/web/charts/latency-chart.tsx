// The admin's per-monitor latency chart: p50 and p95 lines over 24 h, 7 d or 30 d with gaps where
// there is no data, failed checks shaded and marked, a legend, and the same numbers as a table.
// Server-rendered SVG without script or inline style (admin.css colours it by class).
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  failureSpans,
  latencyScale,
  lineSegments,
  pathData,
  PLOT,
  pointsInRange,
  type LatencyPoint,
  type LatencyScale,
  type XY,
} from './latency-geometry.js';
import { DataTable, formatMs } from './latency-data-table.js';
import { formatPointTime, RANGE_MS, timeTicks, type LatencyRange } from './time-axis.js';

export type { LatencyPoint } from './latency-geometry.js';
export type { LatencyRange } from './time-axis.js';
export { formatMs } from './latency-data-table.js';

export interface LatencyChartProps {
  /** Rollup buckets; points outside the range are left out, order does not matter. */
  points: readonly LatencyPoint[];
  range: LatencyRange;
  /** IANA zone the page shows times in. */
  timeZone: string;
  /** Right edge of the chart; defaults to the latest point (or now when there is none). */
  end?: Date;
  /** Monitor name, for the chart's title. */
  label?: string;
  /** Prefix for element ids, unique on the page when several charts are shown. */
  id?: string;
}

const RANGE_WORDS: Record<LatencyRange, string> = {
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
};

/** Light-scheme colours for when admin.css does not load; the stylesheet overrides them. */
const FALLBACK = { p50: '#2557d6', p95: '#b35c00', failure: '#c62828', grid: '#d9dde3' };

function describe(points: readonly LatencyPoint[], range: LatencyRange): string {
  const checks = points.reduce((sum, point) => sum + point.checks, 0);
  const failures = points.reduce((sum, point) => sum + point.failures, 0);
  const p50s = points.flatMap((point) => (point.p50Ms === null ? [] : [point.p50Ms]));
  const p95s = points.flatMap((point) => (point.p95Ms === null ? [] : [point.p95Ms]));
  if (checks === 0 && p50s.length === 0) return `No checks in the ${RANGE_WORDS[range]}.`;
  const parts: string[] = [];
  if (p50s.length > 0)
    parts.push(
      `median (p50) from ${formatMs(Math.min(...p50s))} to ${formatMs(Math.max(...p50s))}`,
    );
  if (p95s.length > 0) parts.push(`95th percentile (p95) up to ${formatMs(Math.max(...p95s))}`);
  const latency = parts.length > 0 ? `Latency ${parts.join(', ')}; ` : '';
  return `${latency}${failures} of ${checks} checks failed.`;
}

function Line({ segments, series }: { segments: XY[][]; series: 'p50' | 'p95' }): JSX.Element {
  return (
    <g class={`latency-series latency-series-${series}`}>
      {segments.map((segment) =>
        segment.length === 1 ? (
          <circle
            class={`latency-dot latency-${series}`}
            cx={String(segment[0]!.x)}
            cy={String(segment[0]!.y)}
            r="2.5"
            fill={FALLBACK[series]}
          />
        ) : (
          <path
            class={`latency-line latency-${series}`}
            d={pathData(segment)}
            fill="none"
            stroke={FALLBACK[series]}
            stroke-width="2"
            stroke-linejoin="round"
            stroke-dasharray={series === 'p95' ? '6 3' : undefined}
          />
        ),
      )}
    </g>
  );
}

function Axes(props: {
  scale: LatencyScale;
  range: LatencyRange;
  timeZone: string;
  start: Date;
  end: Date;
}): JSX.Element {
  const { scale } = props;
  return (
    <g class="latency-axes" aria-hidden="true">
      {scale.yTicks.map((tick) => (
        <g class="latency-ytick">
          <line
            class="latency-grid"
            x1={String(PLOT.left)}
            x2={String(PLOT.right)}
            y1={String(scale.y(tick))}
            y2={String(scale.y(tick))}
            stroke={FALLBACK.grid}
          />
          <text x={String(PLOT.left - 6)} y={String(scale.y(tick) + 4)} text-anchor="end" safe>
            {formatMs(tick)}
          </text>
        </g>
      ))}
      {timeTicks(props.start, props.end, props.range, props.timeZone).map((tick) => (
        <g class={tick.minor ? 'latency-xtick latency-xtick-minor' : 'latency-xtick'}>
          <line
            class="latency-grid"
            x1={String(scale.x(tick.at))}
            x2={String(scale.x(tick.at))}
            y1={String(PLOT.bottom)}
            y2={String(PLOT.bottom + 5)}
            stroke={FALLBACK.grid}
          />
          <text x={String(scale.x(tick.at))} y={String(PLOT.bottom + 20)} text-anchor="middle" safe>
            {tick.label}
          </text>
        </g>
      ))}
    </g>
  );
}

function Failures({
  points,
  scale,
  timeZone,
}: {
  points: readonly LatencyPoint[];
  scale: LatencyScale;
  timeZone: string;
}): JSX.Element {
  return (
    <g class="latency-failures">
      {failureSpans(points, scale).map(({ point, x, width }) => {
        const middle = x + width / 2;
        const marker = `${middle - 5},${PLOT.bottom} ${middle + 5},${PLOT.bottom} ${middle},${PLOT.bottom - 8}`;
        return (
          <g class="latency-failure">
            <title safe>
              {`${formatPointTime(point.at, timeZone)}: ${point.failures} of ${point.checks} checks failed`}
            </title>
            <rect
              class="latency-failure-band"
              x={String(x)}
              y={String(PLOT.top)}
              width={String(width)}
              height={String(PLOT.bottom - PLOT.top)}
              fill={FALLBACK.failure}
              fill-opacity="0.12"
            />
            <polygon class="latency-failure-mark" points={marker} fill={FALLBACK.failure} />
          </g>
        );
      })}
    </g>
  );
}

function Legend(): JSX.Element {
  return (
    <ul class="latency-legend">
      <li>
        <svg class="latency-swatch" viewBox="0 0 24 10" width="24" height="10" aria-hidden="true">
          <line
            class="latency-line latency-p50"
            x1="0"
            x2="24"
            y1="5"
            y2="5"
            stroke={FALLBACK.p50}
            stroke-width="2"
          />
        </svg>
        p50 (median)
      </li>
      <li>
        <svg class="latency-swatch" viewBox="0 0 24 10" width="24" height="10" aria-hidden="true">
          <line
            class="latency-line latency-p95"
            x1="0"
            x2="24"
            y1="5"
            y2="5"
            stroke={FALLBACK.p95}
            stroke-width="2"
            stroke-dasharray="6 3"
          />
        </svg>
        p95
      </li>
      <li>
        <svg class="latency-swatch" viewBox="0 0 24 10" width="24" height="10" aria-hidden="true">
          <polygon class="latency-failure-mark" points="7,10 17,10 12,2" fill={FALLBACK.failure} />
        </svg>
        Failed checks
      </li>
    </ul>
  );
}

export function LatencyChart(props: LatencyChartProps): JSX.Element {
  const id = props.id ?? 'latency';
  const latest = props.points.reduce<Date | null>(
    (max, p) => (max && max > p.at ? max : p.at),
    null,
  );
  const end = props.end ?? latest ?? new Date();
  const start = new Date(end.getTime() - RANGE_MS[props.range]);
  const points = pointsInRange(props.points, start, end);
  const scale = latencyScale(points, start, end);
  const title = `${props.label ? `${props.label}: latency` : 'Latency'} over the ${RANGE_WORDS[props.range]}`;
  return (
    <figure class="latency-chart">
      <svg
        class="latency-svg"
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
      >
        <title id={`${id}-title`} safe>
          {title}
        </title>
        <desc id={`${id}-desc`} safe>
          {describe(points, props.range)}
        </desc>
        <Axes scale={scale} range={props.range} timeZone={props.timeZone} start={start} end={end} />
        <Failures points={points} scale={scale} timeZone={props.timeZone} />
        <Line segments={lineSegments(points, (p) => p.p95Ms, scale)} series="p95" />
        <Line segments={lineSegments(points, (p) => p.p50Ms, scale)} series="p50" />
        {points.length === 0 ? (
          <text
            class="latency-empty"
            x={String((PLOT.left + PLOT.right) / 2)}
            y={String((PLOT.top + PLOT.bottom) / 2)}
            text-anchor="middle"
          >
            No data in this range
          </text>
        ) : (
          ''
        )}
      </svg>
      <figcaption>
        <Legend />
      </figcaption>
      <DataTable points={points} timeZone={props.timeZone} />
    </figure>
  );
}
