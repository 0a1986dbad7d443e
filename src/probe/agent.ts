// The probe agent: fetches its assignment on every heartbeat, schedules the assigned monitors,
// runs and judges their checks, and hands the results to the sender. Web being unreachable only
// delays results: the agent keeps checking the last assignment it got and retries with backoff.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import {
  AGENT_ID_PATTERN,
  PROBE_LIMITS,
  type AssignedMonitor,
  type AssignmentResponse,
} from '../domain/monitoring/probe-protocol.js';
import { assignedMonitorProblem, requireAssignment } from './assignment-check.js';
import { CheckRunner, probeUserAgent } from './run-check.js';
import { ResultSender, type ResultSenderMetrics } from './result-sender.js';
import { systemClock, type Clock, type TimerHandle } from './scheduler/clock.js';
import { CheckScheduler, type SchedulerMetrics } from './scheduler/scheduler.js';
import { ProbeTransportError, type ProbeTransport } from './transport.js';

export type AgentLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface ProbeAgentOptions {
  region: string;
  /** Stable for this process; default: host name, pid and a random part. */
  agentId?: string;
  transport: ProbeTransport;
  bufferDir: string;
  bufferMaxBytes?: number;
  /** Checks running at once. */
  concurrency: number;
  logger: AgentLogger;
  clock?: Clock;
  /** Time between result batches (default 1 s). */
  sendIntervalMs?: number;
  /** How long stop() waits for checks in flight (default 10 s). */
  stopDeadlineMs?: number;
}

export interface ProbeAgentMetrics extends SchedulerMetrics {
  agentId: string;
  region: string;
  /** Results web accepted, waiting on disk, waiting in memory, and lost (see ResultSenderMetrics). */
  sent: number;
  buffered: number;
  queuedResults: number;
  dropped: number;
  /** Assignment requests that failed in a row (0 while web answers). */
  heartbeatFailures: number;
  /** When the assignment now being checked was received (ISO), or null before the first. */
  assignedAt: string | null;
  /** True while this agent, newly joined, waits for the others to hand over its share. */
  handoffPending: boolean;
}

export interface ProbeAgent {
  readonly agentId: string;
  readonly region: string;
  metrics(): ProbeAgentMetrics;
  /** One heartbeat now; true when web answered with an assignment. */
  refreshAssignment(): Promise<boolean>;
  /** Sends (or buffers) the results collected so far. */
  flushResults(): Promise<void>;
  /** Stops scheduling, waits for checks in flight, and sends or buffers every result. */
  stop(): Promise<void>;
}

interface ScheduledCheck {
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

export async function startProbeAgent(options: ProbeAgentOptions): Promise<ProbeAgent> {
  const { region, transport, logger } = options;
  const clock = options.clock ?? systemClock;
  const agentId = options.agentId ?? defaultAgentId();
  if (!AGENT_ID_PATTERN.test(agentId)) {
    throw new RangeError(
      `agent id ${JSON.stringify(agentId)} must be 1-100 of A-Z a-z 0-9 _ . : -`,
    );
  }
  const sender = await ResultSender.open({
    agentId,
    transport,
    bufferDir: options.bufferDir,
    bufferMaxBytes: options.bufferMaxBytes,
    logger,
    clock,
    intervalMs: options.sendIntervalMs,
  });
  const runner = new CheckRunner({
    now: () => clock.now(),
    userAgent: probeUserAgent(region, agentId),
  });
  const scheduler = new CheckScheduler<ScheduledCheck>({
    concurrency: options.concurrency,
    clock,
    async run(check, context) {
      sender.add(await runner.run(check.definition, context.signal));
    },
    onRunError: (check, error) =>
      logger.error({ err: error, monitorId: check.id }, 'check could not be run'),
  });
  const heartbeat = new AssignmentLoop({
    agentId,
    region,
    transport,
    logger,
    clock,
    scheduler,
    runner,
  });
  scheduler.start();
  await heartbeat.start();
  logger.info({ agentId, region, monitors: scheduler.metrics().monitors }, 'probe agent started');

  let stopping: Promise<void> | undefined;
  return {
    agentId,
    region,
    metrics() {
      const sending: ResultSenderMetrics = sender.metrics();
      return {
        ...scheduler.metrics(),
        agentId,
        region,
        sent: sending.sent,
        buffered: sending.buffered,
        queuedResults: sending.queued,
        dropped: sending.dropped,
        heartbeatFailures: heartbeat.failures,
        assignedAt: heartbeat.assignedAt,
        handoffPending: heartbeat.handoffPending,
      };
    },
    refreshAssignment: () => heartbeat.beat(),
    flushResults: () => sender.flush(),
    stop() {
      stopping ??= (async () => {
        await heartbeat.stop();
        const { drained, abandoned } = await scheduler.stop(options.stopDeadlineMs);
        if (!drained) logger.warn({ abandoned }, 'checks still running at stop were abandoned');
        // Checking is over: the other agents of the region may take its monitors right away.
        await heartbeat.leave();
        await sender.stop();
        logger.info({ agentId, ...sender.metrics() }, 'probe agent stopped');
      })();
      return stopping;
    },
  };
}

interface AssignmentLoopOptions {
  agentId: string;
  region: string;
  transport: ProbeTransport;
  logger: AgentLogger;
  clock: Clock;
  scheduler: CheckScheduler<ScheduledCheck>;
  runner: CheckRunner;
}

/** The heartbeat: one assignment request at a time, every heartbeat_ms, backing off on failure. */
class AssignmentLoop {
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
    const unauthorized = error instanceof ProbeTransportError && error.failure !== 'retry';
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

/** Host name, pid and a random part: unique within a region, readable in the agents list. */
export function defaultAgentId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 60) || 'probe';
  return `${host}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
