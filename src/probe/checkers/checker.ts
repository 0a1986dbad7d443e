// The contract every probe check type implements, and the outcome a check produces.
import type { CheckFacts } from '../../domain/conditions/index.js';

/** What went wrong with the target, coarse enough to group and alert on. */
export type CheckErrorClass =
  'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'certificate' | 'protocol' | 'unknown';

export interface CheckError {
  class: CheckErrorClass;
  message: string;
}

/**
 * Milliseconds since the check started at which each phase had finished, so they are ordered:
 * dnsMs ≤ connectMs ≤ tlsMs ≤ firstByteMs ≤ totalMs. A phase that did not happen (no lookup for
 * an IP address, no TLS for plain HTTP, a failure before it) is absent.
 */
export interface PhaseTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

/** Certificate details that CheckFacts has no field for yet; kept for display and reasons. */
export interface CertificateDetails {
  subject?: string;
  issuer?: string;
  validTo?: string;
  /** Why the chain was not trusted (OpenSSL's code), when it was not. */
  authorizationError?: string;
}

export interface CheckOutcome {
  facts: CheckFacts;
  latencyMs: number;
  timings?: PhaseTimings;
  certificate?: CertificateDetails;
  /** Present when the target failed; a target error is reported here, never thrown. */
  error?: CheckError;
}

export interface CheckOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface Checker<Spec> {
  type: string;
  check(spec: Spec, options: CheckOptions): Promise<CheckOutcome>;
}
