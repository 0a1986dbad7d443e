// A value kept through failures: read once per change for all callers, the previous value served
// when a read fails (and no read tried again for a moment), and never a result older than the
// latest change notice installed as fresh.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FallbackCell } from './fallback-cell.js';

const down = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('a fallback cell', () => {
  it('loads once for concurrent callers and then serves from memory', async () => {
    const cell = new FallbackCell<string>(Date.now, 1000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    const results = await Promise.all([cell.read(load), cell.read(load), cell.read(load)]);
    assert.deepEqual(results, ['v1', 'v1', 'v1']);
    assert.equal(await cell.read(load), 'v1');
    assert.equal(loads, 1);
  });

  it('waits for a new read after a change, and serves the previous value when it fails', async () => {
    let clock = 0;
    const cell = new FallbackCell<string>(() => clock, 1000);
    await cell.read(async () => 'before');
    cell.markOutdated();
    assert.equal(cell.isFresh, false);
    assert.equal(await cell.read(async () => 'after'), 'after', 'a working read is waited for');

    cell.markOutdated();
    let attempts = 0;
    const failing = async (): Promise<string> => {
      attempts++;
      throw down();
    };
    assert.equal(await cell.read(failing), 'after', 'the previous value, not an error');
    clock += 500;
    assert.equal(await cell.read(failing), 'after');
    assert.equal(attempts, 1, 'no second read within the retry time');
    clock += 600;
    assert.equal(await cell.read(async () => 'recovered'), 'recovered', 'tried again after it');
    assert.equal(cell.isFresh, true);
  });

  it('lets the fallback pick another value, and fails only with nothing to serve', async () => {
    let clock = 0;
    const cell = new FallbackCell<string>(() => clock, 1000);
    let attempts = 0;
    const failing = async (): Promise<string> => {
      attempts++;
      throw down();
    };
    await assert.rejects(cell.read(failing), /ECONNREFUSED/);
    await assert.rejects(cell.read(failing), /ECONNREFUSED/, 'the same error again');
    assert.equal(attempts, 1, 'without another read within the retry time');
    clock += 1000;
    assert.equal(await cell.read(failing, () => 'from elsewhere'), 'from elsewhere');
    assert.equal(cell.isFresh, false, 'a fallback is served, never taken for fresh');
    assert.equal(cell.isKnown, true);
  });

  it('does not take a read begun before a change notice for fresh', async () => {
    const cell = new FallbackCell<string>(Date.now, 1000);
    let finish: (value: string) => void = () => undefined;
    const slow = cell.read(() => new Promise<string>((resolve) => (finish = resolve)));
    cell.markOutdated();
    const fresh = cell.read(async () => 'after the change');
    finish('before the change');
    assert.equal(await slow, 'before the change', 'its own callers still get it');
    assert.equal(await fresh, 'after the change');
    assert.equal(await cell.read(async () => 'unused'), 'after the change');

    const generation = cell.generation;
    cell.markOutdated();
    assert.equal(
      cell.replace('late refresh', generation),
      false,
      'a refresh from before is dropped',
    );
    assert.equal(cell.replace('current refresh', cell.generation), true);
    assert.equal(await cell.read(async () => 'unused'), 'current refresh');
  });
});
