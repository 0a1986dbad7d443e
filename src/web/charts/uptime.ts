// The numbers behind a component's uptime bar: per-day input, the weighted uptime percentage,
// colour levels by threshold and the words each bar says about its day.
import type { ComponentStatus, IncidentImpact } from '../../domain/status.js';
import { COMPONENT_STATUS_LABELS } from '../../domain/status.js';

/** How many days the public uptime bar shows. */
export const UPTIME_DAYS = 90;

/** One calendar day of a component's history, as the daily rollups will provide it. */
export interface UptimeDay {
  /** Calendar day in the page's time zone, `YYYY-MM-DD`. */
  date: string;
  /** Share of successful checks that day, 0..1; `null` when there is no data for the day. */
  uptimeRatio: number | null;
  /**
   * Number of checks behind `uptimeRatio`. When every day with data has it, the overall
   * percentage weights days by it; otherwise each day with data counts the same.
   */
  checks?: number;
  /** Incidents that touched the component that day. */
  incidents: Array<{ name: string; impact: IncidentImpact }>;
  /** The worst status the component had that day, when known. */
  worstStatus?: ComponentStatus;
}

/** Colour level of a bar; thresholds in `uptimeLevel`. */
export type UptimeLevel = 'full' | 'minor' | 'major' | 'critical' | 'none';

/** ≥ 99.9 % full, ≥ 99 % minor, ≥ 95 % major, below that critical, no data none. */
export function uptimeLevel(ratio: number | null): UptimeLevel {
  if (ratio === null || !Number.isFinite(ratio)) return 'none';
  if (ratio >= 0.999) return 'full';
  if (ratio >= 0.99) return 'minor';
  if (ratio >= 0.95) return 'major';
  return 'critical';
}

function clampRatio(ratio: number): number {
  return Math.min(1, Math.max(0, ratio));
}

/**
 * Uptime over the given days as a percentage (0..100), or null when no day has data. Days are
 * weighted by `checks` when every day with data carries a count (a day with 10 checks says less
 * than a day with 1,440); otherwise each day with data weighs the same. Days with `checks: 0` and
 * null ratios carry no weight.
 */
export function uptimePercent(days: readonly UptimeDay[]): number | null {
  const withData = days.filter(
    (day) => day.uptimeRatio !== null && Number.isFinite(day.uptimeRatio),
  );
  const byChecks = withData.length > 0 && withData.every((day) => day.checks !== undefined);
  let weighted = 0;
  let weights = 0;
  for (const day of withData) {
    const weight = byChecks ? Math.max(0, day.checks ?? 0) : 1;
    weighted += clampRatio(day.uptimeRatio ?? 0) * weight;
    weights += weight;
  }
  return weights === 0 ? null : (weighted / weights) * 100;
}

/**
 * "99.95 %": two decimals, truncated rather than rounded so that a day with one failure never
 * reads as 100 %.
 */
export function formatPercent(percent: number): string {
  if (percent >= 100) return '100 %';
  const truncated = Math.floor(Math.max(0, percent) * 100) / 100;
  return `${truncated.toFixed(2)} %`;
}

function incidentWords(incidents: UptimeDay['incidents']): string {
  if (incidents.length === 0) return 'no incidents';
  const noun = incidents.length === 1 ? 'incident' : 'incidents';
  return `${incidents.length} ${noun}: ${incidents.map((incident) => incident.name).join('; ')}`;
}

/** What one bar says: "2026-11-24: 99.95 % uptime, 1 incident: API errors". */
export function uptimeDayText(day: UptimeDay): string {
  const parts: string[] = [];
  parts.push(
    day.uptimeRatio === null || !Number.isFinite(day.uptimeRatio)
      ? 'no data'
      : `${formatPercent(clampRatio(day.uptimeRatio) * 100)} uptime`,
  );
  if (day.worstStatus && day.worstStatus !== 'operational')
    parts.push(`worst: ${COMPONENT_STATUS_LABELS[day.worstStatus].toLowerCase()}`);
  if (day.incidents.length > 0 || day.uptimeRatio !== null)
    parts.push(incidentWords(day.incidents));
  return `${day.date}: ${parts.join(', ')}`;
}

const DAY_MS = 86_400_000;

function shiftDate(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const time = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1) + days * DAY_MS;
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * Exactly `count` consecutive days ending at the latest given date, oldest first; dates the input
 * lacks become days without data, so a gap in the rollups shows as gray, not as a shifted bar.
 */
export function lastDays(days: readonly UptimeDay[], count: number = UPTIME_DAYS): UptimeDay[] {
  const byDate = new Map(days.map((day) => [day.date, day]));
  const latest = [...byDate.keys()].sort().at(-1);
  if (latest === undefined) return [];
  const result: UptimeDay[] = [];
  for (let offset = count - 1; offset >= 0; offset -= 1) {
    const date = shiftDate(latest, -offset);
    result.push(byDate.get(date) ?? { date, uptimeRatio: null, incidents: [] });
  }
  return result;
}
