// The wording and JSON of reminders and certificate notices: how long a monitor has been down,
// its reason and regions; a certificate's expiry, subject, issuer and days left.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventFromOutbox } from '../domain/notifications/index.js';
import { eventJson } from './event-json.js';
import { eventText } from './event-text.js';

const createdAt = new Date('2026-01-02T03:04:05.000Z');
const reason = {
  summary: '1 of 2 regions failing (quorum 1): eu',
  quorum: 1,
  failingRegions: ['eu'],
  okRegions: ['us'],
  silentRegions: [],
  slowRegions: [],
};

describe('reminder and certificate wording', () => {
  it('says how long a monitor has been down, with its reason and regions', () => {
    const event = eventFromOutbox({
      id: 1,
      kind: 'monitor.reminder',
      createdAt,
      payload: {
        event_id: 'reminder-1',
        channel_id: 'c1',
        monitor_id: 'm1',
        monitor_name: 'website',
        from: 'down',
        to: 'down',
        reason,
        reminder: { down_since: '2026-01-02T01:00:00.000Z', down_for_ms: 7_500_000, sequence: 4 },
        occurred_at: createdAt.toISOString(),
      },
    })!;
    assert.deepEqual(eventText(event), {
      title: 'website is still down',
      lines: [
        'Down for 2 h 5 min',
        'Reason: 1 of 2 regions failing (quorum 1): eu',
        'Failing regions: eu',
        'OK regions: us',
        'Status: down → down',
      ],
      severity: 'critical',
    });
    const json = eventJson(event) as { monitor: Record<string, unknown> };
    assert.deepEqual(json.monitor.reminder, {
      down_since: '2026-01-02T01:00:00.000Z',
      down_for_seconds: 7500,
      sequence: 4,
    });
  });

  it('gives a certificate’s expiry, subject, issuer and days left', () => {
    const event = eventFromOutbox({
      id: 2,
      kind: 'monitor.certificate_expiring',
      createdAt,
      payload: {
        event_id: 'cert-1',
        monitor_id: 'm1',
        monitor_name: 'website',
        from: 'up',
        to: 'up',
        reason: { summary: 'TLS certificate expires soon' },
        certificate: {
          not_after: '2026-01-09T00:00:00.000Z',
          subject: 'CN=example.com',
          issuer: 'CN=Test CA',
          days_left: 6,
          threshold_days: 7,
        },
        occurred_at: createdAt.toISOString(),
      },
    })!;
    assert.deepEqual(eventText(event), {
      title: 'website has a TLS certificate about to expire',
      lines: [
        'Certificate expires 2026-01-09T00:00:00.000Z: 6 days left.',
        'Subject: CN=example.com',
        'Issuer: CN=Test CA',
      ],
      severity: 'warning',
    });
    const json = eventJson(event) as { type: string; monitor: Record<string, unknown> };
    assert.equal(json.type, 'monitor.certificate_expiring');
    assert.deepEqual(json.monitor.certificate, {
      not_after: '2026-01-09T00:00:00.000Z',
      subject: 'CN=example.com',
      issuer: 'CN=Test CA',
      days_left: 6,
      threshold_days: 7,
    });
  });
});
