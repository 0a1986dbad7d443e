import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ownerOf, shareOf } from './rendezvous.js';

const monitors = Array.from({ length: 300 }, (_, i) => ({ id: `m${i}` }));

describe('rendezvous assignment', () => {
  it('gives every monitor to exactly one agent of the region', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 6 }),
        (agents) => {
          const shares = agents.map((agent) => shareOf(agent, agents, monitors).map((m) => m.id));
          const all = shares.flat();
          assert.equal(all.length, monitors.length);
          assert.equal(new Set(all).size, monitors.length);
        },
      ),
    );
  });

  it('spreads monitors roughly evenly', () => {
    const agents = ['a', 'b', 'c'];
    for (const agent of agents) {
      const count = shareOf(agent, agents, monitors).length;
      assert.ok(count > 60 && count < 140, `${agent} got ${count} of 300`);
    }
  });

  it('moves only the monitors of an agent that leaves', () => {
    const before = ['a', 'b', 'c'];
    const after = ['a', 'c'];
    for (const monitor of monitors) {
      const was = ownerOf(monitor.id, before);
      const now = ownerOf(monitor.id, after);
      if (was !== 'b') assert.equal(now, was, `${monitor.id} moved from ${was} to ${now}`);
      else assert.ok(now === 'a' || now === 'c');
    }
  });

  it('counts an agent missing from the live list as one of them (its first heartbeat)', () => {
    const share = shareOf('new', ['a'], monitors);
    assert.deepEqual(share, shareOf('new', ['a', 'new'], monitors));
    assert.ok(share.length > 0);
  });

  it('has no owner without agents', () => {
    assert.equal(ownerOf('m1', []), undefined);
  });
});
