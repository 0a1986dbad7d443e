// The rule settings of a monitor (interval, timeout, regions, thresholds, quorum, degraded
// latency, paused, certificate notice days) validated the same way for every door: API, admin
// form and config file.
import { ValidationError } from '../errors.js';
import {
  DEFAULT_CERTIFICATE_THRESHOLDS_DAYS,
  parseCertificateThresholds,
} from '../notifications/certificate-expiry.js';
import { optionalBoolean, optionalInteger, requireSlug } from '../validate.js';
import { formatDuration, parseDuration, requireDurationBetween } from './duration.js';
import type { MonitorKind } from './monitor-spec.js';

/** Validated settings; durations are milliseconds. */
export interface MonitorSettings {
  intervalMs: number;
  timeoutMs: number;
  /** Unique region names, in the order the user gave them (the order views show them in). */
  regions: string[];
  /** A region is failing after this many consecutive failed checks (F). */
  failureThreshold: number;
  /** A failing region recovers after this many consecutive passed checks (S). */
  successThreshold: number;
  /** The monitor is down when at least this many regions are failing (Q). */
  quorum: number;
  /** A passing check slower than this makes the monitor degraded; null: latency never does. */
  degradedLatencyMs: number | null;
  paused: boolean;
  /**
   * Days before its certificate expires at which the monitor notifies, largest first; [] for
   * never. Absent means the default (14, 7, 3, 1): settings are stored without it then, also
   * those written before it existed, so read it with certificateThresholdsOf.
   */
  certificateExpiryDays?: number[];
}

/** What the API, the admin form and the YAML file send, with the same snake_case names. */
export interface MonitorSettingsInput {
  interval?: unknown;
  timeout?: unknown;
  regions?: unknown;
  failure_threshold?: unknown;
  success_threshold?: unknown;
  quorum?: unknown;
  degraded_latency?: unknown;
  paused?: unknown;
  /** http and tls monitors only (see requireSettingsOfType). */
  certificate_expiry_days?: unknown;
}

export const MONITOR_LIMITS = {
  defaultIntervalMs: 60_000,
  minIntervalMs: 10_000,
  /** A week, so weekly cron jobs can be watched by heartbeat monitors. */
  maxIntervalMs: 7 * 86_400_000,
  defaultTimeoutMs: 10_000,
  minTimeoutMs: 100,
  defaultFailureThreshold: 3,
  defaultSuccessThreshold: 2,
  maxThreshold: 100,
  maxRegions: 50,
} as const;

export function defaultQuorum(regionCount: number): number {
  return Math.floor(regionCount / 2) + 1;
}

/**
 * The default timeout is 10 s but never more than half the interval: a check that may run as long
 * as its interval leaves no slack for jitter and lets slow checks pile up behind each other.
 */
export function defaultTimeoutMs(intervalMs: number): number {
  return Math.min(MONITOR_LIMITS.defaultTimeoutMs, Math.floor(intervalMs / 2));
}

/** Validates and completes monitor settings; throws ValidationError naming the offending field. */
export function parseMonitorSettings(input: MonitorSettingsInput): MonitorSettings {
  const intervalMs = requireDurationBetween(
    'interval',
    optionalDuration('interval', input.interval) ?? MONITOR_LIMITS.defaultIntervalMs,
    MONITOR_LIMITS.minIntervalMs,
    MONITOR_LIMITS.maxIntervalMs,
  );
  const timeoutMs = parseTimeout(input.timeout, intervalMs);
  const regions = parseRegions(input.regions);
  const threshold: [number, number] = [1, MONITOR_LIMITS.maxThreshold];
  return {
    intervalMs,
    timeoutMs,
    regions,
    failureThreshold: optionalInteger(
      'failure_threshold',
      input.failure_threshold,
      MONITOR_LIMITS.defaultFailureThreshold,
      threshold,
    ),
    successThreshold: optionalInteger(
      'success_threshold',
      input.success_threshold,
      MONITOR_LIMITS.defaultSuccessThreshold,
      threshold,
    ),
    quorum: optionalInteger('quorum', input.quorum, defaultQuorum(regions.length), [
      1,
      regions.length,
    ]),
    degradedLatencyMs: parseDegradedLatency(input.degraded_latency, timeoutMs),
    paused: optionalBoolean('paused', input.paused, false),
    ...parseCertificateExpiryDays(input.certificate_expiry_days),
  };
}

/** The monitor types whose checks see a TLS certificate: http (https URLs) and tls. */
export const CERTIFICATE_MONITOR_TYPES: readonly MonitorKind[] = ['http', 'tls'];

export function seesCertificates(type: MonitorKind): boolean {
  return CERTIFICATE_MONITOR_TYPES.includes(type);
}

/**
 * Refuses a setting the monitor's type never uses, as a target field of another type is refused:
 * a mistake worth naming, not something to store and ignore. Null counts as not given.
 */
export function requireSettingsOfType(type: MonitorKind, input: MonitorSettingsInput): void {
  const days = input.certificate_expiry_days;
  if (days !== undefined && days !== null && !seesCertificates(type))
    throw new ValidationError(
      'certificate_expiry_days',
      `certificate_expiry_days is not a setting of ${type} monitors: only ${CERTIFICATE_MONITOR_TYPES.join(' and ')} monitors see a certificate`,
    );
}

/** The days a monitor's certificate notices come at, the default filled in. */
export function certificateThresholdsOf(settings: MonitorSettings): readonly number[] {
  return settings.certificateExpiryDays ?? DEFAULT_CERTIFICATE_THRESHOLDS_DAYS;
}

/** The settings as input again, with durations spelled for people (for `vigil config export`). */
export function monitorSettingsToInput(settings: MonitorSettings): Required<MonitorSettingsInput> {
  return {
    interval: formatDuration(settings.intervalMs),
    timeout: formatDuration(settings.timeoutMs),
    regions: [...settings.regions],
    failure_threshold: settings.failureThreshold,
    success_threshold: settings.successThreshold,
    quorum: settings.quorum,
    degraded_latency:
      settings.degradedLatencyMs === null ? null : formatDuration(settings.degradedLatencyMs),
    paused: settings.paused,
    certificate_expiry_days: settings.certificateExpiryDays
      ? [...settings.certificateExpiryDays]
      : null,
  };
}

function optionalDuration(field: string, value: unknown): number | null {
  return value === undefined || value === null ? null : parseDuration(value, field);
}

function parseTimeout(value: unknown, intervalMs: number): number {
  const timeoutMs = optionalDuration('timeout', value) ?? defaultTimeoutMs(intervalMs);
  if (timeoutMs < MONITOR_LIMITS.minTimeoutMs)
    throw new ValidationError(
      'timeout',
      `timeout must be at least ${formatDuration(MONITOR_LIMITS.minTimeoutMs)} (got ${formatDuration(timeoutMs)})`,
    );
  if (timeoutMs >= intervalMs)
    throw new ValidationError(
      'timeout',
      `timeout must be shorter than the interval of ${formatDuration(intervalMs)} (got ${formatDuration(timeoutMs)})`,
    );
  return timeoutMs;
}

function parseRegions(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new ValidationError('regions', 'regions must be a non-empty list of region names');
  if (value.length > MONITOR_LIMITS.maxRegions)
    throw new ValidationError(
      'regions',
      `regions must list at most ${MONITOR_LIMITS.maxRegions} regions (got ${value.length})`,
    );
  const seen = new Set<string>();
  for (const region of value) {
    requireSlug('regions', region);
    const name = region as string;
    if (seen.has(name))
      throw new ValidationError('regions', `regions must not repeat ${JSON.stringify(name)}`);
    seen.add(name);
  }
  return [...seen];
}

/** Stored only when it is not the default, so that the default has one spelling: absent. */
function parseCertificateExpiryDays(
  value: unknown,
): Pick<MonitorSettings, 'certificateExpiryDays'> {
  if (value === undefined || value === null) return {};
  const days = parseCertificateThresholds('certificate_expiry_days', value);
  const isDefault =
    days.length === DEFAULT_CERTIFICATE_THRESHOLDS_DAYS.length &&
    days.every((d, i) => d === DEFAULT_CERTIFICATE_THRESHOLDS_DAYS[i]);
  return isDefault ? {} : { certificateExpiryDays: days };
}

function parseDegradedLatency(value: unknown, timeoutMs: number): number | null {
  const limitMs = optionalDuration('degraded_latency', value);
  if (limitMs === null) return null;
  // A limit at or above the timeout could never be crossed by a passing check.
  if (limitMs < 1 || limitMs >= timeoutMs)
    throw new ValidationError(
      'degraded_latency',
      `degraded_latency must be at least 1ms and shorter than the timeout of ${formatDuration(timeoutMs)} (got ${formatDuration(limitMs)})`,
    );
  return limitMs;
}
