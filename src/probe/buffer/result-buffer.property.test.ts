// Property: acked results are exactly the appended ones, in order, minus counted oldest-first drops.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ResultBuffer } from './result-buffer.js';

interface Item {
  id: string;
  pad: string;
}

const operation = fc.oneof(
  fc.record({
    kind: fc.constant('append' as const),
    count: fc.integer({ min: 1, max: 6 }),
    pad: fc.nat(60),
  }),
  fc.record({ kind: fc.constant('send' as const), peek: fc.nat(10), ack: fc.nat(10) }),
  fc.record({ kind: fc.constant('restart' as const) }),
);

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('ResultBuffer properties', () => {
  it('acks the appended sequence in order, losing only counted oldest results', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 30 }), async (operations) => {
        const directory = await mkdtemp(join(tmpdir(), 'vigil-buffer-prop-'));
        dirs.push(directory);
        const options = { directory, maxBytes: 1_500, segmentBytes: 300 };
        let buffer = await ResultBuffer.open<Item>(options);
        const model: string[] = []; // pending ids, oldest first
        const appended: string[] = [];
        const acked: string[] = [];
        let droppedTotal = 0;
        let droppedSeen = 0; // the drop counter restarts with each process
        let next = 0;
        for (const op of operations) {
          if (op.kind === 'append') {
            const batch = Array.from({ length: op.count }, () => ({
              id: `r${next++}`,
              pad: 'p'.repeat(op.pad),
            }));
            await buffer.append(batch);
            appended.push(...batch.map((item) => item.id));
            model.push(...batch.map((item) => item.id));
            const dropped = buffer.metrics().dropped - droppedSeen;
            droppedSeen += dropped;
            droppedTotal += dropped;
            model.splice(0, dropped);
          } else if (op.kind === 'send') {
            const peeked = (await buffer.peek(op.peek)).map((item) => item.id);
            assert.deepEqual(peeked, model.slice(0, op.peek));
            const count = Math.min(op.ack, peeked.length);
            await buffer.ack(count);
            acked.push(...model.splice(0, count));
          } else {
            await buffer.close();
            buffer = await ResultBuffer.open<Item>(options);
            droppedSeen = 0;
          }
          assert.equal(buffer.metrics().pending, model.length);
        }
        const rest = await buffer.peek(Number.MAX_SAFE_INTEGER);
        assert.deepEqual(
          rest.map((item) => item.id),
          model,
        );
        await buffer.ack(rest.length);
        acked.push(...model.splice(0));
        assert.equal(buffer.metrics().pending, 0);
        await buffer.close();
        // Acked is the appended sequence with dropped results removed; all drops were counted.
        assert.equal(acked.length + droppedTotal, appended.length);
        let cursor = 0;
        for (const id of acked) {
          const at = appended.indexOf(id, cursor);
          assert.ok(at >= cursor, `${id} out of order`);
          cursor = at + 1;
        }
      }),
      { numRuns: 40 },
    );
  });
});
