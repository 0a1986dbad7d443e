import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../errors.js';
import {
  certificateThresholdsOf,
  defaultQuorum,
  monitorSettingsToInput,
  parseMonitorSettings,
  requireSettingsOfType,
} from './settings.js';
import type { MonitorSettingsInput } from './settings.js';

function rejects(input: MonitorSettingsInput, field: string, pattern?: RegExp): void {
  assert.throws(
    () => parseMonitorSettings(input),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError, String(error));
      assert.equal(error.field, field);
      if (pattern) assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('parseMonitorSettings', () => {
  it('fills the documented defaults', () => {
    assert.deepEqual(parseMonitorSettings({ regions: ['eu-west', 'us-east', 'ap-south'] }), {
      intervalMs: 60_000,
      timeoutMs: 10_000,
      regions: ['eu-west', 'us-east', 'ap-south'],
      failureThreshold: 3,
      successThreshold: 2,
      quorum: 2,
      degradedLatencyMs: null,
      paused: false,
    });
  });

  it('accepts the monitor of the example YAML file', () => {
    const settings = parseMonitorSettings({
      interval: '10s',
      regions: ['local'],
      failure_threshold: 2,
      success_threshold: 1,
    });
    assert.equal(settings.intervalMs, 10_000);
    // Half the interval, so the default 10 s timeout does not collide with a 10 s interval.
    assert.equal(settings.timeoutMs, 5_000);
    assert.equal(settings.quorum, 1);
    assert.equal(settings.failureThreshold, 2);
    assert.equal(settings.successThreshold, 1);
  });

  it('defaults the quorum to a majority of the regions', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(defaultQuorum), [1, 2, 2, 3, 3]);
  });

  it('enforces the interval range', () => {
    rejects({ regions: ['a'], interval: '9s' }, 'interval', /from 10s to 7d \(got 9s\)/);
    rejects({ regions: ['a'], interval: '8d' }, 'interval');
    rejects({ regions: ['a'], interval: '10' }, 'interval', /unit is missing/);
    assert.equal(parseMonitorSettings({ regions: ['a'], interval: 10_000 }).intervalMs, 10_000);
  });

  it('requires the timeout to be shorter than the interval', () => {
    rejects({ regions: ['a'], interval: '10s', timeout: '10s' }, 'timeout', /shorter than/);
    rejects({ regions: ['a'], timeout: '50ms' }, 'timeout', /at least 100ms/);
    assert.equal(parseMonitorSettings({ regions: ['a'], timeout: '30s' }).timeoutMs, 30_000);
  });

  it('requires a non-empty list of unique region names', () => {
    rejects({}, 'regions', /non-empty/);
    rejects({ regions: [] }, 'regions', /non-empty/);
    rejects({ regions: 'eu' }, 'regions');
    rejects({ regions: ['eu', 'eu'] }, 'regions', /repeat "eu"/);
    rejects({ regions: ['EU West'] }, 'regions');
    rejects({ regions: [7] }, 'regions');
  });

  it('keeps thresholds within 1..100 and names the field', () => {
    rejects({ regions: ['a'], failure_threshold: 0 }, 'failure_threshold', /1 to 100/);
    rejects({ regions: ['a'], failure_threshold: 101 }, 'failure_threshold');
    rejects({ regions: ['a'], success_threshold: 1.5 }, 'success_threshold');
    rejects({ regions: ['a'], success_threshold: '2' }, 'success_threshold');
  });

  it('keeps the quorum within 1..number of regions', () => {
    rejects({ regions: ['a', 'b'], quorum: 3 }, 'quorum', /1 to 2/);
    rejects({ regions: ['a', 'b'], quorum: 0 }, 'quorum');
    assert.equal(parseMonitorSettings({ regions: ['a', 'b'], quorum: 1 }).quorum, 1);
  });

  it('requires the degraded latency to be under the timeout', () => {
    assert.equal(
      parseMonitorSettings({ regions: ['a'], degraded_latency: '800ms' }).degradedLatencyMs,
      800,
    );
    rejects({ regions: ['a'], degraded_latency: '10s' }, 'degraded_latency', /shorter than/);
    rejects({ regions: ['a'], degraded_latency: 0 }, 'degraded_latency');
  });

  it('reads paused as a boolean', () => {
    assert.equal(parseMonitorSettings({ regions: ['a'], paused: true }).paused, true);
    rejects({ regions: ['a'], paused: 'yes' }, 'paused');
  });

  it('keeps certificate notice days largest first, the default as absent', () => {
    const days = (value: unknown) =>
      parseMonitorSettings({ regions: ['a'], certificate_expiry_days: value });
    assert.deepEqual(days([7, 30, 1, 14]).certificateExpiryDays, [30, 14, 7, 1]);
    assert.deepEqual(days([]).certificateExpiryDays, []);
    assert.equal('certificateExpiryDays' in days([1, 3, 7, 14]), false);
    assert.equal('certificateExpiryDays' in days(null), false);
    assert.deepEqual(certificateThresholdsOf(days(null)), [14, 7, 3, 1]);
    assert.deepEqual(certificateThresholdsOf(days([])), []);
    assert.deepEqual(monitorSettingsToInput(days([5])).certificate_expiry_days, [5]);
    assert.equal(monitorSettingsToInput(days(null)).certificate_expiry_days, null);
    rejects({ regions: ['a'], certificate_expiry_days: [400] }, 'certificate_expiry_days[0]');
    rejects({ regions: ['a'], certificate_expiry_days: '14' }, 'certificate_expiry_days');
  });

  it('takes certificate notice days only for types that see a certificate', () => {
    const input = { regions: ['a'], certificate_expiry_days: [7] };
    requireSettingsOfType('http', input);
    requireSettingsOfType('tls', input);
    for (const type of ['tcp', 'dns', 'heartbeat'] as const) {
      assert.throws(
        () => requireSettingsOfType(type, input),
        (error: unknown) =>
          error instanceof ValidationError &&
          error.field === 'certificate_expiry_days' &&
          error.message.includes(`not a setting of ${type} monitors`),
      );
      requireSettingsOfType(type, { ...input, certificate_expiry_days: null });
    }
  });

  it('reads its own export back to the same settings (property)', () => {
    const input = fc.record({
      interval: fc.integer({ min: 10_000, max: 3_600_000 }),
      regions: fc.uniqueArray(fc.constantFrom('eu', 'us', 'ap', 'sa', 'af'), {
        minLength: 1,
      }),
      failure_threshold: fc.integer({ min: 1, max: 100 }),
      success_threshold: fc.integer({ min: 1, max: 100 }),
      paused: fc.boolean(),
      certificate_expiry_days: fc.option(
        fc.uniqueArray(fc.integer({ min: 1, max: 365 }), { maxLength: 10 }),
      ),
    });
    fc.assert(
      fc.property(input, (raw) => {
        const settings = parseMonitorSettings(raw);
        assert.deepEqual(parseMonitorSettings(monitorSettingsToInput(settings)), settings);
      }),
    );
  });
});
