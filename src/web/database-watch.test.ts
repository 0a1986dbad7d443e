// The database watch: a database that does not answer makes pages "possibly stale" only once the
// threshold has passed, counted from its last answer; one that answers clears the mark.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, waitFor } from '../../test/cli/cli-support.js';
import { databaseBackends } from '../../test/support/databases.js';
import { openDatabase, type VigilDatabase } from '../store/database.js';
import { watchDatabase, type DatabaseWatch } from './database-watch.js';

describe('the database watch', () => {
  const closing: Array<{ close(): Promise<void> } | DatabaseWatch> = [];
  after(async () => {
    for (const item of closing) await ('stop' in item ? item.stop() : item.close());
  });

  it('marks pages stale once an unreachable database passed the threshold', async () => {
    // A port nothing listens on: every connection is refused, as with a stopped server.
    const port = await freePort();
    const database: VigilDatabase = await openDatabase({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/none`,
      dataDir: '.',
      poolSize: 1,
    });
    closing.push(database);
    let clock = 1_000_000;
    const changes: boolean[] = [];
    const watch = watchDatabase(database.db, {
      staleAfterMs: 60_000,
      intervalMs: 20,
      now: () => clock,
      onChange: (reachable) => changes.push(reachable),
    });
    closing.push(watch);
    assert.equal(watch.reachable, false);
    clock += 59_999;
    assert.equal(watch.staleSince(), undefined, 'not before the threshold');
    clock += 2;
    assert.equal(
      watch.staleSince()?.getTime(),
      1_000_000,
      'since the last answer (here: the start)',
    );
    assert.deepEqual(changes, [], 'it was never reachable, so nothing changed');
  });

  it('clears the mark while the database answers', async () => {
    const [pglite] = await databaseBackends();
    const database = await pglite!.create();
    closing.push({ close: () => database.drop() });
    let clock = 0;
    const changes: boolean[] = [];
    const watch = watchDatabase(database.db, {
      staleAfterMs: 1_000,
      intervalMs: 20,
      now: () => clock,
      onChange: (reachable) => changes.push(reachable),
    });
    closing.push(watch);
    await waitFor('an answer', () => (watch.reachable ? true : undefined));
    clock += 5_000;
    assert.equal(watch.staleSince(), undefined);
    assert.deepEqual(changes, [true]);
  });
});
