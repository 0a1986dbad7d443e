// ResultBuffer: bounded, crash-safe on-disk queue of check results kept while `web` is unreachable.
//
// Durability: each append is one write of whole JSON lines followed by fdatasync, so a batch the
// probe was told is buffered survives a crash or power loss; a crash mid-write leaves at most a
// torn last line, discarded on reopen. Batches arrive at most once a second, so one flush per
// batch is cheap. Acks are not flushed (see writeAckOffset): losing one means a resend, and
// results carry probe-made ids, so the server stores a resent result once.
//
// Bound: when the next batch would push the buffer past maxBytes, whole OLDEST segments are
// deleted and their results counted as dropped. Oldest, because after a long outage the recent
// results are what the evaluator needs to get current status right, old ones only fill in
// history; and deleting a whole file is cheap where trimming the middle of one is not.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import {
  listSegments,
  readAckOffset,
  readSegmentLines,
  recoverSegment,
  removeSegment,
  segmentPath,
  writeAckOffset,
} from './segment-files.js';

export interface ResultBufferOptions {
  directory: string;
  /** Upper bound on disk use (default 100 MB); a single batch larger than this is still kept. */
  maxBytes?: number;
  /** Target segment size; the drop granularity (default: maxBytes / 8, at most 1 MiB). */
  segmentBytes?: number;
}

export interface ResultBufferMetrics {
  pending: number;
  bytes: number;
  segments: number;
  appended: number;
  acked: number;
  /** Results deleted unsent because the buffer was full. */
  dropped: number;
  /** Torn or corrupt lines thrown away when the buffer was reopened. */
  discardedOnOpen: number;
}

interface Segment {
  seq: number;
  count: number;
  bytes: number;
}

export class ResultBuffer<T extends { id: string }> {
  private readonly segments: Segment[] = [];
  private ackedLines = 0;
  private nextSeq = 1;
  private tail: { seq: number; handle: FileHandle } | undefined;
  // Absolute position of the first pending result; lets ack() ignore results dropped after peek().
  private headPosition = 0;
  private peekPosition = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private counts = { appended: 0, acked: 0, dropped: 0, discardedOnOpen: 0 };

  private constructor(
    private readonly directory: string,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
  ) {}

  static async open<T extends { id: string }>(
    options: ResultBufferOptions,
  ): Promise<ResultBuffer<T>> {
    const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
    const segmentBytes = options.segmentBytes ?? Math.min(1024 * 1024, Math.floor(maxBytes / 8));
    if (!(maxBytes > 0) || !(segmentBytes > 0) || segmentBytes > maxBytes / 2) {
      throw new RangeError('need 0 < segmentBytes <= maxBytes / 2');
    }
    const buffer = new ResultBuffer<T>(options.directory, maxBytes, segmentBytes);
    await buffer.recover();
    return buffer;
  }

  /** Durably adds a batch (one write + fdatasync); may drop the oldest segments to stay bounded. */
  append(results: readonly T[]): Promise<void> {
    return this.serial(async () => {
      if (results.length === 0) return;
      const data = Buffer.from(results.map((result) => `${JSON.stringify(result)}\n`).join(''));
      let last = this.segments.at(-1);
      if (this.tail && last && last.bytes > 0 && last.bytes + data.length > this.segmentBytes) {
        await this.closeTail();
      }
      if (!this.tail || !last || last.seq !== this.tail.seq) {
        last = { seq: this.nextSeq++, count: 0, bytes: 0 };
        const handle = await open(segmentPath(this.directory, last.seq), 'a');
        this.segments.push(last);
        this.tail = { seq: last.seq, handle };
      }
      while (this.segments.length > 1 && this.totalBytes() + data.length > this.maxBytes) {
        await this.dropOldest();
      }
      try {
        await this.tail.handle.appendFile(data);
        await this.tail.handle.datasync();
      } catch (error) {
        // The file may now end in a partial line; later batches go to a fresh segment.
        await this.closeTail();
        throw error;
      }
      last.count += results.length;
      last.bytes += data.length;
      this.counts.appended += results.length;
    });
  }

  /** Up to maxCount oldest pending results; ack(n) then removes the first n of them. */
  peek(maxCount: number): Promise<T[]> {
    return this.serial(async () => {
      this.peekPosition = this.headPosition;
      const items: T[] = [];
      for (const [index, segment] of this.segments.entries()) {
        if (items.length >= maxCount) break;
        const skip = index === 0 ? this.ackedLines : 0;
        const lines = (await readSegmentLines(this.directory, segment.seq)).slice(
          skip,
          segment.count,
        );
        for (const line of lines) {
          if (items.length >= maxCount) break;
          items.push(JSON.parse(line) as T);
        }
      }
      return items;
    });
  }

  /**
   * Removes the first `count` results of the last peek(). Results dropped for space since then
   * count towards it, so a batch sent during an overflow never acks newer, unsent results.
   */
  ack(count: number): Promise<void> {
    return this.serial(async () => {
      let remaining = Math.min(
        this.pending(),
        Math.max(0, this.peekPosition + Math.floor(count) - this.headPosition),
      );
      if (remaining === 0) return;
      this.headPosition += remaining;
      this.counts.acked += remaining;
      const finished: number[] = [];
      while (remaining > 0) {
        const head = this.segments[0] as Segment;
        const left = head.count - this.ackedLines;
        if (remaining < left) {
          this.ackedLines += remaining;
          break;
        }
        remaining -= left;
        finished.push(head.seq);
        this.segments.shift();
        this.ackedLines = 0;
        if (this.tail?.seq === head.seq) await this.closeTail();
      }
      // Offset first, then deletions: a crash in between leaves files that reopen deletes.
      await writeAckOffset(this.directory, this.ackOffset());
      for (const seq of finished) await removeSegment(this.directory, seq);
    });
  }

  metrics(): ResultBufferMetrics {
    return {
      pending: this.pending(),
      bytes: this.totalBytes(),
      segments: this.segments.length,
      ...this.counts,
    };
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      await this.closeTail();
    });
  }

  // One operation at a time: appends, peeks and acks all move the same head and tail.
  private serial<R>(operation: () => Promise<R>): Promise<R> {
    const run = this.chain.then(() => {
      if (this.closed) throw new Error('result buffer is closed');
      return operation();
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async recover(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const offset = await readAckOffset(this.directory);
    const found = await listSegments(this.directory);
    for (const seq of found) {
      if (seq < offset.segment) {
        await removeSegment(this.directory, seq);
        continue;
      }
      const acked = seq === offset.segment ? offset.lines : 0;
      const segment = await recoverSegment(this.directory, seq, acked);
      this.counts.discardedOnOpen += segment.discarded;
      if (this.segments.length === 0) {
        this.ackedLines = Math.min(segment.count, Math.max(0, acked - segment.discardedBeforeAck));
      }
      if (
        segment.count === 0 ||
        (this.segments.length === 0 && this.ackedLines === segment.count)
      ) {
        this.ackedLines = 0;
        await removeSegment(this.directory, seq);
        continue;
      }
      this.segments.push({ seq, count: segment.count, bytes: segment.bytes });
    }
    this.nextSeq = Math.max(offset.segment, (found.at(-1) ?? 0) + 1);
    // Appends after a restart start a fresh segment, so a recovered file is never written again.
    await writeAckOffset(this.directory, this.ackOffset());
  }

  private async dropOldest(): Promise<void> {
    const head = this.segments.shift() as Segment;
    this.counts.dropped += head.count - this.ackedLines;
    this.headPosition += head.count - this.ackedLines;
    this.ackedLines = 0;
    await writeAckOffset(this.directory, this.ackOffset());
    await removeSegment(this.directory, head.seq);
  }

  private ackOffset(): { segment: number; lines: number } {
    return { segment: this.segments[0]?.seq ?? this.nextSeq, lines: this.ackedLines };
  }

  private pending(): number {
    return this.segments.reduce((sum, segment) => sum + segment.count, 0) - this.ackedLines;
  }

  private totalBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.bytes, 0);
  }

  private async closeTail(): Promise<void> {
    const tail = this.tail;
    this.tail = undefined;
    await tail?.handle.close();
  }
}
