// The hand-off rule over random timelines of agents joining, dying and leaving, with random
// request latencies: no monitor is ever in two running agents' assignments at once, and once the
// membership stops changing every monitor is checked by someone within the takeover bound.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { agentView, recordHeartbeat, type AgentPresence } from './probe-handoff.js';
import { probeTiming } from './probe-protocol.js';
import { shareOf } from './rendezvous.js';

const timing = probeTiming(5_000);
const MONITORS = Array.from({ length: 40 }, (_, i) => ({ id: `m${i}` }));
/** One way of a request; a round trip stays well below the hand-off margin. */
const MAX_LATENCY_MS = 150;
/** The probe agent's floor on the next heartbeat (agent.ts). */
const AGENT_MIN_HEARTBEAT_MS = 100;
/**
 * Once nothing joins or leaves: a dead agent's deadline, the survivors' visit just after it, and
 * for a newcomer that waited for the dead one the margin after that, plus latencies.
 */
const SETTLED_WITHIN_MS = timing.agentTimeoutMs + 2 * timing.handoffMarginMs;

type Change = { atMs: number; kind: 'join' | 'kill' | 'leave'; pick: number };

interface SimAgent {
  id: string;
  running: boolean;
  checking: ReadonlySet<string>;
  requestInFlight: boolean;
  leaveWhenAnswered: boolean;
}

type SimEvent =
  | { atMs: number; seq: number; kind: 'change'; change: Change }
  | { atMs: number; seq: number; kind: 'request' | 'serve' | 'leave'; agent: SimAgent }
  | {
      atMs: number;
      seq: number;
      kind: 'answer';
      agent: SimAgent;
      share: Set<string>;
      nextMs: number;
    };

type Unsequenced<E> = E extends unknown ? Omit<E, 'seq'> : never;

/** Small seeded generator for latencies (fast-check picks the seed, so failures replay). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function simulate(initialAgents: number, changes: Change[], seed: number): void {
  const next = random(seed);
  const latency = () => Math.floor(next() * MAX_LATENCY_MS);
  const web = new Map<string, AgentPresence>();
  const agents: SimAgent[] = [];
  // Events in time order (same time: in the order they were made); a few hundred per run.
  const queue: SimEvent[] = [];
  let seq = 0;
  const at = (event: Unsequenced<SimEvent>) => {
    const entry = { ...event, seq: seq++ } as SimEvent;
    let index = queue.length;
    while (index > 0 && queue[index - 1]!.atMs > entry.atMs) index--;
    queue.splice(index, 0, entry);
  };

  const join = (atMs: number) => {
    const agent: SimAgent = {
      id: `agent-${agents.length}`,
      running: true,
      checking: new Set(),
      requestInFlight: false,
      leaveWhenAnswered: false,
    };
    agents.push(agent);
    at({ atMs, kind: 'request', agent });
  };
  const running = () => agents.filter((agent) => agent.running);
  const assertDisjoint = (nowMs: number) => {
    const owner = new Map<string, string>();
    for (const agent of running()) {
      for (const id of agent.checking) {
        const other = owner.get(id);
        assert.equal(other, undefined, `${id} checked by ${other} and ${agent.id} at ${nowMs} ms`);
        owner.set(id, agent.id);
      }
    }
  };

  for (let i = 0; i < initialAgents; i++) join(i * 7);
  for (const change of changes) at({ atMs: change.atMs, kind: 'change', change });
  const lastChangeMs = changes.at(-1)?.atMs ?? 0;
  const stableFromMs = lastChangeMs + SETTLED_WITHIN_MS;
  const endMs = stableFromMs + 3 * timing.heartbeatMs;
  let checkedStable = false;

  while (queue.length > 0 && queue[0]!.atMs <= endMs) {
    const event = queue.shift()!;
    const nowMs = event.atMs;
    if (!checkedStable && nowMs >= stableFromMs) {
      checkedStable = true;
      assertCovered(running(), stableFromMs);
    }
    switch (event.kind) {
      case 'change': {
        const alive = running();
        const { kind, pick } = event.change;
        if (kind === 'join' || alive.length === 0) {
          join(nowMs);
          break;
        }
        const agent = alive[pick % alive.length]!;
        agent.running = false;
        agent.checking = new Set();
        // A stopping agent first lets its heartbeat in flight finish, then says it is leaving.
        if (kind === 'leave') {
          if (agent.requestInFlight) agent.leaveWhenAnswered = true;
          else at({ atMs: nowMs + latency(), kind: 'leave', agent });
        }
        break;
      }
      case 'request':
        if (!event.agent.running) break;
        event.agent.requestInFlight = true;
        at({ atMs: nowMs + latency(), kind: 'serve', agent: event.agent });
        break;
      case 'serve': {
        // Web answers even a request whose sender was killed meanwhile.
        const self = recordHeartbeat(event.agent.id, [...web.values()], nowMs, timing);
        web.set(self.agentId, self);
        const view = agentView(self, [...web.values()], timing);
        const share = view.settled ? shareOf(self.agentId, view.agents, MONITORS) : [];
        at({
          atMs: nowMs + latency(),
          kind: 'answer',
          agent: event.agent,
          share: new Set(share.map((monitor) => monitor.id)),
          nextMs: view.nextHeartbeatMs,
        });
        break;
      }
      case 'answer': {
        const { agent } = event;
        agent.requestInFlight = false;
        if (agent.leaveWhenAnswered) {
          agent.leaveWhenAnswered = false;
          at({ atMs: nowMs + latency(), kind: 'leave', agent });
        }
        if (!agent.running) break;
        agent.checking = event.share;
        assertDisjoint(nowMs);
        at({
          atMs: nowMs + Math.max(AGENT_MIN_HEARTBEAT_MS, event.nextMs),
          kind: 'request',
          agent,
        });
        break;
      }
      case 'leave':
        web.delete(event.agent.id);
        break;
    }
    if (checkedStable) assertCovered(running(), nowMs);
  }
  // Nothing left to happen (every agent gone) before the stable moment: nothing to cover.
  if (!checkedStable) assert.equal(running().length, 0, 'agents ran out of events');
}

function assertCovered(agents: readonly SimAgent[], nowMs: number): void {
  if (agents.length === 0) return;
  for (const { id } of MONITORS) {
    assert.ok(
      agents.some((agent) => agent.checking.has(id)),
      `${id} unchecked at ${nowMs} ms, ${SETTLED_WITHIN_MS} ms after the last change`,
    );
  }
}

const timeline = fc
  .array(
    fc.record({
      gapMs: fc.integer({ min: 0, max: 20_000 }),
      kind: fc.constantFrom<Change['kind']>('join', 'kill', 'leave'),
      pick: fc.nat({ max: 10 }),
    }),
    { maxLength: 12 },
  )
  .map((steps) => {
    let atMs = 1_000;
    return steps.map(({ gapMs, kind, pick }) => ({ atMs: (atMs += gapMs), kind, pick }));
  });

describe('probe hand-off over random timelines', () => {
  it('never lets two running agents hold one monitor, and covers all once stable', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), timeline, fc.integer(), simulate), {
      numRuns: 300,
    });
  });

  it('holds when agents join and die in bursts within one heartbeat', () => {
    const burst = fc
      .array(
        fc.record({
          gapMs: fc.integer({ min: 0, max: 1_500 }),
          kind: fc.constantFrom<Change['kind']>('join', 'join', 'kill', 'leave'),
          pick: fc.nat({ max: 10 }),
        }),
        { minLength: 3, maxLength: 10 },
      )
      .map((steps) => {
        let atMs = 12_000;
        return steps.map(({ gapMs, kind, pick }) => ({ atMs: (atMs += gapMs), kind, pick }));
      });
    fc.assert(fc.property(fc.integer({ min: 1, max: 3 }), burst, fc.integer(), simulate), {
      numRuns: 300,
    });
  });
});
