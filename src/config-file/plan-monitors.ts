// The monitor part of a plan: which monitors to create, update or delete, and which components change
// the monitors that drive them or their auto-incident flag; equal state gives no step.
import { monitorSpecToInput } from '../domain/monitoring/monitor-spec.js';
import type { MonitorSettings } from '../domain/monitoring/settings.js';
import type { MonitorRow } from '../store/schema.js';
import { targetFileKey } from './read-monitors.js';
import type { ComponentSpec, ConfigSpec, Located, MonitorSpec } from './spec.js';

export interface CurrentMonitor {
  row: MonitorRow;
  /** Ids of the components it drives. */
  componentIds: string[];
}

/** What changes in how a component is monitored; only the keys that change are present. */
export interface ComponentLinks {
  /** Every monitor that should drive the component, by name. */
  monitors?: string[];
  auto_incident?: boolean;
}

export type MonitorStep =
  | { op: 'create'; kind: 'monitor'; label: string; source: Located; monitor: MonitorSpec }
  | {
      op: 'update';
      kind: 'monitor';
      id: string;
      label: string;
      source: Located;
      monitor: MonitorSpec;
      /** The file keys whose values differ, for the plan output. */
      fields: string[];
    }
  | { op: 'delete'; kind: 'monitor'; id: string; label: string };

/** The file's key for each setting, in the order the plan lists them. */
const SETTING_KEYS: ReadonlyArray<[string, keyof MonitorSettings]> = [
  ['interval', 'intervalMs'],
  ['timeout', 'timeoutMs'],
  ['regions', 'regions'],
  ['failure_threshold', 'failureThreshold'],
  ['success_threshold', 'successThreshold'],
  ['quorum', 'quorum'],
  ['degraded_latency', 'degradedLatencyMs'],
  ['paused', 'paused'],
  ['certificate_expiry_days', 'certificateExpiryDays'],
];

/** Creates and updates, which run before the pages so that components can be linked to them. */
export function planMonitorWrites(
  spec: ConfigSpec,
  monitors: readonly CurrentMonitor[],
): MonitorStep[] {
  const byName = new Map(monitors.map((m) => [m.row.name, m.row]));
  return spec.monitors.flatMap((monitor): MonitorStep[] => {
    const row = byName.get(monitor.name);
    const common = { kind: 'monitor', label: monitor.name, source: monitor, monitor } as const;
    if (!row) return [{ op: 'create', ...common }];
    const fields = monitorDifferences(monitor, row);
    return fields.length === 0 ? [] : [{ op: 'update', id: row.id, fields, ...common }];
  });
}

/** With --prune, and only when the file has a `monitors` section: the monitors it leaves out. */
export function planMonitorDeletes(
  spec: ConfigSpec,
  monitors: readonly CurrentMonitor[],
): MonitorStep[] {
  const declared = new Set(spec.monitors.map((m) => m.name));
  return monitors
    .filter((m) => !declared.has(m.row.name))
    .map((m) => ({ op: 'delete', kind: 'monitor', id: m.row.id, label: m.row.name }));
}

/** The file keys of what differs between a declared monitor and its row. */
export function monitorDifferences(monitor: MonitorSpec, row: MonitorRow): string[] {
  // A different type is listed so the plan shows it; the service refuses the change when applied.
  const fields = row.type === monitor.type ? [] : ['type'];
  const wanted = monitorSpecToInput(monitor.type, monitor.target);
  const stored = monitorSpecToInput(row.type, row.spec);
  for (const key of new Set([...Object.keys(wanted), ...Object.keys(stored)])) {
    if (canonical(wanted[key]) !== canonical(stored[key])) {
      fields.push(targetFileKey(monitor.type, key));
    }
  }
  for (const [key, property] of SETTING_KEYS) {
    if (canonical(monitor.settings[property]) !== canonical(row.settings[property])) {
      fields.push(key);
    }
  }
  if (canonical(monitor.conditions) !== canonical(row.conditions)) fields.push('conditions');
  return fields;
}

/** How the component's monitoring differs from the database; existing is undefined for a new one. */
export function componentLinkChanges(
  component: ComponentSpec,
  existing: string | undefined,
  monitors: readonly CurrentMonitor[],
  autoIncident: ReadonlySet<string>,
): ComponentLinks {
  const links: ComponentLinks = {};
  const current =
    existing === undefined
      ? []
      : monitors.filter((m) => m.componentIds.includes(existing)).map((m) => m.row.name);
  if (canonical([...current].sort()) !== canonical([...component.monitors].sort())) {
    links.monitors = component.monitors;
  }
  const currentAuto = existing !== undefined && autoIncident.has(existing);
  if (currentAuto !== component.auto_incident) links.auto_incident = component.auto_incident;
  return links;
}

/** JSON with object keys sorted, so equal values compare equal whatever order they were built in. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
