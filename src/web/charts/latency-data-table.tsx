// The latency chart's points as a table, for screen readers and anyone without SVG, folded
// away in a <details> element under the chart.
import type { LatencyPoint } from './latency-geometry.js';
import { formatPointTime } from './time-axis.js';

/** "480 ms", "1.5 s" */
export function formatMs(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(2))} s`;
}

export function DataTable({
  points,
  timeZone,
}: {
  points: readonly LatencyPoint[];
  timeZone: string;
}): JSX.Element {
  const cell = (ms: number | null): string => (ms === null ? '—' : formatMs(ms));
  return (
    <details class="latency-data">
      <summary>Show the data as a table</summary>
      <div class="table-wrap">
        <table>
          <caption safe>{`Times in ${timeZone}`}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">Checks</th>
              <th scope="col">Failures</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr>
                <th scope="row">
                  <time datetime={point.at.toISOString()} safe>
                    {formatPointTime(point.at, timeZone)}
                  </time>
                </th>
                <td safe>{cell(point.p50Ms)}</td>
                <td safe>{cell(point.p95Ms)}</td>
                <td safe>{String(point.checks)}</td>
                <td safe>{String(point.failures)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
