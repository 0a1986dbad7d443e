// The monitor form as the service's MonitorInput and back: headers as "Name: value" lines,
// conditions one per line, regions and certificate notice days comma separated; service errors
// renamed to the form's fields.
import { ValidationError, VigilError } from '../../domain/errors.js';
import {
  certificateThresholdsOf,
  defaultQuorum,
  formatDuration,
  monitorSettingsToInput,
  seesCertificates,
} from '../../domain/monitoring/index.js';
import { DEFAULT_CERTIFICATE_THRESHOLDS_DAYS } from '../../domain/notifications/index.js';
import type { MonitorKind } from '../../domain/monitoring/monitor-spec.js';
import {
  monitorTarget,
  type MonitorDetail,
  type MonitorInput,
} from '../../services/monitor-service.js';
import {
  checked,
  filled,
  integer,
  integerList,
  list,
  text,
  type FormValues,
} from './form-values.js';

/** Non-blank lines of a textarea with their 1-based line numbers, so messages can name the line. */
function numberedLines(value: string | undefined): Array<{ line: number; text: string }> {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((entry) => entry.text !== '');
}

function headerLines(values: FormValues): Record<string, string> | undefined {
  const lines = numberedLines(text(values, 'target.headers'));
  if (lines.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const { line, text: header } of lines) {
    const colon = header.indexOf(':');
    const name = colon > 0 ? header.slice(0, colon).trim() : '';
    if (name === '')
      throw new ValidationError('target.headers', `line ${line}: write each header as Name: value`);
    if (Object.hasOwn(headers, name))
      throw new ValidationError('target.headers', `line ${line}: header ${name} is repeated`);
    headers[name] = header.slice(colon + 1).trim();
  }
  return headers;
}

/** Only the chosen type's fields are read: fields of other types are never on the page. */
function targetInput(type: MonitorKind, values: FormValues): Record<string, unknown> {
  const field = (name: string) => filled(values, `target.${name}`)?.trim();
  const optional = (name: string, value: unknown) => (value === undefined ? {} : { [name]: value });
  switch (type) {
    case 'http':
      return {
        url: text(values, 'target.url')?.trim() ?? '',
        method: field('method') ?? 'GET',
        ...optional('headers', headerLines(values)),
        // The body is sent as typed: leading or trailing spaces may matter to the target.
        ...optional('body', filled(values, 'target.body')),
        follow_redirects: checked(values, 'target.follow_redirects'),
        verify_tls: checked(values, 'target.verify_tls'),
      };
    case 'tcp':
      return { host: field('host') ?? '', port: integer(values, 'target.port') ?? null };
    case 'dns':
      return {
        name: field('name') ?? '',
        record_type: field('record_type') ?? 'A',
        ...optional('resolver', field('resolver')),
      };
    case 'tls':
      return {
        host: field('host') ?? '',
        ...optional('port', integer(values, 'target.port')),
        ...optional('servername', field('servername')),
      };
    case 'heartbeat':
      return optional('grace', field('grace'));
  }
}

/**
 * The whole monitor as submitted. An emptied setting is sent as null, which means "the default"
 * both when creating and when editing (the edit form starts filled with the stored values).
 */
export function monitorInput(type: MonitorKind, values: FormValues): MonitorInput {
  const orDefault = (name: string) => filled(values, name)?.trim() ?? null;
  return {
    name: text(values, 'name') ?? '',
    type,
    target: targetInput(type, values),
    interval: orDefault('interval'),
    timeout: orDefault('timeout'),
    regions: (text(values, 'regions') ?? '')
      .split(',')
      .map((region) => region.trim())
      .filter((region) => region !== ''),
    failure_threshold: integer(values, 'failure_threshold') ?? null,
    success_threshold: integer(values, 'success_threshold') ?? null,
    quorum: integer(values, 'quorum') ?? null,
    degraded_latency: orDefault('degraded_latency'),
    paused: checked(values, 'paused'),
    // Emptied, it is an empty list: no certificate notices (the form starts filled with the days).
    ...(seesCertificates(type)
      ? { certificate_expiry_days: integerList(values, 'certificate_expiry_days') ?? null }
      : {}),
    conditions: numberedLines(text(values, 'conditions')).map((entry) => entry.text),
    components: list(values, 'components'),
  };
}

/**
 * A service error in the form's words: `conditions[i]` becomes the conditions box with the line
 * the condition is on, `target.headers.X` the headers box. Other errors pass unchanged.
 */
export function asFormError(error: unknown, values: FormValues): unknown {
  if (!(error instanceof VigilError) || !error.field) return error;
  const condition = /^conditions\[(\d+)\]$/.exec(error.field);
  if (condition) {
    const entry = numberedLines(text(values, 'conditions'))[Number(condition[1])];
    const detail = error.message.replace(/^conditions\[\d+\]:\s*/, '');
    return new ValidationError('conditions', `line ${entry?.line ?? '?'}, ${detail}`);
  }
  if (error.field.startsWith('target.headers.'))
    return new ValidationError('target.headers', error.message.replace(/^target\./, ''));
  if (error.field.startsWith('certificate_expiry_days['))
    return new ValidationError('certificate_expiry_days', error.message);
  return error;
}

/** Runs a save; a rejection names the form's field instead of the service's. */
export async function withFormFields<T>(values: FormValues, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    throw asFormError(error, values);
  }
}

function targetFormValues(detail: MonitorDetail): Record<string, string> {
  const target = monitorTarget(detail.monitor);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(target)) {
    if (key === 'headers' && value && typeof value === 'object')
      out['target.headers'] = Object.entries(value as Record<string, string>)
        .map(([name, header]) => `${name}: ${header}`)
        .join('\n');
    else if (typeof value === 'boolean') {
      if (value) out[`target.${key}`] = 'true';
    } else if (value !== undefined && value !== null) out[`target.${key}`] = String(value);
  }
  // Unset means the check's default, which is on for both.
  if (detail.monitor.type === 'http') {
    for (const key of ['follow_redirects', 'verify_tls'])
      if (!(key in target)) out[`target.${key}`] = 'true';
  }
  return out;
}

/** The edit form filled with a stored monitor. */
export function monitorFormValues(detail: MonitorDetail): Record<string, string | string[]> {
  const { monitor } = detail;
  const settings = monitorSettingsToInput(monitor.settings);
  const quorumIsDefault =
    monitor.settings.quorum === defaultQuorum(monitor.settings.regions.length);
  return {
    name: monitor.name,
    ...targetFormValues(detail),
    interval: String(settings.interval),
    timeout: String(settings.timeout),
    regions: monitor.settings.regions.join(', '),
    failure_threshold: String(monitor.settings.failureThreshold),
    success_threshold: String(monitor.settings.successThreshold),
    // Left empty while it is the majority, so that changing the regions keeps it a majority.
    quorum: quorumIsDefault ? '' : String(monitor.settings.quorum),
    degraded_latency:
      monitor.settings.degradedLatencyMs === null
        ? ''
        : formatDuration(monitor.settings.degradedLatencyMs),
    ...(seesCertificates(monitor.type)
      ? { certificate_expiry_days: certificateThresholdsOf(monitor.settings).join(', ') }
      : {}),
    conditions: monitor.conditions.join('\n'),
    components: detail.componentIds,
    ...(monitor.settings.paused ? { paused: 'true' } : {}),
  };
}

/** The first values of a new monitor's form. */
export function newMonitorFormValues(type: MonitorKind, regions: readonly string[]) {
  return {
    type,
    interval: type === 'heartbeat' ? '1h' : '1m',
    regions: regions.join(', '),
    failure_threshold: type === 'heartbeat' ? '1' : '3',
    success_threshold: type === 'heartbeat' ? '1' : '2',
    ...(type === 'http'
      ? { 'target.method': 'GET', 'target.follow_redirects': 'true', 'target.verify_tls': 'true' }
      : {}),
    ...(type === 'dns' ? { 'target.record_type': 'A' } : {}),
    ...(type === 'tls' ? { 'target.port': '443' } : {}),
    ...(type === 'http' ? { conditions: 'status == 200' } : {}),
    ...(seesCertificates(type)
      ? { certificate_expiry_days: DEFAULT_CERTIFICATE_THRESHOLDS_DAYS.join(', ') }
      : {}),
  };
}
