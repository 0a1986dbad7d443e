// Fixtures for the evaluator's tests: a page with components, monitors linked to them, and
// results from named regions at chosen times.
import type { Kysely } from 'kysely';
import type { MonitorSettings } from '../domain/monitoring/index.js';
import { StatusPageService } from '../services/status-page-service.js';
import { CheckResultRepository } from '../store/check-result-repository.js';
import { newId } from '../store/ids.js';
import { MonitorRepository } from '../store/monitor-repository.js';
import type { Database } from '../store/schema.js';

export const T0 = new Date('2026-03-02T12:00:00.000Z');
export const INTERVAL_MS = 10_000;

export const SETTINGS: MonitorSettings = {
  intervalMs: INTERVAL_MS,
  timeoutMs: 5_000,
  regions: ['a', 'b', 'c'],
  failureThreshold: 2,
  successThreshold: 1,
  quorum: 2,
  degradedLatencyMs: null,
  paused: false,
};

/** A page with one component driven by one new monitor (regions a, b, c; F=2, S=1, Q=2). */
export async function monitoredComponent(
  db: Kysely<Database>,
  options: { autoIncident?: boolean; settings?: Partial<MonitorSettings> } = {},
): Promise<{ pageId: string; componentId: string; monitorId: string }> {
  const pages = new StatusPageService(db);
  const page = await pages.createPage({ slug: `p-${newId(6)}`, name: 'Page' });
  const component = await pages.createComponent(page.id, { name: 'Website' });
  const monitors = new MonitorRepository(db);
  const monitor = await monitors.insert({
    id: newId(),
    name: `website-${newId(6)}`,
    type: 'http',
    spec: { url: 'http://127.0.0.1:9/health' },
    settings: { ...SETTINGS, ...options.settings },
    conditions: ['status == 200'],
  });
  await monitors.setComponents(monitor.id, [component.id]);
  if (options.autoIncident) await monitors.setAutoIncident(component.id, true);
  return { pageId: page.id, componentId: component.id, monitorId: monitor.id };
}

let sequence = 0;

/**
 * Stores one result per region given, `offsetMs` after T0 (or `base`): e.g. `{ a: false, b: true }`
 * is a failed check from a and a passed one from b.
 */
export async function report(
  db: Kysely<Database>,
  monitorId: string,
  offsetMs: number,
  outcomes: Record<string, boolean>,
  base = T0,
): Promise<void> {
  const checkedAt = new Date(base.getTime() + offsetMs);
  await new CheckResultRepository(db).insertBatch(
    Object.entries(outcomes).map(([region, passed]) => ({
      id: `r${String((sequence += 1)).padStart(8, '0')}`,
      monitorId,
      region,
      checkedAt,
      passed,
      latencyMs: 40,
      errorClass: passed ? null : 'refused',
      errorMessage: passed ? null : 'connection refused',
      conditionResults: [
        { condition: 'status == 200', passed, observed: { status: passed ? 200 : null } },
      ],
    })),
  );
}

export async function componentStatus(db: Kysely<Database>, componentId: string): Promise<string> {
  const row = await db
    .selectFrom('components')
    .select('status')
    .where('id', '=', componentId)
    .executeTakeFirstOrThrow();
  return row.status;
}

export async function outboxOf(
  db: Kysely<Database>,
  monitorId: string,
): Promise<Array<{ kind: string; payload: Record<string, unknown> }>> {
  const rows = await db.selectFrom('outbox').select(['kind', 'payload']).orderBy('id').execute();
  return rows
    .map((row) => ({ kind: row.kind, payload: row.payload as Record<string, unknown> }))
    .filter((row) => row.payload.monitor_id === monitorId);
}
