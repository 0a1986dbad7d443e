// ResultBuffer on a real temp directory: order, restart, torn writes, size bound, concurrency.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultBuffer } from './result-buffer.js';
import { listSegments, segmentPath } from './segment-files.js';

interface Item {
  id: string;
  pad?: string;
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-buffer-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const items = (from: number, to: number, pad = ''): Item[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ id: `r${from + i}`, pad }));
const ids = (list: Item[]): string[] => list.map((item) => item.id);

describe('ResultBuffer', () => {
  it('peeks oldest first and acks in order, deleting finished segments', async () => {
    const dir = await tempDir();
    const buffer = await ResultBuffer.open<Item>({
      directory: dir,
      maxBytes: 10_000,
      segmentBytes: 60,
    });
    await buffer.append(items(1, 5));
    await buffer.append(items(6, 8));
    assert.deepEqual(ids(await buffer.peek(3)), ['r1', 'r2', 'r3']);
    await buffer.ack(3);
    assert.deepEqual(ids(await buffer.peek(10)), ['r4', 'r5', 'r6', 'r7', 'r8']);
    assert.equal(buffer.metrics().pending, 5);
    await buffer.ack(5);
    assert.deepEqual(await buffer.peek(10), []);
    assert.deepEqual(buffer.metrics(), {
      pending: 0,
      bytes: 0,
      segments: 0,
      appended: 8,
      acked: 8,
      dropped: 0,
      discardedOnOpen: 0,
    });
    await buffer.close();
    assert.deepEqual(await readdir(dir), ['ack.json']);
  });

  it('survives a restart with what was left, and appends after it', async () => {
    const dir = await tempDir();
    const first = await ResultBuffer.open<Item>({ directory: dir, segmentBytes: 50 });
    await first.append(items(1, 4));
    await first.append(items(5, 6));
    await first.peek(3);
    await first.ack(3);
    await first.close();
    const second = await ResultBuffer.open<Item>({ directory: dir, segmentBytes: 50 });
    assert.equal(second.metrics().pending, 3);
    await second.append(items(7, 7));
    assert.deepEqual(ids(await second.peek(10)), ['r4', 'r5', 'r6', 'r7']);
    await second.close();
  });

  it('discards a torn last line left by a crash', async () => {
    const dir = await tempDir();
    const first = await ResultBuffer.open<Item>({ directory: dir });
    await first.append(items(1, 3));
    await first.close();
    const [seq] = await listSegments(dir);
    await appendFile(segmentPath(dir, seq as number), '{"id":"r4","pa');
    const second = await ResultBuffer.open<Item>({ directory: dir });
    assert.equal(second.metrics().discardedOnOpen, 1);
    await second.append(items(5, 5));
    assert.deepEqual(ids(await second.peek(10)), ['r1', 'r2', 'r3', 'r5']);
    await second.close();
    const third = await ResultBuffer.open<Item>({ directory: dir });
    assert.equal(third.metrics().discardedOnOpen, 0, 'the repaired file stays clean');
    assert.equal(third.metrics().pending, 4);
    await third.close();
  });

  it('stays within its byte bound by dropping the oldest results, and counts them', async () => {
    const dir = await tempDir();
    const buffer = await ResultBuffer.open<Item>({
      directory: dir,
      maxBytes: 2_000,
      segmentBytes: 400,
    });
    for (let batch = 0; batch < 30; batch++) {
      await buffer.append(items(batch * 4 + 1, batch * 4 + 4, 'x'.repeat(20)));
      assert.ok(buffer.metrics().bytes <= 2_000, `bytes ${buffer.metrics().bytes}`);
    }
    const { pending, dropped, appended } = buffer.metrics();
    assert.equal(appended, 120);
    assert.ok(dropped > 0);
    assert.equal(pending + dropped, 120);
    const left = await buffer.peek(1_000);
    assert.deepEqual(ids(left), ids(items(dropped + 1, 120)), 'only the newest are kept');
    await buffer.close();
  });

  it('does not ack newer results when the peeked ones were dropped meanwhile', async () => {
    const dir = await tempDir();
    const buffer = await ResultBuffer.open<Item>({
      directory: dir,
      maxBytes: 1_000,
      segmentBytes: 200,
    });
    await buffer.append(items(1, 4, 'y'.repeat(10)));
    const sent = await buffer.peek(4);
    assert.equal(sent.length, 4);
    for (let i = 0; i < 10; i++)
      await buffer.append(items(100 + i * 4, 103 + i * 4, 'y'.repeat(10)));
    assert.ok(buffer.metrics().dropped >= 4, 'the peeked segment was dropped');
    const pendingBefore = buffer.metrics().pending;
    await buffer.ack(sent.length);
    assert.equal(buffer.metrics().pending, pendingBefore, 'no unsent result was acked');
    assert.equal(buffer.metrics().acked, 0);
    const kept = ids(await buffer.peek(1_000));
    assert.equal(kept.at(-1), 'r139');
    assert.ok(!kept.some((id) => ['r1', 'r2', 'r3', 'r4'].includes(id)));
    await buffer.close();
  });

  it('serialises concurrent appends, peeks and acks', async () => {
    const dir = await tempDir();
    const buffer = await ResultBuffer.open<Item>({ directory: dir, segmentBytes: 300 });
    const acked: string[] = [];
    let appending = true;
    // The sender drains while batches keep arriving; neither waits for the other.
    const sender = (async () => {
      while (appending || buffer.metrics().pending > 0) {
        const batch = await buffer.peek(7);
        acked.push(...ids(batch));
        await buffer.ack(batch.length);
      }
    })();
    const appends: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) appends.push(buffer.append(items(i * 3 + 1, i * 3 + 3)));
    await Promise.all(appends);
    appending = false;
    await sender;
    assert.deepEqual(acked, ids(items(1, 120)));
    await buffer.close();
  });
});
