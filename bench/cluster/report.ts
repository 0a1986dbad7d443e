// Prints the cluster benchmark's figures: one table comparing 1 and 2 web instances (with the
// ratio), then per figure and instance count the latency, failures and CPU of each process.
import type { FigureResult } from './measure.js';

export interface FigureRow {
  label: string;
  /** What the throughput counts: requests or results. */
  unit: 'req/s' | 'results/s';
  /** Throughput from a figure's load (results/s = requests/s × results per batch). */
  perSecond(result: FigureResult): number;
}

/** webs → figure key → result. */
export type Runs = Map<number, Map<string, FigureResult>>;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)));
  return [line(header), widths.map((w) => '-'.repeat(w)), ...rows.map(line)]
    .map((cells) => cells.join('  '))
    .join('\n');
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');
const percent = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(0)}%`);

export function comparisonTable(runs: Runs, figures: ReadonlyMap<string, FigureRow>): string {
  const counts = [...runs.keys()].sort((a, b) => a - b);
  const rows = [...figures].map(([key, figure]) => {
    const values = counts.map((webs) => {
      const result = runs.get(webs)?.get(key);
      return result ? figure.perSecond(result) : undefined;
    });
    const [first, last] = [values[0], values.at(-1)];
    const ratio = first && last && counts.length > 1 ? (last / first).toFixed(2) : '-';
    return [
      `${figure.label}, ${figure.unit}`,
      ...values.map((v) => (v === undefined ? '-' : number(v))),
      ratio,
    ];
  });
  const header = [
    'figure',
    ...counts.map((webs) => `${webs} web`),
    `ratio ${counts.at(-1)}/${counts[0]}`,
  ];
  return table(header, rows);
}

/** Latency, failures and CPU per figure and instance count. */
export function detailTable(runs: Runs, figures: ReadonlyMap<string, FigureRow>): string {
  // The columns of the run with the most processes (the most web instances), in its order, so
  // web-2 stands beside web-1; a run without some process shows '-' there.
  const meterNames = [...runs.values()]
    .flatMap((byFigure) => [...byFigure.values()])
    .map((result) => result.cpuPercent.map((meter) => meter.name))
    .reduce<string[]>((most, names) => (names.length > most.length ? names : most), []);
  const rows: string[][] = [];
  for (const [webs, byFigure] of [...runs].sort(([a], [b]) => a - b)) {
    for (const [key, figure] of figures) {
      const result = byFigure.get(key);
      if (!result) continue;
      rows.push([
        `${figure.label}, ${webs} web`,
        result.load.p50Ms.toFixed(2),
        result.load.p99Ms.toFixed(2),
        String(result.load.failures),
        ...meterNames.map((name) =>
          percent(result.cpuPercent.find((meter) => meter.name === name)?.percent),
        ),
        percent(result.restPercent),
        percent(result.machineBusy === undefined ? undefined : result.machineBusy * 100),
      ]);
    }
  }
  return table(
    ['figure', 'p50 ms', 'p99 ms', 'failed', ...meterNames, 'rest', 'machine busy'],
    rows,
  );
}
