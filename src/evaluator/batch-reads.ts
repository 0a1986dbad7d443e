// What one evaluation of a batch of monitors reads, a statement per kind for the whole batch:
// the monitors (row-locked), their states and components, the results they have not seen, and
// which components a running maintenance covers. A few round trips per batch instead of a few
// per monitor is what lets one evaluator keep up with thousands of checks a second.
import { sql, type Kysely } from 'kysely';
import type { CheckResult, MonitorSettings } from '../domain/monitoring/index.js';
import { toCheckResult } from '../store/check-result-mapping.js';
import type { CheckResultRow, Database } from '../store/schema.js';
import type { CertificateSighting } from '../domain/notifications/index.js';
import { sightingOf } from './certificate-notices.js';
import { ACTIVE_MAINTENANCE, type EvaluatorState } from './component-effects.js';

/** Results read per monitor and evaluation; more waiting means it is evaluated again at once. */
export const RESULT_PAGE = 1000;

export interface LockedMonitor {
  id: string;
  name: string;
  settings: MonitorSettings;
  stored: { state: EvaluatorState; version: number } | null;
  componentIds: string[];
}

export interface LockedBatch {
  monitors: LockedMonitor[];
  /** Requested monitors another evaluator holds (only with `skip`). */
  locked: string[];
  missing: string[];
}

/**
 * Row-locks the monitors (not their state rows, which may not exist yet), in id order so that
 * two evaluators never wait on each other in a cycle; NO KEY UPDATE does not block the inserts of
 * results that reference them. With `skip`, monitors another evaluator holds are left out.
 * States and components are read by later statements: under READ COMMITTED only a statement
 * started after the locks were granted sees what the previous holder committed.
 */
export async function lockMonitors(
  trx: Kysely<Database>,
  ids: readonly string[],
  skip: boolean,
): Promise<LockedBatch> {
  const wanted = [...new Set(ids)].sort();
  if (wanted.length === 0) return { monitors: [], locked: [], missing: [] };
  let query = trx
    .selectFrom('monitors')
    .select(['id', 'name', 'settings'])
    .where('id', 'in', wanted)
    .orderBy('id')
    .forNoKeyUpdate();
  if (skip) query = query.skipLocked();
  const rows = await query.execute();
  const got = new Set(rows.map((row) => row.id));
  const absent = wanted.filter((id) => !got.has(id));
  const existing =
    absent.length === 0 || !skip ? new Set<string>() : await existingIds(trx, absent);
  const [states, components] = await Promise.all([
    statesOf(trx, [...got]),
    componentsOf(trx, [...got]),
  ]);
  return {
    monitors: rows.map((row) => ({
      ...row,
      stored: states.get(row.id) ?? null,
      componentIds: components.get(row.id) ?? [],
    })),
    locked: absent.filter((id) => existing.has(id)),
    missing: absent.filter((id) => !existing.has(id)),
  };
}

async function existingIds(trx: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  const rows = await trx.selectFrom('monitors').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

async function statesOf(trx: Kysely<Database>, ids: string[]) {
  const states = new Map<string, { state: EvaluatorState; version: number }>();
  if (ids.length === 0) return states;
  const rows = await trx
    .selectFrom('monitor_states')
    .select(['monitor_id', 'state', 'version'])
    .where('monitor_id', 'in', ids)
    .execute();
  // The column holds what the evaluator saved: the domain's state plus its own bookkeeping.
  for (const row of rows)
    states.set(row.monitor_id, { state: row.state as EvaluatorState, version: row.version });
  return states;
}

async function componentsOf(trx: Kysely<Database>, ids: string[]) {
  const components = new Map<string, string[]>();
  if (ids.length === 0) return components;
  const rows = await trx
    .selectFrom('monitor_components')
    .select(['monitor_id', 'component_id'])
    .where('monitor_id', 'in', ids)
    .orderBy('component_id')
    .execute();
  for (const row of rows) {
    const list = components.get(row.monitor_id) ?? [];
    list.push(row.component_id);
    components.set(row.monitor_id, list);
  }
  return components;
}

export interface PendingPage {
  results: CheckResult[];
  /** The page was full: more results may be waiting. */
  more: boolean;
  /** The certificate the page's latest result naming one reported (certificate-notices.ts). */
  certificate: CertificateSighting | null;
}

/**
 * For each monitor, the results its state has not applied: each configured region continues
 * after its own last applied result (by check time, then id, the order the domain applies them
 * in), so a silent region cannot hold the others back and nothing is read twice; at most
 * `limit` per monitor, oldest first.
 */
export async function pendingResultsOf(
  trx: Kysely<Database>,
  monitors: readonly LockedMonitor[],
  limit = RESULT_PAGE,
): Promise<Map<string, PendingPage>> {
  const keys = { monitor: [] as string[], region: [] as string[], at: [] as (string | null)[] };
  const after = { id: [] as (string | null)[] };
  for (const monitor of monitors) {
    for (const region of monitor.settings.regions) {
      const last = monitor.stored?.state.regions[region]?.lastResult ?? null;
      keys.monitor.push(monitor.id);
      keys.region.push(region);
      keys.at.push(last?.checkedAt ?? null);
      after.id.push(last?.resultId ?? null);
    }
  }
  const pages = new Map<string, PendingPage>(
    monitors.map((monitor) => [monitor.id, { results: [], more: false, certificate: null }]),
  );
  if (keys.monitor.length === 0) return pages;
  const { rows } = await sql<CheckResultRow>`
    WITH k AS (
      SELECT * FROM unnest(${keys.monitor}::text[], ${keys.region}::text[],
                           ${keys.at}::text[], ${after.id}::text[])
        AS k(monitor_id, region, after_at, after_id)
    )
    SELECT r.* FROM (SELECT DISTINCT monitor_id FROM k) AS m
    CROSS JOIN LATERAL (
      SELECT c.* FROM check_results c
      JOIN k ON k.monitor_id = c.monitor_id AND k.region = c.region
      WHERE c.monitor_id = m.monitor_id
        AND (k.after_at IS NULL OR (c.checked_at, c.id) > (k.after_at::timestamptz, k.after_id))
      ORDER BY c.checked_at, c.id
      LIMIT ${limit}
    ) AS r
    ORDER BY r.monitor_id, r.checked_at, r.id`.execute(trx);
  for (const row of rows) {
    const page = pages.get(row.monitor_id)!;
    page.results.push(toCheckResult(row));
    // Rows come in check time order: the last sighting is the latest.
    page.certificate = sightingOf(row) ?? page.certificate;
  }
  for (const page of pages.values()) page.more = page.results.length >= limit;
  return pages;
}

/** The components of `componentIds` that an in-progress (or verifying) maintenance covers. */
export async function componentsUnderMaintenance(
  trx: Kysely<Database>,
  componentIds: readonly string[],
): Promise<Set<string>> {
  if (componentIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('incidents')
    .innerJoin('incident_components', 'incident_components.incident_id', 'incidents.id')
    .select('incident_components.component_id')
    .distinct()
    .where('incidents.kind', '=', 'maintenance')
    .where('incidents.status', 'in', ACTIVE_MAINTENANCE)
    .where('incident_components.component_id', 'in', [...new Set(componentIds)])
    .execute();
  return new Set(rows.map((row) => row.component_id));
}
