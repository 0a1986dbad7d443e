// Reads the `monitors` section of a configuration file: each monitor's type, its target fields
// (written flat on the monitor), rule settings and conditions, checked by the same domain
// validators as the API, with every refusal placed at its line and column.
import { readNotifyList } from './read-notify.js';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseCondition } from '../domain/conditions/index.js';
import { ValidationError } from '../domain/errors.js';
import {
  isMonitorType,
  MONITOR_TYPES,
  parseMonitorSpec,
  type MonitorKind,
} from '../domain/monitoring/monitor-spec.js';
import {
  CERTIFICATE_MONITOR_TYPES,
  parseMonitorSettings,
  seesCertificates,
  type MonitorSettingsInput,
} from '../domain/monitoring/settings.js';
import { requireText } from '../domain/validate.js';
import { MONITOR_INPUT_LIMITS } from '../services/monitor-service.js';
import { offsetInScalar } from './scalar-position.js';
import {
  DEFAULT_MONITOR_REGIONS,
  type MonitorSpec,
  type PageSpec,
  type SourcePosition,
} from './spec.js';
import {
  checkUnique,
  describe,
  readNameList,
  type Fields,
  type Value,
  type YamlReader,
} from './yaml-reader.js';

export const SETTINGS_KEYS = [
  'interval',
  'timeout',
  'regions',
  'failure_threshold',
  'success_threshold',
  'quorum',
  'degraded_latency',
  'paused',
  'certificate_expiry_days',
] as const;

/**
 * The target fields each type takes, as the file spells them. They are the API's `target` fields,
 * except that a DNS monitor's name to resolve is `query`: `name` is the monitor's own name.
 */
export const TARGET_KEYS: Record<MonitorKind, readonly string[]> = {
  http: ['url', 'method', 'headers', 'body', 'follow_redirects', 'verify_tls'],
  tcp: ['host', 'port'],
  dns: ['query', 'record_type', 'resolver'],
  tls: ['host', 'port', 'servername'],
  heartbeat: ['grace'],
};

/** The file's key for a target field of the domain, and back. */
export function targetFileKey(type: MonitorKind, field: string): string {
  return type === 'dns' && field === 'name' ? 'query' : field;
}
export function targetDomainKey(type: MonitorKind, key: string): string {
  return type === 'dns' && key === 'query' ? 'name' : key;
}

const ALL_TARGET_KEYS = [...new Set(Object.values(TARGET_KEYS).flat())];
const MONITOR_KEYS = ['name', 'type', ...ALL_TARGET_KEYS, ...SETTINGS_KEYS, 'conditions', 'notify'];

export function readMonitors(reader: YamlReader, node: Node | null): MonitorSpec[] {
  const monitors = reader.list(node, '"monitors"').flatMap((item) => {
    const monitor = readMonitor(reader, item);
    return monitor ? [monitor] : [];
  });
  checkUnique(
    reader,
    monitors,
    (m) => m.name,
    (m) => m.fieldAt.name ?? m.at,
    'monitor name',
  );
  return monitors;
}

function readMonitor(reader: YamlReader, node: Node | null): MonitorSpec | undefined {
  const fields = reader.fields(node, 'a monitor', MONITOR_KEYS);
  if (!fields) return undefined;
  const name = fields.check('name', fields.string('name', { required: true }), (v) =>
    requireText('name', v, { max: MONITOR_INPUT_LIMITS.maxName }),
  );
  const what = name === undefined ? 'a monitor' : `monitor "${name}"`;
  fields.rename(what);
  const type = fields.check('type', fields.string('type', { required: true }), (v) => {
    if (!isMonitorType(v))
      throw new ValidationError('type', `type must be one of ${MONITOR_TYPES.join(', ')}`);
    return v;
  });
  if (type === undefined) return undefined;
  const target = readTarget(reader, fields, type, what);
  const settings = readSettings(reader, fields, type, what);
  const conditions = readConditions(reader, fields, what);
  const notify = readNotifyList(reader, fields, what);
  if (name === undefined || !target || !settings || !conditions) return undefined;
  const fieldAt: Record<string, SourcePosition> = {};
  for (const key of fields.keys()) fieldAt[key] = fields.positionOf(key);
  return {
    at: fields.at,
    fieldAt,
    name,
    type,
    target,
    settings,
    conditions,
    notify: notify.names.map((n) => n.value),
    notifyAt: notify.names.map((n) => n.at),
    remindEvery: notify.remindEvery,
  };
}

function readTarget(
  reader: YamlReader,
  fields: Fields,
  type: MonitorKind,
  what: string,
): Record<string, unknown> | undefined {
  const allowed = TARGET_KEYS[type];
  const input: Record<string, unknown> = {};
  let foreign = false;
  for (const key of fields.keys()) {
    if (allowed.includes(key)) {
      input[targetDomainKey(type, key)] = reader.plain(fields.node(key));
    } else if (ALL_TARGET_KEYS.includes(key)) {
      foreign = true;
      reader.report(
        fields.keyPositionOf(key),
        `"${key}" is not a key of ${type} monitors (${what}); they take: ${allowed.join(', ')}`,
      );
    }
  }
  if (foreign) return undefined;
  try {
    return parseMonitorSpec(type, input) as unknown as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const [field = '', header] = (error.field ?? '').split(/\.(.*)/s);
    const key = targetFileKey(type, field);
    const message =
      key !== field && error.message.startsWith(field)
        ? key + error.message.slice(field.length)
        : error.message;
    const at =
      header === undefined ? fields.positionOf(key) : headerPosition(reader, fields, header);
    reader.report(at, `${message} (${what})`, error.field);
    return undefined;
  }
}

/** Where a header's value is, so `headers.X-Token` errors point at that line. */
function headerPosition(reader: YamlReader, fields: Fields, header: string): SourcePosition {
  const headers = fields.node('headers');
  const pair = isMap(headers)
    ? headers.items.find((p) => isScalar(p.key) && p.key.value === header)
    : undefined;
  return pair ? reader.position((pair.value ?? pair.key) as Node) : fields.positionOf('headers');
}

function readSettings(reader: YamlReader, fields: Fields, type: MonitorKind, what: string) {
  if (fields.has('certificate_expiry_days') && !seesCertificates(type)) {
    reader.report(
      fields.keyPositionOf('certificate_expiry_days'),
      `"certificate_expiry_days" is not a key of ${type} monitors (${what}); only ${CERTIFICATE_MONITOR_TYPES.join(' and ')} monitors see a certificate`,
    );
    return undefined;
  }
  const input: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) {
    if (fields.has(key)) input[key] = reader.plain(fields.node(key));
  }
  input.regions ??= [...DEFAULT_MONITOR_REGIONS];
  try {
    return parseMonitorSettings(input as MonitorSettingsInput);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    reader.report(settingPosition(reader, fields, error.field ?? ''), error.message, error.field);
    return undefined;
  }
}

/** Where a setting's value is; `certificate_expiry_days[2]` is the third entry of that list. */
function settingPosition(reader: YamlReader, fields: Fields, field: string): SourcePosition {
  const [, key = field, index] = /^(\w+)\[(\d+)\]$/.exec(field) ?? [];
  if (!fields.has(key)) return fields.at;
  const node = fields.node(key);
  const item = index !== undefined && isSeq(node) ? node.items[Number(index)] : undefined;
  return item ? reader.position(item as Node) : fields.positionOf(key);
}

/** Every condition is parsed now; a bad one is reported at its column inside the string. */
function readConditions(reader: YamlReader, fields: Fields, what: string): string[] | undefined {
  const nodes = reader.list(fields.node('conditions'), `"conditions" of ${what}`);
  if (nodes.length > MONITOR_INPUT_LIMITS.maxConditions) {
    reader.report(
      fields.positionOf('conditions'),
      `${what} has ${nodes.length} conditions; at most ${MONITOR_INPUT_LIMITS.maxConditions} are allowed`,
    );
    return undefined;
  }
  let ok = true;
  const conditions = nodes.map((node, index) => {
    const label = `condition ${index + 1} of ${what}`;
    if (!isScalar(node) || typeof node.value !== 'string') {
      reader.report(reader.position(node), `${label} must be a string, got ${describe(node)}`);
      ok = false;
      return '';
    }
    const parsed = parseCondition(node.value);
    if (!parsed.ok) {
      const offset = offsetInScalar(reader.text, node, parsed.error.column);
      const detail = parsed.error.message.replace(/^column \d+: /, '');
      reader.report(
        reader.positionOfOffset(offset),
        `${label}: ${detail} (column ${parsed.error.column} of the condition)`,
        `conditions[${index}]`,
      );
      ok = false;
    }
    return node.value;
  });
  return ok ? conditions : undefined;
}

/** A component may only name monitors of the same file: the file is checked without a database. */
export function checkMonitorReferences(
  reader: YamlReader,
  monitors: readonly MonitorSpec[],
  pages: readonly PageSpec[],
): void {
  const declared = new Set(monitors.map((m) => m.name));
  const known = declared.size === 0 ? 'none' : [...declared].join(', ');
  for (const component of pages.flatMap((p) => p.components)) {
    component.monitors.forEach((name, i) => {
      if (declared.has(name)) return;
      reader.report(
        component.monitorsAt[i]!,
        `component "${component.name}" lists monitor "${name}", which the file does not declare (declared: ${known})`,
        'monitors',
      );
    });
  }
}

/** The names in a component's `monitors: [...]`, each with its position. */
export function readMonitorNames(
  reader: YamlReader,
  fields: Fields,
  what: string,
): Value<string>[] {
  return readNameList(reader, fields, 'monitors', what, 'monitor');
}
