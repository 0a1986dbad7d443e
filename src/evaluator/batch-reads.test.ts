// Reading unseen results of a batch of monitors a page at a time (both backends), locking a
// batch, and when a monitor may turn stale.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import {
  evaluateMonitor,
  initialMonitorState,
  type MonitorState,
} from '../domain/monitoring/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { INTERVAL_MS, SETTINGS, T0, monitoredComponent, report } from './evaluator-test-support.js';
import { lockMonitors, pendingResultsOf, type LockedMonitor } from './batch-reads.js';
import { staleCheckAt } from './stale-check.js';

const context = { underMaintenance: false };

function locked(id: string, state: MonitorState | null): LockedMonitor {
  return {
    id,
    name: id,
    settings: SETTINGS,
    stored: state ? { state, version: 0 } : null,
    componentIds: [],
  };
}

async function pendingResults(
  db: Kysely<Database>,
  monitorId: string,
  state: MonitorState | null,
  limit: number,
) {
  return (await pendingResultsOf(db, [locked(monitorId, state)], limit)).get(monitorId)!;
}

for (const backend of await databaseBackends()) {
  describe(`pending results on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await backend.create();
    });
    after(() => database.drop());

    it('continues each region after its last applied result, a page at a time', async () => {
      const { db } = database;
      const { monitorId } = await monitoredComponent(db);
      for (let i = 0; i < 3; i++) await report(db, monitorId, i * 1000, { a: i !== 1, b: true });
      await report(db, monitorId, 0, { x: false }); // not a configured region

      const first = await pendingResults(db, monitorId, null, 4);
      assert.equal(first.more, true);
      assert.deepEqual(
        first.results.map((r) => `${r.region}@${r.checkedAt.getTime() - T0.getTime()}`),
        ['a@0', 'b@0', 'a@1000', 'b@1000'],
      );
      const failed = first.results[2]!;
      assert.equal(failed.passed, false);
      assert.equal(failed.error, 'refused: connection refused');
      assert.deepEqual(failed.failedConditions, ['status == 200 failed: {"status":null}']);

      const state = evaluateMonitor(null, first.results, SETTINGS, T0, context).state;
      const rest = await pendingResults(db, monitorId, state, 4);
      assert.equal(rest.more, false);
      assert.deepEqual(
        rest.results.map((r) => `${r.region}@${r.checkedAt.getTime() - T0.getTime()}`),
        ['a@2000', 'b@2000'],
      );
    });

    it('reads a page per monitor for a whole batch in one statement', async () => {
      const { db } = database;
      const one = await monitoredComponent(db);
      const two = await monitoredComponent(db);
      for (let i = 0; i < 3; i++) {
        await report(db, one.monitorId, i * 1000, { a: true });
        await report(db, two.monitorId, i * 1000, { b: false, c: true });
      }
      const pages = await pendingResultsOf(
        db,
        [locked(one.monitorId, null), locked(two.monitorId, null)],
        4,
      );
      const regionsOf = (id: string) =>
        pages
          .get(id)!
          .results.map((r) => r.region)
          .join();
      assert.equal(regionsOf(one.monitorId), 'a,a,a');
      assert.equal(pages.get(one.monitorId)!.more, false);
      assert.equal(regionsOf(two.monitorId), 'b,c,b,c', 'oldest first, at most the limit');
      assert.equal(pages.get(two.monitorId)!.more, true);
    });

    it('locks the monitors of a batch, and tells missing ones from held ones', async () => {
      const { db } = database;
      const { monitorId } = await monitoredComponent(db);
      const batch = await db
        .transaction()
        .execute((trx) => lockMonitors(trx, [monitorId, 'no-such-monitor'], true));
      assert.deepEqual(
        batch.monitors.map((m) => m.id),
        [monitorId],
      );
      assert.deepEqual(batch.missing, ['no-such-monitor']);
      assert.deepEqual(batch.locked, []);
      assert.equal(batch.monitors[0]!.componentIds.length, 1);
    });
  });
}

describe('staleCheckAt', () => {
  it("is when the first region's latest result leaves the window", () => {
    const results = [
      { id: '1', region: 'a', checkedAt: T0, passed: true },
      { id: '2', region: 'b', checkedAt: new Date(T0.getTime() + 5000), passed: true },
    ];
    const { state } = evaluateMonitor(null, results, SETTINGS, T0, context);
    assert.equal(staleCheckAt(state, SETTINGS)?.getTime(), T0.getTime() + 3 * INTERVAL_MS);
    assert.equal(staleCheckAt(state, { ...SETTINGS, paused: true }), null);
  });

  it('is three intervals after observing began for a monitor with no results', () => {
    const state = initialMonitorState(SETTINGS, T0);
    assert.equal(staleCheckAt(state, SETTINGS)?.getTime(), T0.getTime() + 3 * INTERVAL_MS);
    const stale = evaluateMonitor(
      state,
      [],
      SETTINGS,
      new Date(T0.getTime() + 3 * INTERVAL_MS),
      context,
    );
    assert.equal(stale.state.status, 'stale');
    assert.equal(staleCheckAt(stale.state, SETTINGS), null);
  });
});
