// The reconnection backoff: doubling from 100 ms, never beyond 5 s plus jitter, so instances
// retry soon after a blip and do not hammer a Redis that stays down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelayMs } from './redis-connection.js';

describe('the Redis reconnection delay', () => {
  it('doubles from 100 ms and is capped at 5 s, with up to 100 ms of jitter', () => {
    const none = () => 0;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 50, 10_000].map((attempt) => reconnectDelayMs(attempt, none)),
      [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000],
    );
    assert.equal(
      reconnectDelayMs(50, () => 0.999),
      5100,
    );
  });
});
