// What happened to a monitor, for the management API: recent raw results and transitions (keyset
// pages), the current state, uptime per day from the daily rollups and latency percentiles.
import type { Kysely } from 'kysely';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { MonitorState } from '../domain/monitoring/index.js';
import { initialRegionVerdict } from '../domain/monitoring/region-verdict.js';
import type { RegionVerdict } from '../domain/monitoring/region-verdict.js';
import { startOfUtcDay } from '../store/check-partitions.js';
import { CheckResultRepository } from '../store/check-result-repository.js';
import { MonitorRepository } from '../store/monitor-repository.js';
import {
  MonitorStateRepository,
  type StoredTransition,
} from '../store/monitor-state-repository.js';
import type { LatencyPoint, RollupGranularity, Uptime } from '../store/rollups.js';
import type { CheckResultRow, Database, MonitorRow } from '../store/schema.js';
import { StatusPageRepository } from '../store/status-page-repository.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Longest uptime window: rollups are kept 400 days (src/store/retention.ts). */
export const MAX_UPTIME_DAYS = 400;
export const MAX_HISTORY_PAGE = 1000;

export const LATENCY_RANGES = {
  '24h': { buckets: 24, bucket: 'hour' },
  '7d': { buckets: 7 * 24, bucket: 'hour' },
  '30d': { buckets: 30, bucket: 'day' },
} as const satisfies Record<string, { buckets: number; bucket: RollupGranularity }>;
export type LatencyRange = keyof typeof LATENCY_RANGES;

/** A page of a newest-first list and where the next one starts (null on the last page). */
export interface KeysetPage<T, K> {
  items: T[];
  next: K | null;
}
export type ResultKey = { checkedAt: Date; id: string };
export type TransitionKey = { at: Date; id: string };

export interface CurrentState {
  /** `pending` when the evaluator has not judged the monitor yet. */
  status: string;
  /** When the status began; for a never judged monitor, when it was created. */
  since: Date;
  evaluatedAt: Date | null;
  /** One per configured region, in the settings' order. */
  regions: RegionVerdict[];
  failingRegions: string[];
}

export interface LatencySeries {
  range: LatencyRange;
  bucket: RollupGranularity;
  from: Date;
  to: Date;
  points: LatencyPoint[];
}

export class MonitorHistoryService {
  constructor(private readonly db: Kysely<Database>) {}

  async results(
    monitorId: string,
    options: { limit: number; region?: string | undefined; after?: ResultKey | undefined },
  ): Promise<KeysetPage<CheckResultRow, ResultKey>> {
    await this.requireMonitor(monitorId);
    const limit = pageLimit(options.limit);
    const rows = await new CheckResultRepository(this.db).listRecent(monitorId, {
      limit: limit + 1,
      ...(options.region !== undefined ? { region: options.region } : {}),
      ...(options.after ? { after: options.after } : {}),
    });
    return keysetPage(rows, limit, (row) => ({ checkedAt: row.checked_at, id: row.id }));
  }

  async transitions(
    monitorId: string,
    options: { limit: number; after?: TransitionKey | undefined },
  ): Promise<KeysetPage<StoredTransition, TransitionKey>> {
    await this.requireMonitor(monitorId);
    const limit = pageLimit(options.limit);
    const rows = await new MonitorStateRepository(this.db).listTransitions(monitorId, {
      limit: limit + 1,
      ...(options.after ? { after: options.after } : {}),
    });
    return keysetPage(rows, limit, (row) => ({ at: row.at, id: row.id }));
  }

  async status(monitorId: string): Promise<CurrentState> {
    const monitor = await this.requireMonitor(monitorId);
    const stored = await new MonitorStateRepository(this.db).load(monitorId);
    const regions = monitor.settings.regions;
    if (!stored) {
      return {
        status: 'pending',
        since: monitor.created_at,
        evaluatedAt: null,
        regions: regions.map(initialRegionVerdict),
        failingRegions: [],
      };
    }
    const state: MonitorState = stored.state;
    return {
      status: stored.status,
      since: new Date(state.since),
      evaluatedAt: new Date(state.evaluatedAt),
      // Regions added since the last evaluation have no verdict yet.
      regions: regions.map((region) => state.regions[region] ?? initialRegionVerdict(region)),
      failingRegions: state.failingRegions,
    };
  }

  async monitorUptime(monitorId: string, days: number, now = new Date()): Promise<Uptime> {
    await this.requireMonitor(monitorId);
    return new CheckResultRepository(this.db).uptime({ monitorId }, uptimeDays(days), now);
  }

  async componentUptime(componentId: string, days: number, now = new Date()): Promise<Uptime> {
    const component = await new StatusPageRepository(this.db).findComponent(componentId);
    if (!component) throw new NotFoundError('component', componentId);
    return new CheckResultRepository(this.db).uptime({ componentId }, uptimeDays(days), now);
  }

  async latency(monitorId: string, range: LatencyRange, now = new Date()): Promise<LatencySeries> {
    await this.requireMonitor(monitorId);
    const { buckets, bucket } = LATENCY_RANGES[range];
    // Whole buckets ending with the current (partial) one, so the series has a fixed length.
    const widthMs = bucket === 'hour' ? HOUR_MS : DAY_MS;
    const current =
      bucket === 'hour'
        ? Math.floor(now.getTime() / HOUR_MS) * HOUR_MS
        : startOfUtcDay(now).getTime();
    const from = new Date(current - (buckets - 1) * widthMs);
    const points = await new CheckResultRepository(this.db).latencySeries(
      monitorId,
      from,
      now,
      bucket,
    );
    return { range, bucket, from, to: now, points };
  }

  private async requireMonitor(id: string): Promise<MonitorRow> {
    const monitor = await new MonitorRepository(this.db).find(id);
    if (!monitor) throw new NotFoundError('monitor', id);
    return monitor;
  }
}

function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE)
    throw new ValidationError('limit', `must be an integer from 1 to ${MAX_HISTORY_PAGE}`);
  return limit;
}

function uptimeDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_UPTIME_DAYS)
    throw new ValidationError('days', `must be an integer from 1 to ${MAX_UPTIME_DAYS}`);
  return days;
}

/** `rows` holds up to limit + 1 items: the extra one only says that another page exists. */
function keysetPage<T, K>(rows: T[], limit: number, keyOf: (row: T) => K): KeysetPage<T, K> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last !== undefined ? keyOf(last) : null };
}
