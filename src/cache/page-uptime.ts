// The uptime part of a page snapshot: per monitored component, 90 UTC days of uptime from the
// daily rollups, each day with the page's incidents that touched the component on it.
import type { Kysely } from 'kysely';
import type { IncidentImpact } from '../domain/status.js';
import { utcDay } from '../store/check-partitions.js';
import {
  componentUptimes,
  incidentsTouchingComponents,
  type ComponentIncident,
} from '../store/page-uptime.js';
import { uptimeWindowStart } from '../store/rollups.js';
import type { Database } from '../store/schema.js';

/** Days of history a public uptime bar shows. */
export const SNAPSHOT_UPTIME_DAYS = 90;
const DAY_MS = 86_400_000;

/** One UTC day of a component, in the shape the uptime bar draws. */
export interface ComponentUptimeDay {
  /** UTC day, YYYY-MM-DD (rollups are kept per UTC day). */
  date: string;
  /** Share of passed checks, 0..1, or null when nothing was checked. */
  uptimeRatio: number | null;
  checks: number;
  incidents: Array<{ name: string; impact: IncidentImpact }>;
}

export interface ComponentUptime {
  /** Oldest first, SNAPSHOT_UPTIME_DAYS of them, ending today. */
  days: ComponentUptimeDay[];
  /** Share of passed checks over all the days, or null when nothing was checked. */
  ratio: number | null;
}

/** Keyed by component id; components without monitors are absent. */
export type PageUptime = ReadonlyMap<string, ComponentUptime>;

export async function readPageUptime(
  db: Kysely<Database>,
  pageId: string,
  componentIds: readonly string[],
  now = new Date(),
): Promise<PageUptime> {
  const first = uptimeWindowStart(now, SNAPSHOT_UPTIME_DAYS);
  const [uptimes, incidents] = await Promise.all([
    componentUptimes(db, componentIds, SNAPSHOT_UPTIME_DAYS, now),
    incidentsTouchingComponents(db, pageId, first),
  ]);
  const result = new Map<string, ComponentUptime>();
  for (const [componentId, uptime] of uptimes) {
    const byDay = incidentsByDay(
      incidents.filter((incident) => incident.componentId === componentId),
      first,
      now,
    );
    result.set(componentId, {
      ratio: uptime.uptime,
      days: uptime.days.map((day) => ({
        date: day.day,
        uptimeRatio: day.uptime,
        checks: day.checks,
        incidents: byDay.get(day.day) ?? [],
      })),
    });
  }
  return result;
}

/** Each incident under every UTC day from its start to its resolution (or now), within the window. */
function incidentsByDay(
  incidents: readonly ComponentIncident[],
  first: Date,
  now: Date,
): Map<string, ComponentUptimeDay['incidents']> {
  const byDay = new Map<string, ComponentUptimeDay['incidents']>();
  for (const incident of incidents) {
    const start = Math.max(incident.startedAt.getTime(), first.getTime());
    const end = Math.min(incident.resolvedAt?.getTime() ?? now.getTime(), now.getTime());
    for (let day = Math.floor(start / DAY_MS) * DAY_MS; day <= end; day += DAY_MS) {
      const key = utcDay(new Date(day));
      const list = byDay.get(key) ?? [];
      list.push({ name: incident.name, impact: incident.impact as IncidentImpact });
      byDay.set(key, list);
    }
  }
  return byDay;
}
