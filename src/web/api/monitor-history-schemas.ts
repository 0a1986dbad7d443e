// JSON shapes of a monitor's history in the management API (raw results, transitions, current
// state, uptime, latency) and the conversion of stored rows into them, in snake_case.
import { Type, type TSchema } from 'typebox';
import type { ResultEvidence, TransitionReason } from '../../domain/monitoring/index.js';
import type { RegionVerdict } from '../../domain/monitoring/region-verdict.js';
import type { CurrentState, LatencySeries } from '../../services/monitor-history-service.js';
import type { StoredTransition } from '../../store/monitor-state-repository.js';
import type { Uptime } from '../../store/rollups.js';
import type { CheckResultRow } from '../../store/schema.js';
import { iso, isoOrNull, NullableString, NullableTimestamp, Timestamp } from './schemas.js';

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);
const Strings = Type.Array(Type.String());
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ResultSchema = Type.Object(
  {
    id: Type.String({ description: 'Made by the probe' }),
    region: Type.String(),
    checked_at: Timestamp,
    received_at: Timestamp,
    passed: Type.Boolean({ description: 'Whether every condition held' }),
    latency_ms: NullableInteger,
    error_class: NullableString,
    error_message: NullableString,
    condition_results: Type.Array(Type.Unknown(), { description: 'One entry per condition' }),
    facts: Type.Object({}, { additionalProperties: true, description: 'What the check observed' }),
    timings: Type.Object(
      {},
      { additionalProperties: Type.Number(), description: 'Phase durations in ms' },
    ),
  },
  { description: 'One raw check result' },
);

const Evidence = Type.Object({
  result_id: Type.String(),
  checked_at: Timestamp,
  passed: Type.Boolean(),
  latency_ms: NullableNumber,
  error: NullableString,
  failed_conditions: Strings,
});

export const TransitionSchema = Type.Object(
  {
    id: Type.String(),
    from: Type.String({ description: 'Monitor status before' }),
    to: Type.String({ description: 'Monitor status after' }),
    at: Timestamp,
    reason: Type.Object({
      summary: Type.String({ description: 'One line for people' }),
      quorum: Type.Integer(),
      failing_regions: Strings,
      ok_regions: Strings,
      silent_regions: Strings,
      slow_regions: Strings,
      triggered_by: nullable(Type.Object({ region: Type.String(), result_id: Type.String() })),
      evidence: Type.Array(Type.Object({ region: Type.String(), ...Evidence.properties })),
    }),
  },
  { description: 'A change of monitor status and why it happened' },
);

const RegionSchema = Type.Object({
  region: Type.String(),
  failing: Type.Boolean({ description: 'Failing by its failure threshold' }),
  consecutive_failures: Type.Integer(),
  consecutive_successes: Type.Integer(),
  last_result: nullable(Evidence),
  last_failure: nullable(Evidence),
});

export const StatusSchema = Type.Object(
  {
    monitor_id: Type.String(),
    status: Type.String({ description: 'pending until the evaluator has judged the monitor' }),
    since: Timestamp,
    evaluated_at: NullableTimestamp,
    failing_regions: Strings,
    regions: Type.Array(RegionSchema, { description: 'One per configured region' }),
  },
  { description: 'The current state of a monitor' },
);

export const UptimeSchema = Type.Object(
  {
    days: Type.Integer({ description: 'UTC days covered, ending today' }),
    checks: Type.Integer(),
    failures: Type.Integer(),
    uptime_percent: NullableNumber,
    daily: Type.Array(
      Type.Object({
        date: Type.String({ format: 'date', description: 'UTC day' }),
        checks: Type.Integer(),
        failures: Type.Integer(),
        uptime_percent: NullableNumber,
      }),
      { description: 'Oldest first; null uptime for days without checks' },
    ),
  },
  { description: 'Share of passed checks (all regions) per UTC day, from the daily rollups' },
);

export const LatencySchema = Type.Object(
  {
    range: Type.String(),
    bucket: Type.String({ description: 'hour or day' }),
    from: Timestamp,
    to: Timestamp,
    points: Type.Array(
      Type.Object({
        start: Timestamp,
        checks: Type.Integer(),
        failures: Type.Integer(),
        avg_ms: NullableNumber,
        min_ms: NullableNumber,
        max_ms: NullableNumber,
        p50_ms: NullableNumber,
        p95_ms: NullableNumber,
      }),
      { description: 'Buckets with checks, oldest first' },
    ),
  },
  { description: 'Latency percentiles (all regions) per hour or day, from the rollups' },
);

export function serializeResult(row: CheckResultRow) {
  return {
    id: row.id,
    region: row.region,
    checked_at: iso(row.checked_at),
    received_at: iso(row.received_at),
    passed: row.passed,
    latency_ms: row.latency_ms,
    error_class: row.error_class,
    error_message: row.error_message,
    condition_results: row.condition_results,
    facts: row.facts,
    timings: row.timings,
  };
}

function serializeEvidence(evidence: ResultEvidence) {
  return {
    result_id: evidence.resultId,
    checked_at: evidence.checkedAt,
    passed: evidence.passed,
    latency_ms: evidence.latencyMs,
    error: evidence.error,
    failed_conditions: evidence.failedConditions,
  };
}

function serializeReason(reason: TransitionReason) {
  return {
    summary: reason.summary,
    quorum: reason.quorum,
    failing_regions: reason.failingRegions,
    ok_regions: reason.okRegions,
    silent_regions: reason.silentRegions,
    slow_regions: reason.slowRegions,
    triggered_by: reason.triggeredBy
      ? { region: reason.triggeredBy.region, result_id: reason.triggeredBy.resultId }
      : null,
    evidence: reason.evidence.map((item) => ({
      region: item.region,
      ...serializeEvidence(item),
    })),
  };
}

export function serializeTransition(transition: StoredTransition) {
  return {
    id: transition.id,
    from: transition.from,
    to: transition.to,
    at: iso(transition.at),
    reason: serializeReason(transition.reason),
  };
}

function serializeRegion(verdict: RegionVerdict) {
  return {
    region: verdict.region,
    failing: verdict.failing,
    consecutive_failures: verdict.consecutiveFailures,
    consecutive_successes: verdict.consecutiveSuccesses,
    last_result: verdict.lastResult ? serializeEvidence(verdict.lastResult) : null,
    last_failure: verdict.lastFailure ? serializeEvidence(verdict.lastFailure) : null,
  };
}

export function serializeStatus(monitorId: string, state: CurrentState) {
  return {
    monitor_id: monitorId,
    status: state.status,
    since: iso(state.since),
    evaluated_at: isoOrNull(state.evaluatedAt),
    failing_regions: state.failingRegions,
    regions: state.regions.map(serializeRegion),
  };
}

const percent = (ratio: number | null) => (ratio === null ? null : ratio * 100);

export function serializeUptime(uptime: Uptime) {
  return {
    days: uptime.days.length,
    checks: uptime.checks,
    failures: uptime.failures,
    uptime_percent: percent(uptime.uptime),
    daily: uptime.days.map((day) => ({
      date: day.day,
      checks: day.checks,
      failures: day.failures,
      uptime_percent: percent(day.uptime),
    })),
  };
}

export function serializeLatency(series: LatencySeries) {
  return {
    range: series.range,
    bucket: series.bucket,
    from: iso(series.from),
    to: iso(series.to),
    points: series.points.map((point) => ({
      start: iso(point.start),
      checks: point.checks,
      failures: point.failures,
      avg_ms: point.avgMs,
      min_ms: point.minMs,
      max_ms: point.maxMs,
      p50_ms: point.p50Ms,
      p95_ms: point.p95Ms,
    })),
  };
}
