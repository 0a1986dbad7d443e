import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dueMaintenanceStatus, timestampsAfterStatus } from './incident-lifecycle.js';

const t = (iso: string) => new Date(iso);

describe('timestampsAfterStatus', () => {
  it('sets monitoring_at once and keeps it', () => {
    const first = timestampsAfterStatus(
      { monitoring_at: null, resolved_at: null },
      'monitoring',
      t('2026-01-01T10:00:00Z'),
    );
    assert.deepEqual(first.monitoring_at, t('2026-01-01T10:00:00Z'));
    const again = timestampsAfterStatus(first, 'monitoring', t('2026-01-01T11:00:00Z'));
    assert.deepEqual(again.monitoring_at, t('2026-01-01T10:00:00Z'));
  });

  it('sets resolved_at on resolve and clears it when reopened', () => {
    const resolved = timestampsAfterStatus(
      { monitoring_at: null, resolved_at: null },
      'resolved',
      t('2026-01-01T12:00:00Z'),
    );
    assert.deepEqual(resolved.resolved_at, t('2026-01-01T12:00:00Z'));
    assert.equal(
      timestampsAfterStatus(resolved, 'investigating', t('2026-01-01T13:00:00Z')).resolved_at,
      null,
    );
  });

  it('treats a completed maintenance as closed', () => {
    assert.ok(
      timestampsAfterStatus(
        { monitoring_at: null, resolved_at: null },
        'completed',
        t('2026-01-01T12:00:00Z'),
      ).resolved_at,
    );
  });
});

describe('dueMaintenanceStatus', () => {
  const window = {
    scheduled_for: t('2026-01-01T10:00:00Z'),
    scheduled_until: t('2026-01-01T12:00:00Z'),
    auto_transition: true,
  };

  it('starts a scheduled window at its start and completes it at its end', () => {
    assert.equal(
      dueMaintenanceStatus({ ...window, status: 'scheduled' }, t('2026-01-01T09:59:59Z')),
      null,
    );
    assert.equal(
      dueMaintenanceStatus({ ...window, status: 'scheduled' }, t('2026-01-01T10:00:00Z')),
      'in_progress',
    );
    assert.equal(
      dueMaintenanceStatus({ ...window, status: 'in_progress' }, t('2026-01-01T11:00:00Z')),
      null,
    );
    assert.equal(
      dueMaintenanceStatus({ ...window, status: 'verifying' }, t('2026-01-01T12:00:00Z')),
      'completed',
    );
  });

  it('completes a window that was missed entirely (server was down)', () => {
    assert.equal(
      dueMaintenanceStatus({ ...window, status: 'scheduled' }, t('2026-01-02T00:00:00Z')),
      'completed',
    );
  });

  it('leaves manual windows and completed ones alone', () => {
    assert.equal(
      dueMaintenanceStatus(
        { ...window, status: 'scheduled', auto_transition: false },
        t('2026-01-01T11:00:00Z'),
      ),
      null,
    );
    assert.equal(
      dueMaintenanceStatus({ ...window, status: 'completed' }, t('2026-01-02T00:00:00Z')),
      null,
    );
  });
});
