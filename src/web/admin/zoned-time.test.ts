import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../domain/errors.js';
import { formatInZone, utcToZonedLocal, zonedLocalToUtc } from './zoned-time.js';

describe('zoned wall-clock times', () => {
  const cases: Array<[local: string, zone: string, utc: string]> = [
    ['2030-01-02T10:00', 'Etc/UTC', '2030-01-02T10:00:00.000Z'],
    ['2030-01-02T10:00', 'Europe/Paris', '2030-01-02T09:00:00.000Z'],
    ['2030-07-02T10:00', 'Europe/Paris', '2030-07-02T08:00:00.000Z'],
    ['2030-06-01T12:00', 'Asia/Kolkata', '2030-06-01T06:30:00.000Z'],
    ['2030-01-01T00:30', 'America/New_York', '2030-01-01T05:30:00.000Z'],
    ['2030-12-31T23:59', 'Pacific/Auckland', '2030-12-31T10:59:00.000Z'],
  ];
  for (const [local, zone, utc] of cases) {
    it(`reads ${local} in ${zone} as ${utc} and shows it back`, () => {
      const instant = zonedLocalToUtc('at', local, zone);
      assert.equal(instant.toISOString(), utc);
      assert.equal(utcToZonedLocal(instant, zone), local);
    });
  }

  it('moves a time skipped by the spring jump forward, and takes the first of a repeated one', () => {
    // Paris jumps from 02:00 to 03:00 on 2030-03-31 and back from 03:00 to 02:00 on 2030-10-27.
    assert.equal(
      zonedLocalToUtc('at', '2030-03-31T02:30', 'Europe/Paris').toISOString(),
      '2030-03-31T01:30:00.000Z',
    );
    assert.equal(
      zonedLocalToUtc('at', '2030-10-27T02:30', 'Europe/Paris').toISOString(),
      '2030-10-27T00:30:00.000Z',
    );
  });

  it('rejects what is not a date and time, naming the field', () => {
    for (const bad of [
      undefined,
      '',
      'tomorrow',
      '2030-02-30T10:00',
      '2030-01-01T24:00',
      '2030-01-01',
    ]) {
      assert.throws(
        () => zonedLocalToUtc('scheduled_for', bad, 'Etc/UTC'),
        (error: unknown) => error instanceof ValidationError && error.field === 'scheduled_for',
        String(bad),
      );
    }
  });

  it('formats with the zone named', () => {
    assert.equal(
      formatInZone(new Date('2030-01-02T09:00:00Z'), 'Europe/Paris'),
      '2 Jan 2030, 10:00 CET',
    );
  });
});
