// The hand-off rule on hand-made timelines: who is settled when, and when web asks an agent back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentView, isLive, recordHeartbeat, type AgentPresence } from './probe-handoff.js';
import { probeTiming } from './probe-protocol.js';

const timing = probeTiming(5_000);
const { heartbeatMs: H, agentTimeoutMs: T, handoffMarginMs: M } = timing;

/** A region as web stores it: one presence per agent, updated by each heartbeat. */
function region() {
  const rows = new Map<string, AgentPresence>();
  return {
    rows,
    beat(agentId: string, nowMs: number) {
      const self = recordHeartbeat(agentId, [...rows.values()], nowMs, timing);
      rows.set(agentId, self);
      return agentView(self, [...rows.values()], timing);
    },
  };
}

describe('probe hand-off', () => {
  it('derives the timeout and margin from the heartbeat', () => {
    assert.deepEqual(probeTiming(5_000), {
      heartbeatMs: 5_000,
      agentTimeoutMs: 11_000,
      handoffMarginMs: 1_000,
    });
    assert.ok(T + M < 3 * H, 'a takeover fits within 3 heartbeats');
  });

  it('lets an agent alone in its region check at once', () => {
    const r = region();
    const view = r.beat('a', 0);
    assert.equal(view.settled, true);
    assert.deepEqual(view.agents, ['a']);
    assert.equal(view.nextHeartbeatMs, H);
  });

  it('makes a newcomer wait until the older agent was told of it, plus the margin', () => {
    const r = region();
    r.beat('a', 0);
    const joined = r.beat('n', 1_000);
    assert.equal(joined.settled, false);
    assert.deepEqual(joined.agents, ['a', 'n']);
    // a is due at 5,000: n is asked back just after (half a margin for the request).
    assert.equal(joined.nextHeartbeatMs, H + M / 2 - 1_000);
    // a learns of n at once: n is live, so it takes its share away from a already.
    assert.deepEqual(r.beat('a', 5_000).agents, ['a', 'n']);
    const told = r.beat('n', 5_500);
    assert.equal(told.settled, false, 'a was told, but its answer may still be on its way');
    // Told at a's beat: the margin runs from there.
    assert.equal(r.rows.get('n')?.acknowledgedAtMs, 5_000);
    assert.equal(told.nextHeartbeatMs, 5_000 + M - 5_500);
    assert.equal(r.beat('n', 5_000 + M).settled, true);
  });

  it('stays settled however the older agent heartbeats afterwards', () => {
    const r = region();
    r.beat('a', 0);
    r.beat('n', 1);
    r.beat('a', 100);
    r.beat('n', 200);
    assert.equal(r.beat('n', 200 + M).settled, true);
    for (let t = 2_000; t < 3_000; t += 50) {
      r.beat('a', t);
      assert.equal(r.beat('n', t + 1).settled, true);
    }
  });

  it('settles a newcomer when the older agent it waits for times out instead', () => {
    const r = region();
    r.beat('a', 0);
    r.beat('n', 4_000);
    // a never comes back: once it is late, n polls every half margin until a's deadline.
    assert.equal(r.beat('n', 5_500).nextHeartbeatMs, M / 2);
    const late = r.beat('n', T);
    assert.equal(late.settled, false);
    assert.ok(
      late.nextHeartbeatMs <= 20,
      `asked back just past the deadline: ${late.nextHeartbeatMs}`,
    );
    const after = r.beat('n', T + 20);
    assert.equal(after.settled, true);
    assert.deepEqual(after.agents, ['n']);
  });

  it("asks survivors back just past a silent agent's deadline, not a heartbeat later", () => {
    const r = region();
    r.beat('a', 0);
    r.beat('b', 100);
    r.beat('a', 1_000);
    r.beat('b', 1_001);
    assert.equal(r.beat('b', 1_001 + M).settled, true);
    // Both beat at 5,000; a then goes silent (deadline 16,000). b's beat at 15,000 is answered
    // "come back just past 16,000", not 5 s later.
    r.beat('a', 5_000);
    r.beat('b', 5_001);
    assert.equal(r.beat('b', 10_000).nextHeartbeatMs, H);
    const before = r.beat('b', 15_000);
    assert.deepEqual(before.agents, ['a', 'b']);
    assert.equal(before.nextHeartbeatMs, 5_000 + T + 10 - 15_000);
    const taken = r.beat('b', 15_000 + before.nextHeartbeatMs);
    assert.deepEqual(taken.agents, ['b']);
    assert.equal(taken.settled, true);
  });

  it('asks for no early visit while every agent keeps its rhythm', () => {
    const r = region();
    r.beat('a', 0);
    r.beat('b', 2_500);
    r.beat('a', 5_000);
    r.beat('b', 7_500);
    assert.equal(r.beat('b', 7_500 + M).settled, true);
    for (let t = 10_000; t < 60_000; t += 5_000) {
      assert.equal(r.beat('a', t).nextHeartbeatMs, H);
      assert.equal(r.beat('b', t + 3_500).nextHeartbeatMs, H);
    }
  });

  it('starts a new live span, with a hand-off, for an agent heard again after timing out', () => {
    const r = region();
    r.beat('a', 0);
    r.beat('b', 10);
    r.beat('a', 1_000);
    r.beat('b', 1_001);
    assert.equal(r.beat('b', 1_001 + M).settled, true);
    for (let t = 5_000; t <= 30_000; t += 5_000) r.beat('a', t);
    // b was cut off from web from 2,001 until now: it returns as a newcomer.
    const back = r.beat('b', 30_001);
    assert.equal(back.settled, false);
    assert.equal(r.rows.get('b')?.joinedAtMs, 30_001);
    assert.equal(isLive(r.rows.get('b')!, 30_001, timing), true);
  });

  it('orders agents heartbeating at the same moment, so the second waits for the first', () => {
    const r = region();
    assert.equal(r.beat('y', 0).settled, true);
    // Same clock reading: recorded just after, so 'a' (earlier in any id order) is the newcomer.
    assert.equal(r.beat('a', 0).settled, false);
    assert.equal(r.rows.get('a')?.joinedAtMs, 1);
    assert.equal(r.beat('y', 0).settled, true, 'the first stays settled');
    assert.equal(r.rows.get('y')?.lastHeartbeatAtMs, 2);
  });
});
