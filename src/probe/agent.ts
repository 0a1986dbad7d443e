// The probe agent: fetches its assignment on every heartbeat, schedules the assigned monitors,
// runs and judges their checks, and hands the results to the sender. Web being unreachable only
// delays results: the agent keeps checking the last assignment it got and retries with backoff.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { AGENT_ID_PATTERN } from '../domain/monitoring/probe-protocol.js';
import { AssignmentLoop, type ScheduledCheck } from './assignment-loop.js';
import { CheckRunner, probeUserAgent } from './run-check.js';
import { ResultSender, type ResultSenderMetrics } from './result-sender.js';
import { systemClock, type Clock } from './scheduler/clock.js';
import { CheckScheduler, type SchedulerMetrics } from './scheduler/scheduler.js';
import type { ProbeTransport } from './transport.js';

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

/** Host name, pid and a random part: unique within a region, readable in the agents list. */
export function defaultAgentId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 60) || 'probe';
  return `${host}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
