// The agent's heartbeat: one assignment request at a time, as often as web asks (with an early
// visit when its share is about to change), retried no slower than the heartbeat while web
// fails, and a last request on the way out that tells web the agent leaves. Each answer replaces
// what the scheduler checks.
import {
  PROBE_LIMITS,
  type AssignedMonitor,
  type AssignmentResponse,
} from '../domain/monitoring/probe-protocol.js';
import type { AgentLogger } from './agent.js';
import { assignedMonitorProblem, requireAssignment } from './assignment-check.js';
import type { CheckRunner } from './run-check.js';
import type { Clock, TimerHandle } from './scheduler/clock.js';
import type { CheckScheduler } from './scheduler/scheduler.js';
import { ProbeTransportError, type ProbeTransport } from './transport.js';

export interface ScheduledCheck {
  id: string;
  intervalMs: number;
  timeoutMs: number;
  definition: AssignedMonitor;
}

/**
 * Heartbeats web asks for are kept within these, whatever it says. Web asks for an early visit
 * when this agent's share is about to change (another agent times out), so the floor is low.
 */
const MIN_HEARTBEAT_MS = 100;
const MAX_HEARTBEAT_MS = 60_000;
/**
 * First retry after a failed assignment request, doubling from there, but never slower than the
 * heartbeat: an agent that waits longer than its timeout to try again is declared dead, and its
 * monitors are handed to others while it still checks them.
 */
const FIRST_RETRY_MS = 1_000;
/** How long a stopping agent waits for web to hear that it leaves. */
const LEAVE_TIMEOUT_MS = 2_000;

export interface AssignmentLoopOptions {
  agentId: string;
  region: string;
  transport: ProbeTransport;
  logger: AgentLogger;
  clock: Clock;
  scheduler: CheckScheduler<ScheduledCheck>;
  runner: CheckRunner;
}

/** The heartbeat: one assignment request at a time, every heartbeat_ms, backing off on failure. */
export class AssignmentLoop {
  failures = 0;
  assignedAt: string | null = null;
  private timer: TimerHandle | undefined;
  private inFlight: Promise<boolean> | undefined;
  private stopped = false;
  /** Until the next request: the period, or less when web asked for an early visit. */
  private heartbeatMs: number = PROBE_LIMITS.heartbeatMs;
  /** The heartbeat period web asks for; it bounds the retries too. */
  private periodMs: number = PROBE_LIMITS.heartbeatMs;
  handoffPending = false;
  private readonly warned = new Set<string>();

  constructor(private readonly o: AssignmentLoopOptions) {}

  async start(): Promise<void> {
    await this.beat();
  }

  /** Stops heartbeating; resolves once a request in flight is answered (it must not follow a leave). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Tells web this agent is gone; best effort and bounded, as web may be unreachable. */
  async leave(): Promise<void> {
    let timer: TimerHandle | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = this.o.clock.setTimeout(() => resolve('timeout'), LEAVE_TIMEOUT_MS);
    });
    const told = this.o.transport
      .assignment({ agent_id: this.o.agentId, leaving: true })
      .then(() => 'told' as const)
      .catch(() => 'failed' as const);
    const outcome = await Promise.race([told, timeout]);
    this.o.clock.clearTimeout(timer);
    if (outcome !== 'told') {
      this.o.logger.debug(
        { outcome },
        'could not tell web this agent leaves; it times out instead',
      );
    }
  }

  beat(): Promise<boolean> {
    this.inFlight ??= this.request().finally(() => {
      this.inFlight = undefined;
      this.arm();
    });
    return this.inFlight;
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    const delayMs =
      this.failures === 0
        ? this.heartbeatMs
        : Math.min(this.periodMs, FIRST_RETRY_MS * 2 ** Math.min(this.failures - 1, 10));
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      void this.beat();
    }, delayMs);
  }

  private async request(): Promise<boolean> {
    let response: AssignmentResponse;
    try {
      response = requireAssignment(await this.o.transport.assignment({ agent_id: this.o.agentId }));
    } catch (error) {
      if (!this.stopped) this.failed(error);
      return false;
    }
    if (this.stopped) return false;
    if (this.failures > 0) this.o.logger.info('web answers again; assignment refreshed');
    this.failures = 0;
    this.apply(response);
    return true;
  }

  private apply(response: AssignmentResponse): void {
    const { logger, region } = this.o;
    if (response.region !== region && !this.warned.has(`region:${response.region}`)) {
      this.warned.add(`region:${response.region}`);
      logger.warn(
        { configured: region, token: response.region },
        'this probe token belongs to another region; results count for the token region',
      );
    }
    const checks: ScheduledCheck[] = [];
    for (const monitor of response.monitors as unknown[]) {
      const problem = assignedMonitorProblem(monitor);
      if (problem === undefined) {
        const definition = monitor as AssignedMonitor;
        checks.push({
          id: definition.id,
          intervalMs: definition.interval_ms,
          timeoutMs: definition.timeout_ms,
          definition,
        });
        continue;
      }
      const key = JSON.stringify(monitor).slice(0, 200);
      if (!this.warned.has(key)) {
        this.warned.add(key);
        logger.warn({ monitor: key }, `skipping an assigned monitor that ${problem}`);
      }
    }
    this.o.scheduler.setAssignment(checks);
    this.o.runner.retain(checks.map((check) => check.id));
    this.assignedAt = new Date(this.o.clock.now()).toISOString();
    this.periodMs = boundedHeartbeat(response.heartbeat_ms, PROBE_LIMITS.heartbeatMs);
    this.heartbeatMs = Math.min(
      this.periodMs,
      boundedHeartbeat(response.next_heartbeat_ms, this.periodMs),
    );
    const pending = response.handoff_pending === true;
    if (pending && !this.handoffPending) {
      logger.info(
        { agents: response.agents?.length },
        "joined the region; waiting for the other agents to hand over this agent's share",
      );
    } else if (!pending && this.handoffPending) {
      logger.info({ monitors: checks.length }, "hand-off done; checking this agent's share");
    }
    this.handoffPending = pending;
  }

  private failed(error: unknown): void {
    this.failures++;
    const unauthorized = error instanceof ProbeTransportError && error.refused;
    const reason = error instanceof Error ? error.message : String(error);
    // Once per outage at warn (error for a refused token), then quietly at debug.
    if (this.failures === 1) {
      this.o.logger[unauthorized ? 'error' : 'warn'](
        { reason, monitors: this.o.scheduler.metrics().monitors },
        'cannot get an assignment from web; checking the last known one and retrying',
      );
    } else {
      this.o.logger.debug({ reason, failures: this.failures }, 'assignment request failed again');
    }
  }
}

function boundedHeartbeat(value: unknown, fallback: number): number {
  const ms = Number(value ?? fallback);
  return Number.isFinite(ms)
    ? Math.min(MAX_HEARTBEAT_MS, Math.max(MIN_HEARTBEAT_MS, ms))
    : fallback;
}
