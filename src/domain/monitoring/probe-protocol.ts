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
  /** Agents send a heartbeat (an assignment request) this often. */
  heartbeatMs: 5_000,
  /** An agent silent for this long is no longer given monitors (3 heartbeats). */
  agentTimeoutMs: 15_000,
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

export const AGENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
export const RESULT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface AssignmentRequest {
  /** Stable for the life of an agent process, unique within its region. */
  agent_id: string;
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
  /** How often to come back (the heartbeat). */
  heartbeat_ms: number;
  /** The live agents of the region that share its monitors, this one included. */
  agents: string[];
  /** This agent's share of the region's monitors (rendezvous hashing over `agents`). */
  monitors: AssignedMonitor[];
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
