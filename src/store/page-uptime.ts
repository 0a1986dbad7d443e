// Reads behind a status page's uptime bars: the daily uptime of every monitored component of the
// page and the incidents that touched them, each in one query so a snapshot build stays cheap.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { ALL_REGIONS, uptimeOverDays, uptimeWindowStart, type Uptime } from './rollups.js';

/** An incident as the uptime bar names it, with the time it covers. */
export interface ComponentIncident {
  componentId: string;
  name: string;
  impact: string;
  startedAt: Date;
  /** Null while unresolved. */
  resolvedAt: Date | null;
}

/**
 * Uptime per UTC day over the last `days` days, for each of `componentIds` that has at least one
 * monitor (a component without monitors is absent from the map: it has no bar at all).
 */
export async function componentUptimes(
  db: Kysely<Database>,
  componentIds: readonly string[],
  days: number,
  now = new Date(),
): Promise<Map<string, Uptime>> {
  if (componentIds.length === 0) return new Map();
  const first = uptimeWindowStart(now, days);
  const [monitored, rows] = await Promise.all([
    db
      .selectFrom('monitor_components')
      .select('component_id')
      .distinct()
      .where('component_id', 'in', [...componentIds])
      .execute(),
    db
      .selectFrom('rollups_daily as r')
      .innerJoin('monitor_components as mc', 'mc.monitor_id', 'r.monitor_id')
      .select((eb) => [
        'mc.component_id',
        'r.bucket_start',
        eb.fn.sum<number>('r.checks').as('checks'),
        eb.fn.sum<number>('r.failures').as('failures'),
      ])
      .where('mc.component_id', 'in', [...componentIds])
      .where('r.region', '=', ALL_REGIONS)
      .where('r.bucket_start', '>=', first)
      .groupBy(['mc.component_id', 'r.bucket_start'])
      .execute(),
  ]);
  const rowsByComponent = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = rowsByComponent.get(row.component_id) ?? [];
    list.push(row);
    rowsByComponent.set(row.component_id, list);
  }
  return new Map(
    monitored.map(({ component_id: id }) => [
      id,
      uptimeOverDays(rowsByComponent.get(id) ?? [], first, days),
    ]),
  );
}

/** Incidents (not maintenances) of a page linked to a component and open at some time since `since`. */
export async function incidentsTouchingComponents(
  db: Kysely<Database>,
  pageId: string,
  since: Date,
): Promise<ComponentIncident[]> {
  const rows = await db
    .selectFrom('incidents as i')
    .innerJoin('incident_components as ic', 'ic.incident_id', 'i.id')
    .select(['ic.component_id', 'i.name', 'i.impact', 'i.started_at', 'i.resolved_at'])
    .where('i.page_id', '=', pageId)
    .where('i.kind', '=', 'incident')
    .where((eb) => eb.or([eb('i.resolved_at', 'is', null), eb('i.resolved_at', '>=', since)]))
    .orderBy('i.started_at')
    .orderBy('i.id')
    .execute();
  return rows.map((row) => ({
    componentId: row.component_id,
    name: row.name,
    impact: row.impact,
    startedAt: row.started_at,
    resolvedAt: row.resolved_at,
  }));
}
