// Certificate expiry notices: when a monitor's TLS certificate (its notAfter, as probes report it)
// comes within a threshold of expiring — 14, 7, 3 and 1 days unless the monitor sets its own
// (`certificate_expiry_days`; an empty list: no notices) — one
// `monitor.certificate_expiring` per certificate and threshold. A certificate first seen with 5
// days left crosses 14 and 7 at once: one notice, for 7. A renewed certificate (another notAfter)
// starts afresh. The event id is derived from (monitor, notAfter, threshold), so the same notice
// computed twice is delivered once.
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';

export const DEFAULT_CERTIFICATE_THRESHOLDS_DAYS: readonly number[] = [14, 7, 3, 1];

export const CERTIFICATE_THRESHOLD_LIMITS = { minDays: 1, maxDays: 365, maxCount: 10 } as const;

const DAY_MS = 86_400_000;

/** A certificate as one check saw it. */
export interface CertificateSighting {
  /** ISO 8601 UTC. */
  notAfter: string;
  subject: string | null;
  issuer: string | null;
  /** When the check saw it, ISO 8601 UTC. */
  checkedAt: string;
}

/** What is remembered between checks: the certificate and the tightest threshold announced. */
export interface CertificateNoticeState {
  notAfter: string;
  /** Days of the last notice for this certificate; null: none yet. */
  threshold: number | null;
}

export interface CertificateNotice {
  threshold: number;
  /** Whole days left at the check (negative once expired). */
  daysLeft: number;
  sighting: CertificateSighting;
}

/**
 * A monitor's thresholds as sent: whole days from 1 to 365, at most 10, none repeated; returned
 * largest first, the order notices come in. A wrong entry is named by its index: `field[i]`.
 */
export function parseCertificateThresholds(field: string, value: unknown): number[] {
  const { minDays, maxDays, maxCount } = CERTIFICATE_THRESHOLD_LIMITS;
  if (!Array.isArray(value))
    throw new ValidationError(field, `${field} must be a list of days, e.g. [30, 14, 7, 1]`);
  if (value.length > maxCount)
    throw new ValidationError(
      field,
      `${field} must list at most ${maxCount} days (got ${value.length})`,
    );
  const seen = new Set<number>();
  value.forEach((days: unknown, index) => {
    const at = `${field}[${index}]`;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < minDays || days > maxDays)
      throw new ValidationError(
        at,
        `${field} must list whole days from ${minDays} to ${maxDays} (got ${JSON.stringify(days)})`,
      );
    if (seen.has(days)) throw new ValidationError(at, `${field} must not repeat ${days}`);
    seen.add(days);
  });
  return [...seen].sort((a, b) => b - a);
}

/** Days left, rounded down, from the check to notAfter. */
export function daysLeft(sighting: Pick<CertificateSighting, 'notAfter' | 'checkedAt'>): number {
  return Math.floor((Date.parse(sighting.notAfter) - Date.parse(sighting.checkedAt)) / DAY_MS);
}

/**
 * The state after a sighting and the notice it calls for, if any: the tightest threshold the
 * remaining time is within, when it is tighter than the last one announced for this certificate.
 */
export function certificateStep(
  state: CertificateNoticeState | null,
  sighting: CertificateSighting,
  thresholds: readonly number[] = DEFAULT_CERTIFICATE_THRESHOLDS_DAYS,
): { state: CertificateNoticeState; notice: CertificateNotice | null } {
  const same = state !== null && Date.parse(state.notAfter) === Date.parse(sighting.notAfter);
  const announced = same ? state.threshold : null;
  const leftMs = Date.parse(sighting.notAfter) - Date.parse(sighting.checkedAt);
  const crossed = thresholds.filter((days) => leftMs <= days * DAY_MS);
  const tightest = crossed.length > 0 ? Math.min(...crossed) : null;
  if (tightest === null || (announced !== null && tightest >= announced)) {
    return { state: { notAfter: sighting.notAfter, threshold: announced }, notice: null };
  }
  return {
    state: { notAfter: sighting.notAfter, threshold: tightest },
    notice: { threshold: tightest, daysLeft: daysLeft(sighting), sighting },
  };
}

/** Stable id of the notice for one certificate of a monitor and one threshold. */
export function certificateEventId(monitorId: string, notAfter: string, threshold: number): string {
  const at = new Date(notAfter).toISOString();
  return `cert-${createHash('sha256')
    .update(`${monitorId}\u0000${at}\u0000${threshold}`)
    .digest('hex')
    .slice(0, 24)}`;
}
