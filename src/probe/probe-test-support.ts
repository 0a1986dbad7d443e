// Test doubles for the probe: a transport that stands in for web (up, down, refusing or too slow
// for large batches, and recording what it stored), a logger that keeps its lines, and temp
// directories.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AssignedMonitor,
  AssignmentRequest,
  AssignmentResponse,
  BatchReceipt,
  ResultBatch,
  WireCheckResult,
} from '../domain/monitoring/probe-protocol.js';
import { ProbeTransportError, type ProbeTransport } from './transport.js';

export type WebMode = 'up' | 'down' | 'rejecting';

export class FakeWeb implements ProbeTransport {
  mode: WebMode = 'up';
  monitors: AssignedMonitor[] = [];
  heartbeatMs = 5_000;
  /** Sent as next_heartbeat_ms (an early visit) when set. */
  nextHeartbeatMs: number | undefined;
  handoffPending = false;
  region = 'local';
  /** Every assignment request, in order, with the fake clock's time if one was given. */
  readonly requests: Array<AssignmentRequest & { atMs?: number }> = [];
  clock: { now(): number } | undefined;
  /** Every result web stored, in the order it stored them. */
  readonly stored: WireCheckResult[] = [];
  readonly batchSizes: number[] = [];
  /** The size of every batch submitted, stored or not. */
  readonly attempts: number[] = [];
  /**
   * A batch of more results than this times out, as on a slow database; with `storesSlow` web
   * stores it all the same (its transaction ends after the probe gave up), else it does not.
   */
  slowAbove: number | undefined;
  storesSlow = false;
  /** A batch holding one of these is refused whole, as web refuses a result for a deleted monitor. */
  readonly refusedIds = new Set<string>();
  /** Results web received again after it had stored them. */
  resent = 0;
  assignmentCalls = 0;

  async assignment(request: AssignmentRequest): Promise<AssignmentResponse> {
    this.assignmentCalls++;
    this.requests.push({ ...request, atMs: this.clock?.now() });
    this.fail();
    return {
      region: this.region,
      agent_id: request.agent_id,
      heartbeat_ms: this.heartbeatMs,
      ...(this.nextHeartbeatMs === undefined ? {} : { next_heartbeat_ms: this.nextHeartbeatMs }),
      agents: [request.agent_id],
      monitors: this.handoffPending ? [] : this.monitors.map((monitor) => ({ ...monitor })),
      handoff_pending: this.handoffPending,
      generated_at: new Date().toISOString(),
    };
  }

  async submit(batch: ResultBatch): Promise<BatchReceipt> {
    this.attempts.push(batch.results.length);
    this.fail();
    if (this.slowAbove !== undefined && batch.results.length > this.slowAbove) {
      if (this.storesSlow) this.store(batch);
      throw new ProbeTransportError('timeout', 'did not answer within 10000 ms (test)');
    }
    return this.store(batch);
  }

  private store(batch: ResultBatch): BatchReceipt {
    const refused = batch.results.findIndex((result) => this.refusedIds.has(result.id));
    if (refused >= 0) {
      throw new ProbeTransportError('rejected', `results[${refused}]: refused (test)`, 400);
    }
    this.batchSizes.push(batch.results.length);
    let stored = 0;
    for (const result of batch.results) {
      if (this.stored.some((known) => known.id === result.id)) {
        this.resent++;
        continue;
      }
      this.stored.push(result);
      stored++;
    }
    return { accepted: batch.results.length, stored };
  }

  storedIds(): string[] {
    return this.stored.map((result) => result.id);
  }

  private fail(): void {
    if (this.mode === 'down') throw new ProbeTransportError('retry', 'web is down (test)');
    if (this.mode === 'rejecting') {
      throw new ProbeTransportError('rejected', 'validation_failed: bad batch (test)', 400);
    }
  }
}

export interface LogLine {
  level: string;
  message: string;
  fields: unknown;
}

/** A logger with pino's call shape (fields, message) that keeps what it was given. */
export function recordingLogger() {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (fields: unknown, message?: string): void => {
      if (typeof fields === 'string') lines.push({ level, message: fields, fields: {} });
      else lines.push({ level, message: message ?? '', fields });
    };
  return {
    lines,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
  };
}

export function fakeResult(id: string, monitorId = 'm1'): WireCheckResult {
  return {
    id,
    monitor_id: monitorId,
    checked_at: '2026-01-01T00:00:00.000Z',
    passed: true,
    latency_ms: 1,
    error_class: null,
    error_message: null,
    condition_results: [],
  };
}

export function tempDirs(): { make(): Promise<string>; removeAll(): Promise<void> } {
  const dirs: string[] = [];
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'vigil-probe-'));
      dirs.push(dir);
      return dir;
    },
    async removeAll() {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
