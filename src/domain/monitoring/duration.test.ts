import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../errors.js';
import { formatDuration, parseDuration } from './duration.js';

function fieldError(field: string, pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.field, field);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('parseDuration', () => {
  it('reads each unit and compound spellings', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('10s'), 10_000);
    assert.equal(parseDuration('1m'), 60_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration(' 1.5s '), 1_500);
  });

  it('takes a number as milliseconds', () => {
    assert.equal(parseDuration(1500), 1500);
    assert.equal(parseDuration(0), 0);
  });

  it('refuses a string without a unit, naming the field', () => {
    assert.throws(() => parseDuration('10', 'interval'), fieldError('interval', /unit is missing/));
  });

  it('points at the column of an unknown unit', () => {
    assert.throws(
      () => parseDuration('1m30x', 'timeout'),
      fieldError('timeout', /unexpected "30x" at column 3/),
    );
  });

  it('refuses negative, fractional and non-numeric numbers and other types', () => {
    assert.throws(() => parseDuration(-1, 'interval'), fieldError('interval', /milliseconds/));
    assert.throws(() => parseDuration(1.5, 'interval'), fieldError('interval', /milliseconds/));
    assert.throws(() => parseDuration(Number.NaN), fieldError('duration', /milliseconds/));
    assert.throws(() => parseDuration(true, 'interval'), fieldError('interval', /such as 500ms/));
    assert.throws(() => parseDuration('', 'interval'), fieldError('interval', /nothing/));
    assert.throws(() => parseDuration('1.5ms'), fieldError('duration', /whole number/));
    assert.throws(() => parseDuration('-1s'), fieldError('duration', /column 1/));
  });

  it('refuses durations beyond safe integers', () => {
    assert.throws(() => parseDuration('99999999999999999d'), fieldError('duration', /too long/));
  });
});

describe('formatDuration', () => {
  it('spells the shortest form', () => {
    assert.equal(formatDuration(0), '0ms');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(1_500), '1s500ms');
    assert.equal(formatDuration(86_400_000), '1d');
  });

  it('is read back to the same value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (ms) => {
        assert.equal(parseDuration(formatDuration(ms)), ms);
      }),
    );
  });

  it('never lets parseDuration throw anything but a ValidationError (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer()), (value) => {
        try {
          const ms = parseDuration(value);
          assert.ok(Number.isSafeInteger(ms) && ms >= 0);
        } catch (error) {
          assert.ok(error instanceof ValidationError);
        }
      }),
    );
  });
});
