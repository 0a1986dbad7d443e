// Sends check results to web in batches at most once a second; while web is unreachable they go
// to the on-disk ResultBuffer and are resent oldest first once it answers again.
//
// Order and duplicates: once anything is on disk, new results are appended behind it and sent
// from there, so results always leave oldest first. A batch is acked (removed from disk) only
// after web accepted it; a resend after a lost answer is harmless because web stores a result id
// once. A result web refuses (4xx) can never succeed and is dropped with the reason in the log.
//
// Batch size: a batch web refuses, or takes longer than the transport's timeout to store (a slow
// database after a partition heals, say), is sent again at half its size, down to one result;
// each accepted batch doubles the size back towards the maximum. A timed-out batch is kept like
// any unsent one (it may have been stored all the same, which makes its resend a duplicate) and
// tried again after the backoff. Web being unreachable (refused connection, DNS, 5xx) keeps the
// size: a smaller batch would not reach it any sooner.
import type { Logger } from 'pino';
import {
  PROBE_LIMITS,
  type BatchReceipt,
  type WireCheckResult,
} from '../domain/monitoring/probe-protocol.js';
import { ResultBuffer } from './buffer/result-buffer.js';
import { systemClock, type Clock, type TimerHandle } from './scheduler/clock.js';
import { isRejection, isTimeout, ProbeTransportError, type ProbeTransport } from './transport.js';

export type SenderLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface ResultSenderOptions {
  agentId: string;
  transport: ProbeTransport;
  /** Directory of the on-disk buffer; it outlives the process, so a restart resends what is left. */
  bufferDir: string;
  /** Disk the buffer may use (default: ResultBuffer's 100 MB). */
  bufferMaxBytes?: number;
  logger: SenderLogger;
  clock?: Clock;
  /** Time between batches (default 1 s). */
  intervalMs?: number;
  maxBatchResults?: number;
  /** Longest wait between attempts while web keeps failing (default 30 s). */
  maxBackoffMs?: number;
}

export interface ResultSenderMetrics {
  /** Results web accepted. */
  sent: number;
  /** Results waiting on disk. */
  buffered: number;
  /** Results waiting in memory for the next batch. */
  queued: number;
  /** Results lost: refused by web (4xx), or dropped oldest-first from a full buffer. */
  dropped: number;
  /** Results web refused. */
  rejected: number;
  /** True while web does not accept results. */
  failing: boolean;
}

/** A Retry-After longer than this is not believed (a misconfigured proxy must not mute a probe). */
const MAX_RETRY_AFTER_MS = 300_000;
/** Results kept in memory when even the disk fails; beyond this the oldest are dropped. */
const MAX_MEMORY_RESULTS = 50_000;

export class ResultSender {
  private memory: WireCheckResult[] = [];
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private readonly maxBackoffMs: number;
  /** Batch size now: maxBatch, or smaller after a refused or timed-out batch until batches pass. */
  private limit: number;
  private timer: TimerHandle | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private failing = false;
  private backoffMs = 0;
  private retryAtMs = 0;
  private counts = { sent: 0, rejected: 0, lostInMemory: 0 };

  private constructor(
    private readonly options: ResultSenderOptions,
    private readonly buffer: ResultBuffer<WireCheckResult>,
  ) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.maxBatch = Math.min(
      options.maxBatchResults ?? PROBE_LIMITS.maxBatchResults,
      PROBE_LIMITS.maxBatchResults,
    );
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.limit = this.maxBatch;
  }

  /** Opens the buffer (recovering what an earlier process left) and starts the batch timer. */
  static async open(options: ResultSenderOptions): Promise<ResultSender> {
    const buffer = await ResultBuffer.open<WireCheckResult>({
      directory: options.bufferDir,
      maxBytes: options.bufferMaxBytes,
    });
    const sender = new ResultSender(options, buffer);
    const left = buffer.metrics().pending;
    if (left > 0) options.logger.info({ results: left }, 'resending results buffered on disk');
    sender.arm();
    return sender;
  }

  add(result: WireCheckResult): void {
    if (this.stopped) {
      this.counts.lostInMemory++;
      this.options.logger.warn({ resultId: result.id }, 'result arrived after stop; dropped');
      return;
    }
    this.memory.push(result);
  }

  /** Sends (or buffers) what is due now; the timer calls this, tests may too. */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.tick());
    this.chain = run.catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'result sender failed; will try again');
    });
    return this.chain;
  }

  metrics(): ResultSenderMetrics {
    const buffer = this.buffer.metrics();
    return {
      sent: this.counts.sent,
      buffered: buffer.pending,
      queued: this.memory.length,
      dropped: this.counts.rejected + buffer.dropped + this.counts.lostInMemory,
      rejected: this.counts.rejected,
      failing: this.failing,
    };
  }

  /**
   * Stops the timer and hands back everything: in-memory results are sent once more if web was
   * fine, else (or if that fails) written to disk for the next start. Then the buffer is closed.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    if (this.memory.length > 0 && !this.failing && this.buffer.metrics().pending === 0) {
      await this.sendFromMemory();
    }
    await this.spill();
    await this.buffer.close();
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.flush().then(() => this.arm());
    }, this.intervalMs);
  }

  private async tick(): Promise<void> {
    if (this.failing && this.clock.now() < this.retryAtMs) return this.spill();
    if (this.buffer.metrics().pending > 0 || this.memory.length > this.limit) {
      await this.spill();
      return this.sendFromBuffer();
    }
    if (this.memory.length > 0) await this.sendFromMemory();
  }

  private async sendFromMemory(): Promise<void> {
    const batch = this.memory.splice(0, this.limit);
    try {
      this.sent(batch.length, await this.submit(batch));
    } catch (error) {
      if (isRejection(error) && batch.length === 1) return this.rejected(error);
      // Back in front of anything that arrived meanwhile, then onto disk in that order.
      this.memory.unshift(...batch);
      await this.spill();
      if (!isRejection(error)) return this.failed(error, batch.length);
      this.halve(batch.length, error);
      await this.sendFromBuffer();
    }
  }

  /**
   * Sends the oldest buffered results. Web refuses a batch whole when one result is bad (a
   * monitor deleted meanwhile, say), so a refused batch is sent again in halves until the bad
   * result is alone; only that one is dropped and the others still arrive.
   */
  private async sendFromBuffer(): Promise<void> {
    for (;;) {
      const batch = await this.buffer.peek(this.limit);
      if (batch.length === 0) return;
      try {
        this.sent(batch.length, await this.submit(batch));
      } catch (error) {
        if (!isRejection(error)) return this.failed(error, batch.length);
        if (batch.length > 1) {
          this.halve(batch.length, error);
          continue;
        }
        this.rejected(error);
        this.limit = this.maxBatch;
      }
      await this.buffer.ack(batch.length);
      return;
    }
  }

  private submit(results: WireCheckResult[]): Promise<BatchReceipt> {
    return this.options.transport.submit({ agent_id: this.options.agentId, results });
  }

  /** Moves in-memory results to disk; if the disk fails too, keeps a bounded number in memory. */
  private async spill(): Promise<void> {
    if (this.memory.length === 0) return;
    const results = this.memory;
    this.memory = [];
    try {
      await this.buffer.append(results);
    } catch (error) {
      this.memory = results.concat(this.memory);
      const excess = this.memory.length - MAX_MEMORY_RESULTS;
      if (excess > 0) {
        this.memory.splice(0, excess);
        this.counts.lostInMemory += excess;
      }
      this.options.logger.error(
        { err: error, inMemory: this.memory.length, dropped: Math.max(0, excess) },
        'cannot write results to the probe buffer; keeping them in memory',
      );
    }
  }

  private sent(count: number, receipt: BatchReceipt): void {
    this.counts.sent += count;
    if (this.failing) {
      this.options.logger.info(
        { stored: receipt.stored, buffered: this.buffer.metrics().pending },
        'web accepts results again; sending buffered results oldest first',
      );
    }
    this.failing = false;
    this.backoffMs = 0;
    this.limit = Math.min(this.maxBatch, this.limit * 2);
  }

  private halve(size: number, error: ProbeTransportError): void {
    this.limit = Math.ceil(size / 2);
    this.options.logger.warn(
      { results: size, status: error.status, reason: error.message },
      error.failure === 'timeout'
        ? 'web did not store a batch of results in time; sending smaller batches'
        : 'web refused a batch of results; sending it in halves to find the refused ones',
    );
  }

  private rejected(error: ProbeTransportError): void {
    this.counts.rejected++;
    this.options.logger.error(
      { status: error.status, reason: error.message },
      'web refused a result; dropping it (sending it again cannot succeed)',
    );
  }

  /**
   * A batch of `size` results did not get through: wait (backing off), then send it again, at half
   * the size if web took too long to store it.
   */
  private failed(error: unknown, size: number): void {
    if (isTimeout(error) && size > 1) this.halve(size, error);
    const transportError = error instanceof ProbeTransportError ? error : undefined;
    this.backoffMs = Math.min(this.maxBackoffMs, Math.max(this.intervalMs, this.backoffMs * 2));
    const waitMs = Math.max(this.backoffMs, transportError?.retryAfterMs ?? 0);
    this.retryAtMs = this.clock.now() + Math.min(waitMs, MAX_RETRY_AFTER_MS);
    if (this.failing) return;
    this.failing = true;
    const log = transportError?.failure === 'unauthorized' ? 'error' : 'warn';
    this.options.logger[log](
      { reason: error instanceof Error ? error.message : String(error) },
      transportError?.failure === 'unauthorized'
        ? 'web refuses this probe token; buffering results on disk until it is fixed'
        : 'cannot send results to web; buffering them on disk and retrying',
    );
  }
}
