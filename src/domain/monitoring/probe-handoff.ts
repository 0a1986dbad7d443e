// Which agents of a region check its monitors right now, so that a monitor changes hands without
// two agents checking it at once: a newcomer waits until the agents it takes monitors from have
// been told of it and have dropped them; when an agent dies, the others take its share at once.
//
// The share itself is rendezvous hashing over the live agents (rendezvous.ts). What this adds:
// - An agent is live while it was heard from within the timeout (ProbeTiming.agentTimeoutMs).
// - Its live span starts at its first heartbeat, or its first after it timed out (`joinedAtMs`).
//   Heartbeats of a region are recorded at strictly increasing times (recordHeartbeat moves a
//   time that equals or precedes one already recorded just past it), so of two agents one is
//   always *older*: its span started first.
// - An older agent has been *told* of a newcomer once it heartbeated after the newcomer joined:
//   its answer listed the newcomer, so it dropped the monitors the newcomer takes from it.
// - `acknowledgedAtMs`: by when every older live agent had been told of the newcomer (the latest
//   of their heartbeats, as seen at the newcomer's first heartbeat after all were). It is
//   *settled* (checks its share) from that moment plus the hand-off margin, which lets the older
//   agents' answers arrive and be applied; or at once when no older agent is live (a region with
//   nobody else, or only dead agents left).
// - A settled agent checks its whole share; an unsettled one checks nothing yet. So losers drop
//   at their next heartbeat after the join (the newcomer is live, so it takes its share away from
//   them at once) and the gainer starts a margin after the last of them has: its share goes
//   unchecked for about one heartbeat plus the margin, and is never checked twice.
// Once settled an agent stays settled for its span: older agents only ever leave, and a heartbeat
// that told an agent stays in the past.
//
// Why this is safe (the property test checks it over random timelines): suppose agents A and B
// both hold monitor m in the answers they last got, A's given at tA, B's at tB >= tA. A is alive,
// so it is still live at tB; B owns m over the agents live at tB, A among them, so B was not live
// at tA (else it would have owned m then too) and joined after tA: A is older. B is settled at tB,
// so at least a margin before tB, A had heartbeated after B joined (B's acknowledgement is no
// earlier than A's last heartbeat as B saw it): A's next heartbeat after tA, whose answer dropped
// m (B was live then). That answer took less than
// the margin to arrive, so A had dropped m before B's answer holding it was given.
//
// It relies on two things the caller provides: heartbeats of a region are recorded one at a time
// with increasing times (web takes a lock per region and reads the database clock), and an agent
// that is alive keeps being heard from within the timeout (one that is cut off from web keeps
// checking its last assignment, so it may overlap with whoever took its monitors over).
import type { ProbeTiming } from './probe-protocol.js';

export interface AgentPresence {
  agentId: string;
  /** Start of the agent's current live span: its first heartbeat, or its first after a timeout. */
  joinedAtMs: number;
  lastHeartbeatAtMs: number;
  /**
   * By when every older live agent had been told of it (the latest of their heartbeats, seen at
   * its first heartbeat after they all had); null before.
   */
  acknowledgedAtMs: number | null;
}

export interface AgentView {
  /** The live agents of the region (sorted), this one included: the ones its monitors are shared among. */
  agents: string[];
  /** False while this agent's hand-off is pending: it checks nothing yet. */
  settled: boolean;
  /**
   * When to heartbeat next, in ms from now: the heartbeat period, or sooner when this agent's
   * share is due to change (another agent times out, or its own hand-off can complete).
   */
  nextHeartbeatMs: number;
}

/** Past another agent's deadline by this much, so that the visit finds it timed out. */
const AFTER_DEADLINE_MS = 10;
/** The shortest next heartbeat asked for. */
const MIN_NEXT_HEARTBEAT_MS = 20;

export function isLive(agent: AgentPresence, nowMs: number, timing: ProbeTiming): boolean {
  return nowMs - agent.lastHeartbeatAtMs <= timing.agentTimeoutMs;
}

/**
 * What to store for `agentId` heartbeating at `nowMs`, given what is stored for the region (its
 * own earlier presence included, if any): the same live span if it had not timed out, else a
 * new one, and its acknowledgement once every older live agent has been told of it. The time
 * recorded (`lastHeartbeatAtMs`) is `nowMs`, or just after the latest time already recorded.
 */
export function recordHeartbeat(
  agentId: string,
  region: readonly AgentPresence[],
  atMs: number,
  timing: ProbeTiming,
): AgentPresence {
  let nowMs = atMs;
  for (const agent of region) nowMs = Math.max(nowMs, agent.lastHeartbeatAtMs + 1);
  const previous = region.find((agent) => agent.agentId === agentId);
  const continues = previous !== undefined && isLive(previous, nowMs, timing);
  const self: AgentPresence = {
    agentId,
    joinedAtMs: continues ? previous.joinedAtMs : nowMs,
    lastHeartbeatAtMs: nowMs,
    acknowledgedAtMs: continues ? previous.acknowledgedAtMs : null,
  };
  if (self.acknowledgedAtMs === null) {
    const older = olderLive(self, region, nowMs, timing);
    if (older.every((agent) => agent.lastHeartbeatAtMs > self.joinedAtMs)) {
      // Each was told at or before its last heartbeat: the latest of those bounds the moment the
      // last of them was told, often well before now (one that died meanwhile delayed this).
      self.acknowledgedAtMs = Math.max(self.joinedAtMs, ...older.map((a) => a.lastHeartbeatAtMs));
    }
  }
  return self;
}

/**
 * What `self`, just recorded by recordHeartbeat, is told as of its heartbeat: who shares, whether
 * it checks, when to come back. `region` may or may not hold `self` already.
 */
export function agentView(
  self: AgentPresence,
  region: readonly AgentPresence[],
  timing: ProbeTiming,
): AgentView {
  const nowMs = self.lastHeartbeatAtMs;
  const live = region.filter(
    (agent) => agent.agentId !== self.agentId && isLive(agent, nowMs, timing),
  );
  const settled = isSettled(self, region, nowMs, timing);
  let nextMs = timing.heartbeatMs;
  // Another agent timing out changes this agent's share: be there when it does.
  for (const agent of live) nextMs = Math.min(nextMs, deadlineOf(agent, timing) - nowMs);
  if (!settled) nextMs = Math.min(nextMs, settlesAtMs(self, region, nowMs, timing) - nowMs);
  return {
    agents: [self.agentId, ...live.map((agent) => agent.agentId)].sort(),
    settled,
    nextHeartbeatMs: Math.max(MIN_NEXT_HEARTBEAT_MS, Math.round(nextMs)),
  };
}

function isSettled(
  self: AgentPresence,
  region: readonly AgentPresence[],
  nowMs: number,
  timing: ProbeTiming,
): boolean {
  if (olderLive(self, region, nowMs, timing).length === 0) return true;
  return self.acknowledgedAtMs !== null && nowMs - self.acknowledgedAtMs >= timing.handoffMarginMs;
}

function olderLive(
  self: AgentPresence,
  region: readonly AgentPresence[],
  nowMs: number,
  timing: ProbeTiming,
): AgentPresence[] {
  return region.filter(
    (agent) =>
      agent.agentId !== self.agentId &&
      agent.joinedAtMs < self.joinedAtMs &&
      isLive(agent, nowMs, timing),
  );
}

function deadlineOf(agent: AgentPresence, timing: ProbeTiming): number {
  return agent.lastHeartbeatAtMs + timing.agentTimeoutMs + AFTER_DEADLINE_MS;
}

/**
 * When an unsettled agent should look again: a margin after its acknowledgement; before that,
 * just after the older agents' next heartbeats are due (a heartbeat after their last, plus half
 * a margin for the request), polling every half margin for one that is late, until it is dead.
 */
function settlesAtMs(
  self: AgentPresence,
  region: readonly AgentPresence[],
  nowMs: number,
  timing: ProbeTiming,
): number {
  if (self.acknowledgedAtMs !== null) return self.acknowledgedAtMs + timing.handoffMarginMs;
  const pollMs = timing.handoffMarginMs / 2;
  let atMs = nowMs;
  for (const agent of olderLive(self, region, nowMs, timing)) {
    if (agent.lastHeartbeatAtMs > self.joinedAtMs) continue;
    const dueAtMs = agent.lastHeartbeatAtMs + timing.heartbeatMs + pollMs;
    atMs = Math.max(
      atMs,
      dueAtMs > nowMs ? dueAtMs : Math.min(nowMs + pollMs, deadlineOf(agent, timing)),
    );
  }
  return atMs;
}
