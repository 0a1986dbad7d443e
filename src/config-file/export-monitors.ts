// Writes a monitor as the file declares it: target fields flat on the monitor, durations as `10s`,
// and only the settings that differ from what the file would get by leaving them out.
import { monitorSpecToInput, SPEC_LIMITS } from '../domain/monitoring/monitor-spec.js';
import { formatDuration } from '../domain/monitoring/duration.js';
import {
  defaultQuorum,
  defaultTimeoutMs,
  MONITOR_LIMITS,
  monitorSettingsToInput,
} from '../domain/monitoring/settings.js';
import type { CurrentMonitor } from './plan-monitors.js';
import { TARGET_KEYS, targetDomainKey } from './read-monitors.js';
import { DEFAULT_MONITOR_REGIONS } from './spec.js';

export function exportMonitor({ row }: CurrentMonitor): Record<string, unknown> {
  const settings = monitorSettingsToInput(row.settings);
  // What reading the file gives for a setting it leaves out, given the interval and regions it has.
  const defaults: Record<string, unknown> = {
    interval: formatDuration(MONITOR_LIMITS.defaultIntervalMs),
    timeout: formatDuration(defaultTimeoutMs(row.settings.intervalMs)),
    regions: DEFAULT_MONITOR_REGIONS,
    failure_threshold: MONITOR_LIMITS.defaultFailureThreshold,
    success_threshold: MONITOR_LIMITS.defaultSuccessThreshold,
    quorum: defaultQuorum(row.settings.regions.length),
    degraded_latency: null,
    paused: false,
    certificate_expiry_days: null,
  };
  const targetDefaults: Record<string, unknown> = {
    record_type: 'A',
    port: row.type === 'tls' ? 443 : undefined,
    grace: formatDuration(SPEC_LIMITS.defaultHeartbeatGraceMs),
  };
  const out: Record<string, unknown> = { name: row.name, type: row.type };
  const target = monitorSpecToInput(row.type, row.spec);
  // In the documented order, not the database's (jsonb sorts object keys its own way).
  for (const key of TARGET_KEYS[row.type]) {
    const value = target[targetDomainKey(row.type, key)];
    if (value !== undefined && !same(value, targetDefaults[key])) out[key] = value;
  }
  for (const [key, value] of Object.entries(settings)) {
    if (!same(value, defaults[key])) out[key] = value;
  }
  if (row.conditions.length > 0) out.conditions = [...row.conditions];
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
