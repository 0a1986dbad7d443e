// Fixed-window counters, and the shared counter's fallback: a store that fails or hangs counts
// the hit in this process instead of failing the request or letting it through uncounted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FallbackRateCounter, MemoryRateCounter, type RateCounter } from './rate-counter.js';

describe('rate counters', () => {
  it('count hits per key in a window that starts at the first hit', async () => {
    let clock = 1_000;
    const counter = new MemoryRateCounter(() => clock);
    assert.deepEqual(await counter.hit('a', 60_000), { count: 1, ttlMs: 60_000 });
    clock += 10_000;
    assert.deepEqual(await counter.hit('a', 60_000), { count: 2, ttlMs: 50_000 });
    assert.deepEqual(await counter.hit('b', 60_000), { count: 1, ttlMs: 60_000 });
    clock += 50_000;
    assert.deepEqual(await counter.hit('a', 60_000), { count: 1, ttlMs: 60_000 }, 'a new window');
  });

  it('keep a bounded number of keys, dropping the least recently used', async () => {
    const counter = new MemoryRateCounter(Date.now, 2);
    await counter.hit('a', 60_000);
    await counter.hit('b', 60_000);
    await counter.hit('a', 60_000);
    await counter.hit('c', 60_000);
    assert.equal((await counter.hit('a', 60_000)).count, 3, 'a was used recently: kept');
    assert.equal((await counter.hit('b', 60_000)).count, 1, 'b was dropped');
  });

  it('fall back to memory when the shared store fails or does not answer, and report it', async () => {
    const events: string[] = [];
    const report = {
      failed: (error: unknown) => events.push(`failed: ${(error as Error).message}`),
      recovered: () => events.push('ok'),
    };
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    const shared: RateCounter = {
      hit: async () => {
        if (mode === 'fail') throw new Error('ECONNREFUSED');
        if (mode === 'hang') return new Promise(() => undefined);
        return { count: 41, ttlMs: 5_000 };
      },
    };
    let clock = 0;
    const counter = new FallbackRateCounter(shared, report, 50, () => clock, 1_000);
    assert.deepEqual(await counter.hit('k', 60_000), { count: 41, ttlMs: 5_000 });
    mode = 'fail';
    assert.equal((await counter.hit('k', 60_000)).count, 1, 'counted locally');
    mode = 'ok';
    assert.equal((await counter.hit('k', 60_000)).count, 2, 'the store is left alone a moment');
    clock += 1_000;
    mode = 'hang';
    assert.equal((await counter.hit('k', 60_000)).count, 3, 'still counted locally');
    clock += 1_000;
    mode = 'ok';
    assert.equal((await counter.hit('k', 60_000)).count, 41, 'shared again once it answers');
    assert.deepEqual(events, [
      'ok',
      'failed: ECONNREFUSED',
      'failed: no answer within 50 ms',
      'ok',
    ]);
  });
});
