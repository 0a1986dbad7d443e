// ResultSender with a fake web that fails, refuses, is too slow and recovers: nothing lost,
// nothing stored twice, batches bounded (smaller after a timeout, growing back), oldest first,
// and the on-disk buffer carried across a restart.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fakeResult, FakeWeb, recordingLogger, tempDirs } from './probe-test-support.js';
import { ResultSender, type ResultSenderOptions } from './result-sender.js';
import { FakeClock } from './scheduler/fake-clock.js';

const dirs = tempDirs();
after(() => dirs.removeAll());

const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

async function openSender(
  web: FakeWeb,
  overrides: Partial<ResultSenderOptions> = {},
): Promise<{ sender: ResultSender; clock: FakeClock; logger: ReturnType<typeof recordingLogger> }> {
  const clock = new FakeClock();
  const logger = recordingLogger();
  const sender = await ResultSender.open({
    agentId: 'agent-1',
    transport: web,
    bufferDir: overrides.bufferDir ?? (await dirs.make()),
    logger,
    clock,
    ...overrides,
  });
  return { sender, clock, logger };
}

function addAll(sender: ResultSender, ids: string[]): void {
  for (const id of ids) sender.add(fakeResult(id));
}

/** A timer interval longer than any test: only the explicit flushes send. */
const NO_TIMER_MS = 86_400_000;

/** Flushes `count` times, each followed by the longest backoff (30 s), so each one sends. */
async function attempts(sender: ResultSender, clock: FakeClock, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await sender.flush();
    await clock.advance(30_000);
  }
}

/** Flushes past each backoff (30 s at most) until nothing is left to send, or fails. */
async function sendAll(sender: ResultSender, clock: FakeClock, maxAttempts = 100): Promise<void> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const { buffered, queued } = sender.metrics();
    if (buffered === 0 && queued === 0) return;
    await clock.advance(30_000);
    await sender.flush();
  }
  assert.fail(`still ${JSON.stringify(sender.metrics())} after ${maxAttempts} attempts`);
}

describe('ResultSender', () => {
  it('sends what was collected as one batch while web answers', async () => {
    const web = new FakeWeb();
    const { sender } = await openSender(web);
    addAll(sender, range('r', 1, 3));
    await sender.flush();
    assert.deepEqual(web.storedIds(), range('r', 1, 3));
    assert.deepEqual(web.batchSizes, [3]);
    assert.deepEqual(
      { sent: sender.metrics().sent, buffered: sender.metrics().buffered },
      { sent: 3, buffered: 0 },
    );
    await sender.stop();
  });

  it('sends on its own timer, at most one batch per interval', async () => {
    const web = new FakeWeb();
    const { sender, clock } = await openSender(web, { intervalMs: 1_000 });
    addAll(sender, ['a']);
    await clock.advance(999);
    assert.deepEqual(web.storedIds(), [], 'not before the interval');
    await waitUntil(async () => {
      await clock.advance(1);
      return web.stored.length === 1;
    });
    await sender.stop();
  });

  it('never sends more than maxBatchResults at once, and keeps the order', async () => {
    const web = new FakeWeb();
    const { sender } = await openSender(web, { maxBatchResults: 10 });
    addAll(sender, range('r', 1, 25));
    for (let i = 0; i < 3; i++) await sender.flush();
    assert.deepEqual(web.batchSizes, [10, 10, 5]);
    assert.deepEqual(web.storedIds(), range('r', 1, 25));
    assert.equal(sender.metrics().buffered, 0);
    await sender.stop();
  });

  it('buffers on disk while web is down and resends oldest first, each result once', async () => {
    const web = new FakeWeb();
    web.mode = 'down';
    const { sender, clock, logger } = await openSender(web, { maxBatchResults: 4 });
    addAll(sender, range('r', 1, 5));
    await sender.flush();
    assert.equal(sender.metrics().buffered, 5, 'a failed batch goes to disk');
    assert.equal(sender.metrics().failing, true);
    addAll(sender, range('r', 6, 7));
    await sender.flush();
    assert.equal(sender.metrics().buffered, 7, 'during backoff new results go to disk as well');
    await clock.advance(60_000);
    addAll(sender, ['r8']);
    await sender.flush();
    assert.equal(sender.metrics().buffered, 8);
    assert.deepEqual(web.stored, []);

    web.mode = 'up';
    await clock.advance(60_000);
    for (let i = 0; i < 4; i++) await sender.flush();
    assert.deepEqual(web.storedIds(), range('r', 1, 8));
    assert.ok(
      web.batchSizes.every((size) => size <= 4),
      `batches ${web.batchSizes.join(',')}`,
    );
    assert.equal(web.resent, 0, 'nothing sent again after it was acked');
    assert.deepEqual(
      { ...sender.metrics(), failing: undefined },
      { sent: 8, buffered: 0, queued: 0, dropped: 0, rejected: 0, failing: undefined },
    );
    assert.ok(logger.lines.some((line) => line.level === 'warn' && /buffering/.test(line.message)));
    await sender.stop();
  });

  it('keeps buffered and in-memory results across a restart and sends them after it', async () => {
    const web = new FakeWeb();
    web.mode = 'down';
    const bufferDir = await dirs.make();
    const first = await openSender(web, { bufferDir });
    addAll(first.sender, range('r', 1, 4));
    await first.sender.flush();
    addAll(first.sender, range('r', 5, 6));
    await first.sender.stop();

    web.mode = 'up';
    const second = await openSender(web, { bufferDir });
    assert.equal(second.sender.metrics().buffered, 6, 'the new sender finds them on disk');
    await second.sender.flush();
    assert.deepEqual(web.storedIds(), range('r', 1, 6));
    await second.sender.stop();

    const third = await openSender(web, { bufferDir });
    assert.equal(third.sender.metrics().buffered, 0, 'acked results are gone from disk');
    await third.sender.flush();
    assert.equal(web.resent, 0);
    await third.sender.stop();
  });

  it('sends what is in memory on stop when web is fine, without touching the disk', async () => {
    const web = new FakeWeb();
    const bufferDir = await dirs.make();
    const { sender } = await openSender(web, { bufferDir });
    addAll(sender, ['a', 'b']);
    await sender.stop();
    assert.deepEqual(web.storedIds(), ['a', 'b']);
    const after = await openSender(web, { bufferDir });
    assert.equal(after.sender.metrics().buffered, 0);
    await after.sender.stop();
  });

  it('drops only the result web refuses and still delivers the rest of its batch', async () => {
    const web = new FakeWeb();
    web.refusedIds.add('r3');
    const { sender, logger } = await openSender(web, { intervalMs: 3_600_000 });
    addAll(sender, range('r', 1, 6));
    for (let i = 0; i < 4; i++) await sender.flush();
    assert.deepEqual(web.storedIds(), ['r1', 'r2', 'r4', 'r5', 'r6']);
    assert.deepEqual(
      { rejected: sender.metrics().rejected, dropped: sender.metrics().dropped },
      { rejected: 1, dropped: 1 },
    );
    assert.equal(sender.metrics().buffered, 0, 'a refused result is not kept for resending');
    const line = logger.lines.find((l) => l.level === 'error');
    assert.match(JSON.stringify(line?.fields), /results\[0\]: refused/, 'the reason is logged');
    assert.equal(web.resent, 0);
    await sender.stop();
  });

  it('drops a refused result from the disk too, so it does not block the ones behind it', async () => {
    const web = new FakeWeb();
    web.mode = 'down';
    // Only the explicit flushes below send: the timer's interval is longer than the test.
    const { sender, clock } = await openSender(web, { maxBatchResults: 2, intervalMs: 3_600_000 });
    addAll(sender, range('r', 1, 4));
    await sender.flush();
    web.mode = 'up';
    web.refusedIds.add('r1');
    await clock.advance(60_000);
    for (let i = 0; i < 3; i++) await sender.flush();
    assert.deepEqual(web.storedIds(), ['r2', 'r3', 'r4']);
    assert.equal(sender.metrics().rejected, 1);
    assert.equal(sender.metrics().buffered, 0);
    await sender.stop();
  });

  it('sends a batch web is too slow to store again in halves until it passes, oldest first', async () => {
    const web = new FakeWeb();
    web.slowAbove = 2;
    const { sender, clock, logger } = await openSender(web, {
      maxBatchResults: 8,
      intervalMs: NO_TIMER_MS,
    });
    addAll(sender, range('r', 1, 8));
    await sender.flush();
    assert.deepEqual(web.attempts, [8]);
    assert.deepEqual(
      { buffered: sender.metrics().buffered, failing: sender.metrics().failing },
      { buffered: 8, failing: true },
      'a timed-out batch is kept on disk',
    );
    addAll(sender, range('r', 9, 20));
    await sender.flush();
    assert.deepEqual(web.attempts, [8], 'no new attempt before the backoff is over');
    assert.equal(sender.metrics().buffered, 20, 'new results wait behind it on disk');

    await sendAll(sender, clock);
    assert.deepEqual(web.attempts.slice(0, 3), [8, 4, 2], 'halved after each timeout');
    assert.deepEqual(web.storedIds(), range('r', 1, 20));
    assert.ok(
      web.batchSizes.every((size) => size <= 2),
      `batches ${web.batchSizes.join(',')}`,
    );
    assert.equal(web.resent, 0);
    assert.deepEqual(
      { ...sender.metrics(), failing: undefined },
      { sent: 20, buffered: 0, queued: 0, dropped: 0, rejected: 0, failing: undefined },
    );
    assert.ok(
      logger.lines.some((line) => line.level === 'warn' && /in time/.test(line.message)),
      'the timeout is logged',
    );
    await sender.stop();
  });

  it('grows the batch back to the maximum once web keeps up again', async () => {
    const web = new FakeWeb();
    web.slowAbove = 1;
    const { sender, clock } = await openSender(web, {
      maxBatchResults: 8,
      intervalMs: NO_TIMER_MS,
    });
    addAll(sender, range('r', 1, 8));
    await attempts(sender, clock, 3);
    assert.deepEqual(web.attempts, [8, 4, 2]);
    web.slowAbove = undefined;
    await sendAll(sender, clock);
    addAll(sender, range('r', 9, 40));
    await sendAll(sender, clock);
    // 1 (limit 2), 2 (4), 4 (8): r1..r7; then r8 and the next 32 at 8 a batch.
    assert.deepEqual(web.batchSizes, [1, 2, 4, 1, 8, 8, 8, 8]);
    assert.deepEqual(web.storedIds(), range('r', 1, 40));
    await sender.stop();
  });

  it('sends a timed-out batch that web stored after all again harmlessly', async () => {
    const web = new FakeWeb();
    web.slowAbove = 2;
    web.storesSlow = true;
    const { sender, clock } = await openSender(web, {
      maxBatchResults: 4,
      intervalMs: NO_TIMER_MS,
    });
    addAll(sender, range('r', 1, 4));
    await sender.flush();
    assert.deepEqual(web.storedIds(), range('r', 1, 4), 'stored, but the answer came too late');
    assert.equal(sender.metrics().buffered, 4, 'so the probe still holds them');
    await sendAll(sender, clock);
    assert.deepEqual(web.storedIds(), range('r', 1, 4), 'each result stored once');
    assert.equal(web.resent, 4);
    assert.deepEqual(
      { sent: sender.metrics().sent, dropped: sender.metrics().dropped },
      { sent: 4, dropped: 0 },
    );
    await sender.stop();
  });

  it('keeps resending a single result that times out, without dropping it', async () => {
    const web = new FakeWeb();
    web.slowAbove = 0;
    const { sender, clock } = await openSender(web, { intervalMs: NO_TIMER_MS });
    addAll(sender, ['only']);
    await attempts(sender, clock, 3);
    assert.deepEqual(web.attempts, [1, 1, 1]);
    assert.deepEqual(
      { buffered: sender.metrics().buffered, dropped: sender.metrics().dropped },
      { buffered: 1, dropped: 0 },
    );
    web.slowAbove = undefined;
    await sendAll(sender, clock);
    assert.deepEqual(web.storedIds(), ['only']);
    await sender.stop();
  });

  it('keeps the batch size while web is unreachable: only a timeout shrinks it', async () => {
    const web = new FakeWeb();
    web.mode = 'down';
    const { sender, clock } = await openSender(web, {
      maxBatchResults: 4,
      intervalMs: NO_TIMER_MS,
    });
    addAll(sender, range('r', 1, 10));
    await attempts(sender, clock, 5);
    web.mode = 'up';
    await sendAll(sender, clock);
    assert.deepEqual(web.attempts, [4, 4, 4, 4, 4, 4, 4, 2]);
    assert.deepEqual(web.storedIds(), range('r', 1, 10));
    await sender.stop();
  });

  it('drops every result of a batch web refuses each of, then goes on', async () => {
    const web = new FakeWeb();
    web.mode = 'rejecting';
    const { sender } = await openSender(web, { intervalMs: 3_600_000 });
    addAll(sender, ['bad1', 'bad2']);
    await sender.flush();
    await sender.flush();
    assert.equal(sender.metrics().rejected, 2);
    assert.equal(sender.metrics().buffered, 0);
    web.mode = 'up';
    addAll(sender, ['good']);
    await sender.flush();
    assert.deepEqual(web.storedIds(), ['good']);
    await sender.stop();
  });
});

/** Polls a condition with a deadline (the fake clock makes each step deterministic). */
async function waitUntil(condition: () => Promise<boolean>, deadlineMs = 5_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
  }
}
