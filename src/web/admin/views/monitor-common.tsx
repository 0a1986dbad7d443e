// Pieces the monitor pages share: status and verdict badges, type names, a one-line target summary
// and how durations and latencies are written.
import { formatDuration, type MonitorStatus } from '../../../domain/monitoring/index.js';
import type { MonitorKind } from '../../../domain/monitoring/monitor-spec.js';
import type { MonitorRow } from '../../../store/schema.js';
import { formatMs } from '../../charts/latency-chart.js';
import type { RegionStanding } from '../monitor-pages.js';

export const MONITOR_TYPE_LABELS: Record<MonitorKind, string> = {
  http: 'HTTP(S)',
  tcp: 'TCP port',
  dns: 'DNS record',
  tls: 'TLS certificate',
  heartbeat: 'Heartbeat',
};

const STATUS_LABELS: Record<MonitorStatus, string> = {
  pending: 'Pending',
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  stale: 'Stale',
  paused: 'Paused',
  maintenance: 'Maintenance',
};

export function monitorStatusLabel(status: string): string {
  return STATUS_LABELS[status as MonitorStatus] ?? status;
}

/** The words carry the status; the colour (admin.css `.monitor-*`) only helps. */
export function MonitorStatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge monitor-${status}`} safe>
      {monitorStatusLabel(status)}
    </span>
  );
}

const STANDING_LABELS: Record<RegionStanding, string> = {
  failing: 'Failing',
  ok: 'OK',
  silent: 'Silent',
};

export function StandingBadge({ standing }: { standing: RegionStanding }) {
  return (
    <span class={`badge verdict-${standing}`} safe>
      {STANDING_LABELS[standing]}
    </span>
  );
}

export function PassedBadge({ passed }: { passed: boolean }) {
  return passed ? (
    <span class="badge verdict-ok">Passed</span>
  ) : (
    <span class="badge verdict-failing">Failed</span>
  );
}

const field = (spec: Record<string, unknown>, name: string): string => {
  const value = spec[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

/** What is checked, in one line: "GET https://…", "db.internal:5432", "A example.com". */
export function targetSummary(monitor: MonitorRow): string {
  const spec = monitor.spec;
  switch (monitor.type) {
    case 'http':
      return `${field(spec, 'method') || 'GET'} ${field(spec, 'url')}`;
    case 'tcp':
    case 'tls':
      return `${field(spec, 'host')}:${field(spec, 'port')}`;
    case 'dns': {
      const resolver = field(spec, 'resolver');
      return `${field(spec, 'recordType')} ${field(spec, 'name')}${resolver ? ` via ${resolver}` : ''}`;
    }
    case 'heartbeat':
      return `ping every ${formatDuration(monitor.settings.intervalMs)}, grace ${formatDuration(Number(spec.graceMs ?? 0))}`;
  }
}

/** A latency, or a dash when none was measured. */
export function latencyText(ms: number | null | undefined): string {
  return typeof ms === 'number' ? formatMs(ms) : '–';
}

export { formatDuration };
