// Certificate expiry notices from check results: the certificate a probe saw (facts.certificate,
// see probe/checkers/timed-socket.ts), judged by the pure rule in
// domain/notifications/certificate-expiry.ts at the monitor's own thresholds, written to the
// outbox in the evaluation's transaction. What was announced is kept in the monitor state, so each notice is written once.
import type { Kysely } from 'kysely';
import { certificateThresholdsOf, type MonitorSettings } from '../domain/monitoring/index.js';
import {
  certificateEventId,
  certificateStep,
  type CertificateNoticeState,
  type CertificateSighting,
} from '../domain/notifications/index.js';
import { insertOutboxEvent } from '../store/outbox-repository.js';
import type { CheckResultRow, Database } from '../store/schema.js';

/** The certificate a stored result reports, if it names its expiry. */
export function sightingOf(
  row: Pick<CheckResultRow, 'facts' | 'checked_at'>,
): CertificateSighting | null {
  const facts = row.facts as Record<string, unknown> | null;
  const details = facts && typeof facts === 'object' ? facts.certificate : undefined;
  if (!details || typeof details !== 'object') return null;
  const { validTo, subject, issuer } = details as Record<string, unknown>;
  const notAfter = typeof validTo === 'string' ? Date.parse(validTo) : NaN;
  if (!Number.isFinite(notAfter)) return null;
  return {
    notAfter: new Date(notAfter).toISOString(),
    subject: typeof subject === 'string' && subject !== '' ? subject : null,
    issuer: typeof issuer === 'string' && issuer !== '' ? issuer : null,
    checkedAt: new Date(row.checked_at).toISOString(),
  };
}

export interface CertificateMonitor {
  id: string;
  name: string;
  /** Its certificate_expiry_days (certificateThresholdsOf). */
  settings: MonitorSettings;
}

/**
 * Writes the notice the latest sighting calls for (if any) and returns the state to keep;
 * `previous` is what the monitor state held.
 */
export async function recordCertificateNotice(
  trx: Kysely<Database>,
  monitor: CertificateMonitor,
  previous: CertificateNoticeState | null,
  sighting: CertificateSighting | null,
  context: { status: string; failingRegions: readonly string[] },
  now: Date,
): Promise<CertificateNoticeState | null> {
  if (sighting === null) return previous;
  const { state, notice } = certificateStep(
    previous,
    sighting,
    certificateThresholdsOf(monitor.settings),
  );
  if (notice === null) return state;
  await insertOutboxEvent(
    trx,
    {
      kind: 'monitor.certificate_expiring',
      payload: {
        event_id: certificateEventId(monitor.id, sighting.notAfter, notice.threshold),
        monitor_id: monitor.id,
        monitor_name: monitor.name,
        from: context.status,
        to: context.status,
        reason: {
          summary: `TLS certificate expires ${sighting.notAfter} (${notice.daysLeft} days left)`,
          failingRegions: [...context.failingRegions],
        },
        certificate: {
          not_after: sighting.notAfter,
          subject: sighting.subject,
          issuer: sighting.issuer,
          days_left: notice.daysLeft,
          threshold_days: notice.threshold,
        },
        occurred_at: sighting.checkedAt,
      },
    },
    now,
  );
  return state;
}
