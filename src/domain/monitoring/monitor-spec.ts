// The type-specific target of a monitor (URL, host and port, DNS name, heartbeat grace), checked
// the same way for every door and stored in the shape the probe's check types take.
import { isIP } from 'node:net';
import { ValidationError } from '../errors.js';
import { optionalBoolean, optionalText, requireOneOf, requireText } from '../validate.js';
import { formatDuration, parseDuration, requireDurationBetween } from './duration.js';

export const MONITOR_TYPES = ['http', 'tcp', 'dns', 'tls', 'heartbeat'] as const;
export type MonitorKind = (typeof MONITOR_TYPES)[number];

export const SPEC_HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
] as const;
export const SPEC_DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;

export interface HttpTarget {
  url: string;
  method?: (typeof SPEC_HTTP_METHODS)[number];
  headers?: Record<string, string>;
  body?: string;
  followRedirects?: boolean;
  verifyTls?: boolean;
}
export interface TcpTarget {
  host: string;
  port: number;
}
export interface DnsTarget {
  name: string;
  recordType: (typeof SPEC_DNS_RECORD_TYPES)[number];
  resolver?: string;
}
export interface TlsTarget {
  host: string;
  port: number;
  servername?: string;
}
export interface HeartbeatTarget {
  /** How late a ping may be after its period before the monitor counts it missed. */
  graceMs: number;
}

/** Each type's stored spec; the probe's HttpSpec, TcpSpec, DnsSpec and TlsSpec accept these. */
export interface MonitorTargets {
  http: HttpTarget;
  tcp: TcpTarget;
  dns: DnsTarget;
  tls: TlsTarget;
  heartbeat: HeartbeatTarget;
}
export type MonitorTarget = MonitorTargets[MonitorKind];

export const SPEC_LIMITS = {
  maxUrlLength: 2_000,
  maxHeaders: 50,
  maxHeaderValueLength: 4_000,
  maxBodyLength: 65_536,
  maxHostLength: 253,
  defaultHeartbeatGraceMs: 60_000,
  maxHeartbeatGraceMs: 7 * 86_400_000,
} as const;

// RFC 9110 token characters; anything else in a header name would be refused by undici anyway.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A hostname or an IP literal: no spaces, slashes, schemes or ports.
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.?)+$|^\[?[0-9A-Fa-f:.]+\]?$/;

export function isMonitorType(value: unknown): value is MonitorKind {
  return typeof value === 'string' && (MONITOR_TYPES as readonly string[]).includes(value);
}

/** Validates a target as sent (snake_case); throws ValidationError naming the field. */
export function parseMonitorSpec<T extends MonitorKind>(type: T, input: unknown): MonitorTargets[T];
export function parseMonitorSpec(type: MonitorKind, input: unknown): MonitorTarget {
  const fields = requireObject(input ?? {}, 'target');
  switch (type) {
    case 'http':
      return parseHttp(fields);
    case 'tcp':
      return { host: requireHost('host', fields.host), port: requirePort('port', fields.port) };
    case 'dns':
      return parseDns(fields);
    case 'tls':
      return parseTls(fields);
    case 'heartbeat':
      return parseHeartbeat(fields);
  }
}

/** The stored spec as input again (snake_case), for the API and `vigil config export`. */
export function monitorSpecToInput(type: MonitorKind, spec: Record<string, unknown>) {
  const rename: Record<string, string> = {
    followRedirects: 'follow_redirects',
    verifyTls: 'verify_tls',
    recordType: 'record_type',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (type === 'heartbeat' && key === 'graceMs') out.grace = formatDuration(value as number);
    else out[rename[key] ?? key] = value;
  }
  return out;
}

function parseHttp(fields: Record<string, unknown>): HttpTarget {
  allowOnly(fields, ['url', 'method', 'headers', 'body', 'follow_redirects', 'verify_tls']);
  const target: HttpTarget = { url: requireHttpUrl('url', fields.url) };
  if (fields.method !== undefined)
    target.method = requireOneOf('method', fields.method, SPEC_HTTP_METHODS);
  if (fields.headers !== undefined) target.headers = parseHeaders(fields.headers);
  if (fields.body !== undefined && fields.body !== null) {
    if (typeof fields.body !== 'string') throw new ValidationError('body', 'body must be a string');
    if (fields.body.length > SPEC_LIMITS.maxBodyLength)
      throw new ValidationError(
        'body',
        `body must be at most ${SPEC_LIMITS.maxBodyLength} characters`,
      );
    target.body = fields.body;
  }
  if (fields.follow_redirects !== undefined)
    target.followRedirects = optionalBoolean('follow_redirects', fields.follow_redirects, true);
  if (fields.verify_tls !== undefined)
    target.verifyTls = optionalBoolean('verify_tls', fields.verify_tls, true);
  return target;
}

function parseDns(fields: Record<string, unknown>): DnsTarget {
  allowOnly(fields, ['name', 'record_type', 'resolver']);
  const target: DnsTarget = {
    name: requireHost('name', fields.name),
    recordType: requireOneOf('record_type', fields.record_type ?? 'A', SPEC_DNS_RECORD_TYPES),
  };
  const resolver = optionalText('resolver', fields.resolver, SPEC_LIMITS.maxHostLength + 8);
  if (resolver !== '') target.resolver = parseResolver(resolver);
  return target;
}

function parseTls(fields: Record<string, unknown>): TlsTarget {
  allowOnly(fields, ['host', 'port', 'servername']);
  const target: TlsTarget = {
    host: requireHost('host', fields.host),
    port:
      fields.port === undefined || fields.port === null ? 443 : requirePort('port', fields.port),
  };
  if (fields.servername !== undefined && fields.servername !== null)
    target.servername = requireHost('servername', fields.servername);
  return target;
}

function parseHeartbeat(fields: Record<string, unknown>): HeartbeatTarget {
  allowOnly(fields, ['grace']);
  const graceMs =
    fields.grace === undefined || fields.grace === null
      ? SPEC_LIMITS.defaultHeartbeatGraceMs
      : parseDuration(fields.grace, 'grace');
  return {
    graceMs: requireDurationBetween('grace', graceMs, 0, SPEC_LIMITS.maxHeartbeatGraceMs),
  };
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(field, `${field} must be an object`);
  return value as Record<string, unknown>;
}

/** A field of another check type is a mistake worth naming, not something to drop silently. */
function allowOnly(fields: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key))
      throw new ValidationError(
        key,
        `${key} is not a field of this monitor type (allowed: ${allowed.join(', ')})`,
      );
  }
}

function requireHttpUrl(field: string, value: unknown): string {
  const text = requireText(field, value, { max: SPEC_LIMITS.maxUrlLength });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, `${field} must be an absolute http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError(field, `${field} must use http or https (got ${url.protocol})`);
  return url.toString();
}

function requireHost(field: string, value: unknown): string {
  const host = requireText(field, value, { max: SPEC_LIMITS.maxHostLength });
  if (!HOST.test(host))
    throw new ValidationError(field, `${field} must be a host name or IP address`);
  return host;
}

function requirePort(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65_535)
    throw new ValidationError(field, `${field} must be an integer from 1 to 65535`);
  return value;
}

function parseHeaders(value: unknown): Record<string, string> {
  const headers = requireObject(value, 'headers');
  const entries = Object.entries(headers);
  if (entries.length > SPEC_LIMITS.maxHeaders)
    throw new ValidationError('headers', `headers must have at most ${SPEC_LIMITS.maxHeaders}`);
  const out: Record<string, string> = {};
  for (const [name, text] of entries) {
    const field = `headers.${name}`;
    if (!HEADER_NAME.test(name))
      throw new ValidationError(field, `${JSON.stringify(name)} is not a valid header name`);
    if (typeof text !== 'string' || /[\r\n\0]/.test(text))
      throw new ValidationError(field, `${field} must be a string on one line`);
    if (text.length > SPEC_LIMITS.maxHeaderValueLength)
      throw new ValidationError(
        field,
        `${field} must be at most ${SPEC_LIMITS.maxHeaderValueLength} characters`,
      );
    out[name] = text;
  }
  return out;
}

/** The resolver's IP address, with an optional port: ipv4, ipv4:port, ipv6 or [ipv6]:port. */
function parseResolver(text: string): string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const ipv4 = /^([0-9.]+)(?::(\d+))?$/.exec(text);
  const [address, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : ipv4
      ? [ipv4[1]!, ipv4[2]]
      : [text, undefined];
  // The system resolver library takes addresses only: a resolver named by host name cannot work.
  if (isIP(address) === 0 || (bracketed && isIP(address) !== 6))
    throw new ValidationError(
      'resolver',
      'resolver must be an IP address with an optional port: 10.0.0.53, 10.0.0.53:5353, ::1 or [::1]:53',
    );
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535))
    throw new ValidationError('resolver', 'the port of resolver must be from 1 to 65535');
  return text;
}
