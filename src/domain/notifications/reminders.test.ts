// Reminders: which is due when, one per interval however often or rarely it is asked (property),
// a new down period counting afresh, stable ids, per-channel intervals from the routes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  dueReminder,
  reminderEventId,
  reminderIntervals,
  reminderToSend,
  remindEveryProblem,
} from './reminders.js';
import type { NotificationRoute } from './routing.js';

const SINCE = '2026-01-01T00:00:00.000Z';
const since = Date.parse(SINCE);
const MIN = 60_000;

describe('reminderToSend', () => {
  it('sends reminder n at remind_every × n, then nothing until the next', () => {
    assert.equal(reminderToSend(SINCE, since + 29 * MIN, 30, null), null);
    assert.equal(reminderToSend(SINCE, since + 30 * MIN, 30, null), 1);
    assert.equal(
      reminderToSend(SINCE, since + 45 * MIN, 30, { downSince: SINCE, sequence: 1 }),
      null,
    );
    assert.equal(reminderToSend(SINCE, since + 60 * MIN, 30, { downSince: SINCE, sequence: 1 }), 2);
  });

  it('catches up with one reminder, the latest due, after a long absence', () => {
    assert.equal(
      reminderToSend(SINCE, since + 600 * MIN, 30, { downSince: SINCE, sequence: 1 }),
      20,
    );
  });

  it('counts afresh for a new down period', () => {
    const later = '2026-01-02T00:00:00.000Z';
    assert.equal(
      reminderToSend(later, Date.parse(later) + 30 * MIN, 30, { downSince: SINCE, sequence: 7 }),
      1,
    );
  });

  it('sends at most one reminder per interval whenever it is asked (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 600 }),
        fc.array(fc.integer({ min: 0, max: 10_000 * MIN }), { maxLength: 50 }),
        (every, asks) => {
          let last: { downSince: string; sequence: number } | null = null;
          const sent: number[] = [];
          for (const nowMs of [...asks].sort((a, b) => a - b).map((ms) => since + ms)) {
            const n = reminderToSend(SINCE, nowMs, every, last);
            if (n === null) continue;
            assert.equal(n, dueReminder(since, nowMs, every));
            sent.push(n);
            last = { downSince: SINCE, sequence: n };
          }
          // Strictly increasing numbers: never the same reminder twice, never two per interval.
          for (let i = 1; i < sent.length; i++) assert.ok(sent[i]! > sent[i - 1]!);
        },
      ),
    );
  });
});

describe('reminderEventId', () => {
  it('is the same for the same reminder and differs otherwise', () => {
    const id = reminderEventId('m1', SINCE, 'c1', 1);
    assert.equal(reminderEventId('m1', '2026-01-01T00:00:00Z', 'c1', 1), id);
    assert.notEqual(reminderEventId('m1', SINCE, 'c1', 2), id);
    assert.notEqual(reminderEventId('m1', SINCE, 'c2', 1), id);
    assert.notEqual(reminderEventId('m2', SINCE, 'c1', 1), id);
  });
});

describe('reminderIntervals', () => {
  const route = (o: Partial<NotificationRoute>): NotificationRoute => ({
    channelId: 'ops',
    monitorId: null,
    componentId: null,
    eventKinds: [],
    ...o,
  });
  const scope = { monitorId: 'm1', componentIds: ['api'] };

  it('takes the shortest interval per channel of the routes that hear the monitor go down', () => {
    const routes = [
      route({ channelId: 'a', monitorId: 'm1', remindEveryMinutes: 60 }),
      route({ channelId: 'a', componentId: 'api', remindEveryMinutes: 15 }),
      route({ channelId: 'b', monitorId: 'm2', remindEveryMinutes: 5 }),
      route({ channelId: 'c', monitorId: 'm1' }),
      route({ channelId: 'd', eventKinds: ['monitor.recovered'], remindEveryMinutes: 5 }),
      route({ channelId: 'e', eventKinds: ['monitor.reminder'], remindEveryMinutes: 10 }),
      route({ channelId: 'off', remindEveryMinutes: 5 }),
    ];
    assert.deepEqual(
      [...reminderIntervals(routes, scope, new Set(['a', 'b', 'c', 'd', 'e']))],
      [
        ['a', 15],
        ['e', 10],
      ],
    );
  });
});

describe('remindEveryProblem', () => {
  it('accepts null and whole minutes from 5 to one week', () => {
    assert.equal(remindEveryProblem(null), null);
    assert.equal(remindEveryProblem(5), null);
    assert.equal(remindEveryProblem(10080), null);
    assert.match(remindEveryProblem(4)!, /between 5 minutes and one week/);
    assert.match(remindEveryProblem(10081)!, /between/);
    assert.match(remindEveryProblem(7.5)!, /whole number/);
  });
});
