// Certificate expiry notices: one per threshold crossed, the tightest when several are crossed at
// once, never twice for the same certificate and threshold however often it is seen (property),
// afresh for a renewed certificate; a monitor's own thresholds, validated, or none at all.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../errors.js';
import {
  certificateEventId,
  certificateStep,
  parseCertificateThresholds,
  type CertificateNoticeState,
} from './certificate-expiry.js';

const DAY = 86_400_000;
const NOT_AFTER = '2026-06-30T12:00:00.000Z';
const seen = (daysBefore: number, notAfter = NOT_AFTER) => ({
  notAfter,
  subject: 'CN=example.com',
  issuer: 'CN=Test CA',
  checkedAt: new Date(Date.parse(notAfter) - daysBefore * DAY).toISOString(),
});

function notices(
  days: number[],
  notAfter = NOT_AFTER,
  thresholds?: readonly number[],
): Array<number | null> {
  let state: CertificateNoticeState | null = null;
  return days.map((d) => {
    const step = certificateStep(state, seen(d, notAfter), thresholds);
    state = step.state;
    return step.notice?.threshold ?? null;
  });
}

describe('certificateStep', () => {
  it('announces 14, 7, 3 and 1 days before, once each', () => {
    assert.deepEqual(notices([30, 15, 14, 13, 7.5, 7, 6, 3, 2.5, 1, 0.5, -1]), [
      null,
      null,
      14,
      null,
      null,
      7,
      null,
      3,
      null,
      1,
      null,
      null,
    ]);
  });

  it('announces only the tightest threshold when first seen late', () => {
    assert.deepEqual(notices([5, 4, 2]), [7, null, 3]);
  });

  it('reports whole days left and starts afresh for a renewed certificate', () => {
    const first = certificateStep(null, seen(6.5));
    assert.equal(first.notice?.daysLeft, 6);
    const renewed = certificateStep(first.state, seen(80, '2026-09-30T12:00:00.000Z'));
    assert.equal(renewed.notice, null);
    const again = certificateStep(renewed.state, seen(13, '2026-09-30T12:00:00.000Z'));
    assert.equal(again.notice?.threshold, 14);
  });

  it("announces at a monitor's own thresholds, and never with none", () => {
    assert.deepEqual(notices([45, 30, 20, 14, 10, 7, 2], NOT_AFTER, [30, 10]), [
      null,
      30,
      null,
      null,
      10,
      null,
      null,
    ]);
    const none = notices([30, 14, 7, 3, 1, 0.5], NOT_AFTER, []);
    assert.deepEqual(
      none.filter((t) => t !== null),
      [],
    );
  });

  it('never announces a certificate and threshold twice, whatever the sightings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 40, noNaN: true }), { maxLength: 40 }),
        (days) => {
          const sent = notices([...days].sort((a, b) => b - a)).filter((t) => t !== null);
          assert.equal(new Set(sent).size, sent.length);
        },
      ),
    );
  });
});

describe('parseCertificateThresholds', () => {
  const refusal = (value: unknown, field: string, message: RegExp) =>
    assert.throws(
      () => parseCertificateThresholds('certificate_expiry_days', value),
      (error: unknown) =>
        error instanceof ValidationError && error.field === field && message.test(error.message),
    );

  it('keeps whole days from 1 to 365, largest first; an empty list is none', () => {
    assert.deepEqual(parseCertificateThresholds('days', [1, 30, 7, 14]), [30, 14, 7, 1]);
    assert.deepEqual(parseCertificateThresholds('days', [365, 1]), [365, 1]);
    assert.deepEqual(parseCertificateThresholds('days', []), []);
  });

  it('names the entry that is not a whole day in range, or repeats one', () => {
    const days = 'certificate_expiry_days';
    refusal([30, 0], `${days}[1]`, /whole days from 1 to 365 \(got 0\)/);
    refusal([366], `${days}[0]`, /got 366/);
    refusal([7.5], `${days}[0]`, /got 7\.5/);
    refusal(['14'], `${days}[0]`, /got "14"/);
    refusal([14, 7, 14], `${days}[2]`, /must not repeat 14/);
  });

  it('takes a list of at most 10 days', () => {
    refusal(14, 'certificate_expiry_days', /must be a list of days/);
    refusal(null, 'certificate_expiry_days', /must be a list of days/);
    const eleven = Array.from({ length: 11 }, (_, i) => i + 1);
    refusal(eleven, 'certificate_expiry_days', /at most 10 days \(got 11\)/);
    assert.equal(parseCertificateThresholds('days', eleven.slice(1)).length, 10);
  });
});

describe('certificateEventId', () => {
  it('depends on monitor, notAfter and threshold only', () => {
    const id = certificateEventId('m1', NOT_AFTER, 7);
    assert.equal(certificateEventId('m1', '2026-06-30T12:00:00Z', 7), id);
    assert.notEqual(certificateEventId('m1', NOT_AFTER, 3), id);
    assert.notEqual(certificateEventId('m1', '2026-09-30T12:00:00Z', 7), id);
    assert.notEqual(certificateEventId('m2', NOT_AFTER, 7), id);
  });
});
