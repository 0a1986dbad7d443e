// The probe's check types by name: adding a check type is one file and one line here.
import type { Checker } from './checker.js';
import { dnsChecker } from './dns.js';
import { httpChecker } from './http.js';
import { tcpChecker } from './tcp.js';
import { tlsChecker } from './tls.js';

export const CHECKERS = {
  http: httpChecker,
  tcp: tcpChecker,
  dns: dnsChecker,
  tls: tlsChecker,
} as const satisfies Record<string, Checker<never>>;

export type CheckType = keyof typeof CHECKERS;
/** The spec a check type takes, e.g. SpecOf<'http'> is HttpSpec. */
export type SpecOf<T extends CheckType> = Parameters<(typeof CHECKERS)[T]['check']>[0];

export type {
  CertificateDetails,
  Checker,
  CheckError,
  CheckErrorClass,
  CheckOptions,
  CheckOutcome,
  PhaseTimings,
} from './checker.js';
export { DNS_RECORD_TYPES, type DnsRecordType, type DnsSpec } from './dns.js';
export {
  HTTP_METHODS,
  MAX_BODY_BYTES,
  MAX_REDIRECTS,
  type HttpMethod,
  type HttpSpec,
} from './http.js';
export type { TcpSpec } from './tcp.js';
export type { TlsSpec } from './tls.js';
