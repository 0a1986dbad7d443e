// The wire contract between probe agents and `web`: assignment (with the agent's heartbeat) and
// result batches. Plain JSON types and limits only, so the probe and the web ingest share them
// without the probe importing anything of the store.
import type { ConditionOutcome } from '../conditions/index.js';

/** Paths under the web service; the probe's token goes in `Authorization: Bearer <token>`. */
export const PROBE_API = {
  /** POST AssignmentRequest → AssignmentResponse; also records the agent's heartbeat. */
  assignment: '/internal/v1/probe/assignment',
  /** POST ResultBatch → BatchReceipt; the whole batch is stored or nothing (4xx names why). */
  results: '/internal/v1/probe/results',
} as const;

export const PROBE_LIMITS = {
  /**
   * Agents send a heartbeat (an assignment request) this often, unless web asks for another
   * period (VIGIL_PROBE_HEARTBEAT_SECONDS) or for an earlier visit (see ProbeTiming).
   */
  heartbeatMs: 5_000,
  /** Results in one batch; a larger batch is refused whole (413). */
  maxBatchResults: 5_000,
  /** A result checked this far ahead of the server's clock is refused (clock skew allowance). */
  maxFutureSkewMs: 60_000,
  /** Probe-made result ids: 1..100 characters of [A-Za-z0-9_.:-]. */
  maxResultIdLength: 100,
  maxErrorMessageLength: 1_000,
  /** Serialized facts kept per result (bodies are cut by the probe before this). */
  maxFactsBytes: 16_384,
  maxConditionResults: 50,
  /** Agent ids: 1..100 characters of [A-Za-z0-9_.:-]. */
  maxAgentIdLength: 100,
} as const;

/**
 * How liveness and hand-offs are timed, all derived from the heartbeat period H (5 s by default),
 * so that a shorter heartbeat shortens every bound with it. The rule itself is probe-handoff.ts.
 *
 * - `agentTimeoutMs` T = 2 H + H/5 (11 s at H = 5 s): an agent not heard from for T is dead and
 *   its monitors go to the others. This is the one trade-off of the protocol: a shorter T moves a
 *   dead agent's monitors sooner, but an agent that is alive and merely late is then declared
 *   dead, its monitors are handed to others while it still checks them (double checks until it
 *   is heard again), and its return is a join with a hand-off of its own. T = 2 H tolerates one
 *   heartbeat that never arrives (the next one does, H later); the extra H/5 covers request
 *   latency on top of that. A failed request is retried after 1 s, well within it. Two lost
 *   heartbeats in a row, or a heartbeat request that hangs for about H (web overloaded), are a
 *   death.
 * - Survivors learn of a death as it happens, not at their next heartbeat: web tells every agent
 *   to come back just after the moment another live agent would time out (`next_heartbeat_ms`
 *   of the answer). An agent that does heartbeat in time refreshes its deadline first, so this
 *   costs no request in the normal case. A dead agent's monitors therefore move
 *   within T + a few hundred milliseconds of its last heartbeat (≈ 2.2 H; 11.1 s at H = 5 s, well
 *   within 3 heartbeats) and each is checked at its next phase slot after that. Without the early
 *   visit it would be T + H (3.2 H).
 * - `handoffMarginMs` M = H/5: how long after an agent was told of a newcomer the newcomer waits
 *   before it starts checking the monitors it takes (the answer must reach the older agent and
 *   be applied first; far longer than a request takes, far shorter than a heartbeat).
 * - A join therefore never doubles a check: the older agents drop what the newcomer takes at
 *   their next heartbeat (within H) and the newcomer starts M after the last of them, so a moved
 *   monitor goes unchecked for at most about H + M (6 s at H = 5 s): it may miss a check, and
 *   never more than one while its interval is longer than that (at least 10 s, so always at the
 *   default heartbeat).
 *   A region's only agent starts at once. A stopping agent says it leaves, so the others take
 *   its monitors at their next heartbeat rather than after T.
 */
export interface ProbeTiming {
  heartbeatMs: number;
  agentTimeoutMs: number;
  handoffMarginMs: number;
}

export function probeTiming(heartbeatMs: number = PROBE_LIMITS.heartbeatMs): ProbeTiming {
  const handoffMarginMs = Math.round(heartbeatMs / 5);
  return { heartbeatMs, agentTimeoutMs: 2 * heartbeatMs + handoffMarginMs, handoffMarginMs };
}

export const AGENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
export const RESULT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface AssignmentRequest {
  /** Stable for the life of an agent process, unique within its region. */
  agent_id: string;
  /**
   * Sent once by a stopping agent after its last check: web forgets it at once, so the others
   * take its monitors at their next heartbeat instead of after the timeout.
   */
  leaving?: boolean;
}

/** One monitor as a probe needs it: what to check, how often, and the conditions to judge by. */
export interface AssignedMonitor {
  id: string;
  name: string;
  /** 'http' | 'tcp' | 'dns' | 'tls' (heartbeat monitors are pushed to, never probed). */
  type: string;
  /** The stored target (camelCase), in the shape the probe's check type takes as its spec. */
  target: Record<string, unknown>;
  interval_ms: number;
  timeout_ms: number;
  /** Condition source text; the probe parses and evaluates them on each outcome. */
  conditions: string[];
  /** Changes whenever the monitor is edited (ISO time), so agents can tell a changed definition. */
  updated_at: string;
}

export interface AssignmentResponse {
  region: string;
  agent_id: string;
  /** The heartbeat period: how often to come back. */
  heartbeat_ms: number;
  /**
   * When to come back this time: `heartbeat_ms`, or sooner when this agent's share is due to
   * change then (another agent times out, or this agent's hand-off completes). Agents that do
   * not know it keep to the period, and take over a dead agent's monitors up to a period later.
   */
  next_heartbeat_ms?: number;
  /** The live agents of the region that share its monitors, this one included. */
  agents: string[];
  /**
   * This agent's share of the region's monitors (rendezvous hashing over `agents`); empty while
   * `handoff_pending`.
   */
  monitors: AssignedMonitor[];
  /**
   * True while this newly joined agent waits for the agents it takes monitors from to stop
   * checking them (see probe-handoff.ts); it checks nothing meanwhile.
   */
  handoff_pending?: boolean;
  generated_at: string;
}

/** One check result as the probe made it. */
export interface WireCheckResult {
  /** Made by the probe (unique per check), so a resent result is stored once. */
  id: string;
  monitor_id: string;
  /** ISO 8601 UTC: when the check started. */
  checked_at: string;
  passed: boolean;
  latency_ms: number | null;
  /** A CheckErrorClass ('dns', 'refused', 'reset', 'timeout', 'tls', 'certificate', ...) or null. */
  error_class: string | null;
  error_message: string | null;
  condition_results: ConditionOutcome[];
  /** The facts conditions were judged on (status, headers, cert, dns ...), body cut short. */
  facts?: Record<string, unknown>;
  /** Phase timings in ms since the start: dnsMs, connectMs, tlsMs, firstByteMs, totalMs. */
  timings?: Record<string, number>;
}

export interface ResultBatch {
  agent_id: string;
  results: WireCheckResult[];
}

export interface BatchReceipt {
  /** Results in the batch (all of them were accepted: a batch is stored whole or refused). */
  accepted: number;
  /** Results not stored before (a resent batch answers 0 here). */
  stored: number;
}
