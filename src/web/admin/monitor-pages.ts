// What the monitor pages of the admin show, read from the services and repositories: current
// status with per-region verdicts, recent results, transitions and the latency series of a range.
import {
  assessMonitor,
  initialRegionVerdict,
  type MonitorState,
  type MonitorStatus,
  type RegionVerdict,
} from '../../domain/monitoring/index.js';
import type { CheckResult, ResultEvidence } from '../../domain/monitoring/index.js';
// The results table words failed checks exactly as the evaluator does in transition evidence.
import { toCheckResult } from '../../store/check-result-mapping.js';
import type { MonitorDetail } from '../../services/monitor-service.js';
import { CheckResultRepository } from '../../store/check-result-repository.js';
import {
  MonitorStateRepository,
  type StoredTransition,
} from '../../store/monitor-state-repository.js';
import type { MonitorRow } from '../../store/schema.js';
import type { LatencyPoint, LatencyRange } from '../charts/latency-chart.js';
import { RANGE_MS } from '../charts/time-axis.js';
import type { WebDependencies } from '../app.js';

export const LATENCY_RANGES: readonly LatencyRange[] = ['24h', '7d', '30d'];
const RESULTS_SHOWN = 25;
const TRANSITIONS_SHOWN = 25;

/** The `?range=` of the detail page, 24 h unless another known range is asked for. */
export function latencyRange(query: unknown): LatencyRange {
  const raw = (query as Record<string, unknown> | undefined)?.range;
  return LATENCY_RANGES.find((range) => range === raw) ?? '24h';
}

/**
 * The status to show. The settings say paused at once, while the evaluator records it at its next
 * run; a resumed monitor still marked paused is waiting for its first checks, so it is pending.
 */
export function currentStatus(monitor: MonitorRow, state: MonitorState | undefined): MonitorStatus {
  if (monitor.settings.paused) return 'paused';
  if (!state || state.status === 'paused') return 'pending';
  return state.status;
}

/** The newest result any region reported. */
export function lastResult(state: MonitorState | undefined): ResultEvidence | null {
  let latest: ResultEvidence | null = null;
  for (const verdict of Object.values(state?.regions ?? {})) {
    const result = verdict.lastResult;
    if (result && (!latest || result.checkedAt > latest.checkedAt)) latest = result;
  }
  return latest;
}

export interface MonitorListEntry {
  detail: MonitorDetail;
  status: MonitorStatus;
  lastResult: ResultEvidence | null;
}

export async function monitorList(deps: WebDependencies): Promise<MonitorListEntry[]> {
  const monitors = await deps.services.monitors.list();
  const states = await new MonitorStateRepository(deps.database.db).loadMany(
    monitors.map((detail) => detail.monitor.id),
  );
  const byId = new Map(states.map((stored) => [stored.monitorId, stored.state]));
  return monitors.map((detail) => {
    const state = byId.get(detail.monitor.id);
    return { detail, status: currentStatus(detail.monitor, state), lastResult: lastResult(state) };
  });
}

export type RegionStanding = 'failing' | 'ok' | 'silent';

export interface RegionRow {
  region: string;
  standing: RegionStanding;
  verdict: RegionVerdict | undefined;
}

/**
 * Each configured region as the evaluator last judged it: failing by its thresholds, ok, or
 * silent (no result for several intervals), by the same rule that decided the status.
 */
export function regionRows(monitor: MonitorRow, state: MonitorState | undefined): RegionRow[] {
  const regions = monitor.settings.regions;
  if (!state) return regions.map((region) => ({ region, standing: 'silent', verdict: undefined }));
  const verdicts = regions.map((region) => state.regions[region] ?? initialRegionVerdict(region));
  const assessment = assessMonitor({
    verdicts,
    settings: monitor.settings,
    context: { underMaintenance: false },
    atMs: Date.parse(state.evaluatedAt),
    observingSinceMs: Date.parse(state.observingSince),
  });
  return verdicts.map((verdict) => ({
    region: verdict.region,
    standing: assessment.failingRegions.includes(verdict.region)
      ? 'failing'
      : assessment.okRegions.includes(verdict.region)
        ? 'ok'
        : 'silent',
    verdict: state.regions[verdict.region],
  }));
}

export interface MonitorPage {
  detail: MonitorDetail;
  state: MonitorState | undefined;
  status: MonitorStatus;
  regions: RegionRow[];
  results: CheckResult[];
  transitions: StoredTransition[];
  range: LatencyRange;
  latency: LatencyPoint[];
  now: Date;
  /** The driven components by name, with their page's name. */
  components: Array<{ id: string; name: string; pageName: string }>;
}

export async function monitorPage(
  deps: WebDependencies,
  id: string,
  range: LatencyRange,
  now = new Date(),
): Promise<MonitorPage> {
  const detail = await deps.services.monitors.get(id);
  const { db } = deps.database;
  const results = new CheckResultRepository(db);
  const states = new MonitorStateRepository(db);
  const from = new Date(now.getTime() - RANGE_MS[range]);
  // Hours are fine enough over a week; a month of hours would crowd the chart and its table.
  const bucket = range === '30d' ? 'day' : 'hour';
  const [stored, recent, transitions, series, components] = await Promise.all([
    states.load(id),
    results.listRecent(id, { limit: RESULTS_SHOWN }),
    states.listTransitions(id, { limit: TRANSITIONS_SHOWN }),
    results.latencySeries(id, from, now, bucket),
    drivenComponents(deps, detail.componentIds),
  ]);
  return {
    detail,
    state: stored?.state,
    status: currentStatus(detail.monitor, stored?.state),
    regions: regionRows(detail.monitor, stored?.state),
    results: recent.map(toCheckResult),
    transitions,
    range,
    latency: series.map((point) => ({
      at: point.start,
      p50Ms: point.p50Ms,
      p95Ms: point.p95Ms,
      checks: point.checks,
      failures: point.failures,
    })),
    now,
    components,
  };
}

async function drivenComponents(deps: WebDependencies, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const choices = await componentChoices(deps);
  return choices.flatMap(({ page, components }) =>
    components
      .filter((component) => ids.includes(component.id))
      .map((component) => ({ id: component.id, name: component.name, pageName: page.name })),
  );
}

export interface ComponentChoices {
  page: { id: string; name: string };
  components: Array<{ id: string; name: string }>;
}

/** Every page with its components, for the "drives these components" checkboxes. */
export async function componentChoices(deps: WebDependencies): Promise<ComponentChoices[]> {
  const { pages } = deps.services;
  const all = await pages.listPages();
  return Promise.all(
    all.map(async (page) => ({
      page: { id: page.id, name: page.name },
      components: (await pages.listComponents(page.id)).map((component) => ({
        id: component.id,
        name: component.name,
      })),
    })),
  );
}

/** Regions probe agents can report from (those with a live token), to suggest in the form. */
export async function knownRegions(deps: WebDependencies): Promise<string[]> {
  const tokens = await deps.services.probeTokens.list();
  return [...new Set(tokens.filter((t) => !t.revoked_at).map((t) => t.region))].sort();
}
