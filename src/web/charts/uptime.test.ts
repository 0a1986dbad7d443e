import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatPercent,
  lastDays,
  uptimeDayText,
  uptimeLevel,
  uptimePercent,
  type UptimeDay,
} from './uptime.js';

function day(date: string, uptimeRatio: number | null, checks?: number): UptimeDay {
  return { date, uptimeRatio, incidents: [], ...(checks === undefined ? {} : { checks }) };
}

describe('uptimeLevel', () => {
  it('colours by the documented thresholds, inclusive at each edge', () => {
    assert.equal(uptimeLevel(1), 'full');
    assert.equal(uptimeLevel(0.999), 'full');
    assert.equal(uptimeLevel(0.9989), 'minor');
    assert.equal(uptimeLevel(0.99), 'minor');
    assert.equal(uptimeLevel(0.9899), 'major');
    assert.equal(uptimeLevel(0.95), 'major');
    assert.equal(uptimeLevel(0.9499), 'critical');
    assert.equal(uptimeLevel(0), 'critical');
    assert.equal(uptimeLevel(null), 'none');
    assert.equal(uptimeLevel(Number.NaN), 'none');
  });
});

describe('uptimePercent', () => {
  it('weights days by their checks when every day with data has a count', () => {
    // 1,440 checks at 100 % and 10 checks at 0 %: 1440 / 1450.
    const percent = uptimePercent([day('2026-11-01', 1, 1440), day('2026-11-02', 0, 10)]);
    assert.ok(Math.abs(percent! - (1440 / 1450) * 100) < 1e-9, String(percent));
  });

  it('weighs each day with data the same when a count is missing', () => {
    const percent = uptimePercent([day('2026-11-01', 1, 1440), day('2026-11-02', 0.5)]);
    assert.equal(percent, 75);
  });

  it('ignores days without data and days with zero checks', () => {
    assert.equal(
      uptimePercent([
        day('2026-11-01', 0.9, 100),
        day('2026-11-02', null),
        day('2026-11-03', 0, 0),
      ]),
      90,
    );
  });

  it('is null when no day has data', () => {
    assert.equal(uptimePercent([]), null);
    assert.equal(uptimePercent([day('2026-11-01', null), day('2026-11-02', null)]), null);
    assert.equal(uptimePercent([day('2026-11-01', 1, 0)]), null);
  });

  it('clamps ratios outside 0..1 instead of reporting more than 100 %', () => {
    assert.equal(uptimePercent([day('2026-11-01', 1.5), day('2026-11-02', -1)]), 50);
  });
});

describe('formatPercent', () => {
  it('truncates so that anything short of perfect never reads 100 %', () => {
    assert.equal(formatPercent(100), '100 %');
    assert.equal(formatPercent(99.99999), '99.99 %');
    assert.equal(formatPercent(99.955), '99.95 %');
    assert.equal(formatPercent(0), '0.00 %');
  });
});

describe('uptimeDayText', () => {
  it('says the date, the uptime and the incidents by name', () => {
    assert.equal(
      uptimeDayText({
        date: '2026-11-24',
        uptimeRatio: 0.9995,
        incidents: [{ name: 'API errors', impact: 'minor' }],
      }),
      '2026-11-24: 99.95 % uptime, 1 incident: API errors',
    );
    assert.equal(
      uptimeDayText({
        date: '2026-11-23',
        uptimeRatio: 0.9,
        worstStatus: 'major_outage',
        incidents: [
          { name: 'A', impact: 'major' },
          { name: 'B', impact: 'minor' },
        ],
      }),
      '2026-11-23: 90.00 % uptime, worst: major outage, 2 incidents: A; B',
    );
    assert.equal(uptimeDayText(day('2026-11-22', 1)), '2026-11-22: 100 % uptime, no incidents');
    assert.equal(uptimeDayText(day('2026-11-21', null)), '2026-11-21: no data');
  });
});

describe('lastDays', () => {
  it('returns exactly the requested consecutive days ending at the latest date', () => {
    const days = lastDays([day('2026-03-01', 1), day('2026-02-27', 0.5)], 4);
    assert.deepEqual(
      days.map((d) => [d.date, d.uptimeRatio]),
      [
        ['2026-02-26', null],
        ['2026-02-27', 0.5],
        ['2026-02-28', null],
        ['2026-03-01', 1],
      ],
    );
  });

  it('drops days older than the window and returns nothing without input', () => {
    const input = Array.from({ length: 100 }, (_, index) =>
      day(new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10), 1),
    );
    const days = lastDays(input, 90);
    assert.equal(days.length, 90);
    assert.equal(days[0]!.date, input[10]!.date);
    assert.deepEqual(lastDays([], 90), []);
  });
});
