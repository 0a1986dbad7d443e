import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPointTime, RANGE_MS, timeTicks } from './time-axis.js';

const end = new Date('2026-11-25T18:00:00Z');

describe('timeTicks', () => {
  it('puts 24 h ticks on every third local hour, naming the day at midnight', () => {
    const ticks = timeTicks(new Date(end.getTime() - RANGE_MS['24h']), end, '24h', 'Europe/Paris');
    // Paris is UTC+1 in November: local 21:00 on the 24th is 20:00Z.
    assert.equal(ticks[0]!.at.toISOString(), '2026-11-24T20:00:00.000Z');
    assert.deepEqual(
      ticks.map((tick) => tick.label),
      ['21:00', 'Nov 25', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00'],
    );
    assert.deepEqual(
      ticks.filter((tick) => !tick.minor).map((tick) => tick.label),
      ['Nov 25', '06:00', '12:00', '18:00'],
    );
  });

  it('puts 7 d ticks on local midnights, also in zones offset by half an hour', () => {
    const ticks = timeTicks(new Date(end.getTime() - RANGE_MS['7d']), end, '7d', 'Asia/Kolkata');
    assert.equal(ticks.length, 7);
    // Midnight in Kolkata (UTC+5:30) is 18:30Z the day before.
    for (const tick of ticks) assert.equal(tick.at.toISOString().slice(11, 16), '18:30');
    assert.equal(ticks.at(-1)!.label, 'Wed 25');
  });

  it('puts 30 d ticks on Mondays', () => {
    const ticks = timeTicks(new Date(end.getTime() - RANGE_MS['30d']), end, '30d', 'UTC');
    assert.deepEqual(
      ticks.map((tick) => tick.label),
      ['Nov 2', 'Nov 9', 'Nov 16', 'Nov 23'],
    );
  });

  it('follows daylight saving time changes', () => {
    // New York leaves DST on 2026-11-01: midnights move from 04:00Z to 05:00Z.
    const ticks = timeTicks(
      new Date('2026-10-30T12:00:00Z'),
      new Date('2026-11-03T12:00:00Z'),
      '7d',
      'America/New_York',
    );
    assert.deepEqual(
      ticks.map((tick) => tick.at.toISOString().slice(5, 16)),
      ['10-31T04:00', '11-01T04:00', '11-02T05:00', '11-03T05:00'],
    );
  });
});

describe('formatPointTime', () => {
  it('writes the time in the zone asked for', () => {
    assert.equal(formatPointTime(end, 'Asia/Tokyo'), 'Nov 26, 03:00');
  });
});
