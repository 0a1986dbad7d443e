// The shared wording of events, exactly as every human-readable channel shows it: titles, detail
// lines (reason, regions, status change, update text, components, schedule) and severity.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chatIncidentCreated, chatMonitorDown } from '../../test/support/notification-events.js';
import type { NotificationEvent } from '../domain/notifications/index.js';
import { eventPlainText, eventText } from './event-text.js';

describe('eventText for monitors', () => {
  it('says a monitor is down, with the reason, every region group and the change', () => {
    assert.deepEqual(eventText(chatMonitorDown), {
      title: 'checkout <api> & *cart* is down',
      lines: [
        'Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east',
        'Failing regions: eu-west, us-east',
        'OK regions: ap-south',
        'Status: up → down',
      ],
      severity: 'critical',
    });
  });

  it('says a monitor has recovered, in green', () => {
    const recovered: NotificationEvent = {
      ...chatMonitorDown,
      type: 'monitor.recovered',
      monitor: {
        ...chatMonitorDown.monitor,
        name: 'website',
        status: 'up',
        previousStatus: 'down',
        reason: {
          summary: '3 of 3 regions ok',
          quorum: 2,
          failingRegions: [],
          okRegions: ['ap-south', 'eu-west', 'us-east'],
          silentRegions: [],
          slowRegions: [],
        },
      },
    };
    assert.deepEqual(eventText(recovered), {
      title: 'website has recovered',
      lines: [
        'Reason: 3 of 3 regions ok',
        'OK regions: ap-south, eu-west, us-east',
        'Status: down → up',
      ],
      severity: 'ok',
    });
  });

  it('names silent and slow regions of a degraded monitor, in amber', () => {
    const degraded: NotificationEvent = {
      ...chatMonitorDown,
      type: 'monitor.degraded',
      monitor: {
        ...chatMonitorDown.monitor,
        name: 'api',
        status: 'degraded',
        reason: {
          summary: 'slow in 1 region, 1 silent',
          quorum: 2,
          failingRegions: [],
          okRegions: ['eu-west'],
          silentRegions: ['ap-south'],
          slowRegions: ['us-east'],
        },
      },
    };
    assert.deepEqual(eventText(degraded), {
      title: 'api is degraded',
      lines: [
        'Reason: slow in 1 region, 1 silent',
        'OK regions: eu-west',
        'Silent regions: ap-south',
        'Slow regions: us-east',
        'Status: up → degraded',
      ],
      severity: 'warning',
    });
  });
});

describe('eventText for incidents and maintenance', () => {
  it('says an incident opened, with its status, update text and component changes', () => {
    assert.deepEqual(eventText(chatIncidentCreated), {
      title: 'Incident opened: API errors',
      lines: [
        'Status: investigating',
        'We are looking into it.',
        'API: operational → major_outage',
      ],
      severity: 'critical',
    });
  });

  it('says an incident is resolved, in green', () => {
    const resolved: NotificationEvent = {
      ...chatIncidentCreated,
      type: 'incident.resolved',
      incident: {
        ...chatIncidentCreated.incident,
        status: 'resolved',
        previousStatus: 'monitoring',
        components: [
          { id: 'c1', name: 'API', oldStatus: 'major_outage', newStatus: 'operational' },
        ],
        update: { ...chatIncidentCreated.incident.update, status: 'resolved', body: '  Fixed.  ' },
      },
    };
    assert.deepEqual(eventText(resolved), {
      title: 'Incident resolved: API errors',
      lines: ['Status: resolved', 'Fixed.', 'API: major_outage → operational'],
      severity: 'ok',
    });
  });

  it('says a maintenance is scheduled, with its window, as information', () => {
    const scheduled: NotificationEvent = {
      ...chatIncidentCreated,
      type: 'maintenance.scheduled',
      incident: {
        ...chatIncidentCreated.incident,
        name: 'Database upgrade',
        kind: 'maintenance',
        status: 'scheduled',
        impact: 'maintenance',
        components: [],
        scheduledFor: '2026-03-05T22:00:00.000Z',
        scheduledUntil: '2026-03-05T23:00:00.000Z',
        update: { ...chatIncidentCreated.incident.update, status: 'scheduled', body: '' },
      },
    };
    assert.deepEqual(eventText(scheduled), {
      title: 'Maintenance scheduled: Database upgrade',
      lines: [
        'Status: scheduled',
        'Scheduled: 2026-03-05T22:00:00.000Z to 2026-03-05T23:00:00.000Z',
      ],
      severity: 'info',
    });
  });
});

describe('eventText for a test event', () => {
  it('is a test notification with the message', () => {
    const test: NotificationEvent = {
      id: 'test-1',
      type: 'test',
      occurredAt: '2026-03-01T10:00:00.000Z',
      subject: 'test',
      message: 'Sent from the admin to check this channel.',
    };
    assert.deepEqual(eventText(test), {
      title: 'Vigil test notification',
      lines: ['Sent from the admin to check this channel.'],
      severity: 'info',
    });
    assert.equal(
      eventPlainText(test),
      'Vigil test notification\nSent from the admin to check this channel.',
    );
  });
});
