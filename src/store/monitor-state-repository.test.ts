// Monitor state, transitions and outbox rows on both backends: optimistic concurrency on the
// state's version, transitions stored once under a stable id, paged listing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { initialMonitorState, type Transition } from '../domain/monitoring/index.js';
import { MonitorRepository } from './monitor-repository.js';
import { MonitorStateRepository, transitionId } from './monitor-state-repository.js';
import { newId } from './ids.js';

const settings = {
  intervalMs: 10_000,
  timeoutMs: 5_000,
  regions: ['a'],
  failureThreshold: 1,
  successThreshold: 1,
  quorum: 1,
  degradedLatencyMs: null,
  paused: false,
};

function transition(from: Transition['from'], to: Transition['to'], at: string): Transition {
  return {
    from,
    to,
    at,
    reason: {
      summary: `${from} to ${to}`,
      quorum: 1,
      failingRegions: [],
      okRegions: ['a'],
      silentRegions: [],
      slowRegions: [],
      triggeredBy: null,
      evidence: [],
    },
  };
}

for (const backend of await databaseBackends()) {
  describe(`monitor states on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let states: MonitorStateRepository;
    let monitorId: string;

    before(async () => {
      database = await backend.create();
      states = new MonitorStateRepository(database.db);
      monitorId = newId();
      await new MonitorRepository(database.db).insert({
        id: monitorId,
        name: 'm',
        type: 'tcp',
        spec: {},
        settings,
        conditions: [],
      });
    });
    after(() => database.drop());

    it('saves a state only over the version it was read at', async () => {
      const state = initialMonitorState(settings, new Date('2026-01-01T00:00:00Z'));
      assert.equal(await states.load(monitorId), undefined);
      assert.equal(await states.save(monitorId, state, null), true);
      assert.equal(await states.save(monitorId, state, null), false, 'a second first save loses');
      const loaded = await states.load(monitorId);
      assert.deepEqual(loaded?.state, state);
      assert.equal(loaded?.version, 0);
      const up = { ...state, status: 'up' as const };
      assert.equal(await states.save(monitorId, up, 0), true);
      assert.equal(await states.save(monitorId, up, 0), false, 'a stale version loses');
      const reloaded = await states.load(monitorId, { forUpdate: true });
      assert.equal(reloaded?.version, 1);
      assert.equal(reloaded?.status, 'up');
      assert.deepEqual(
        (await states.loadMany([monitorId, 'missing'])).map((s) => s.monitorId),
        [monitorId],
      );
    });

    it('stores a transition once and lists them newest first, by page', async () => {
      const times = [
        '2026-01-01T00:00:10.000Z',
        '2026-01-01T00:00:20.000Z',
        '2026-01-01T00:00:30.000Z',
      ];
      const made = [
        transition('pending', 'up', times[0]!),
        transition('up', 'down', times[1]!),
        transition('down', 'up', times[2]!),
      ];
      for (const t of made)
        assert.equal(await states.insertTransition(monitorId, t), transitionId(monitorId, t));
      assert.equal(await states.insertTransition(monitorId, made[1]!), null);
      const first = await states.listTransitions(monitorId, { limit: 2 });
      assert.deepEqual(
        first.map((t) => t.to),
        ['up', 'down'],
      );
      assert.equal(first[0]?.reason.summary, 'down to up');
      const next = await states.listTransitions(monitorId, { limit: 2, before: first[1]!.at });
      assert.deepEqual(
        next.map((t) => `${t.from}>${t.to}`),
        ['pending>up'],
      );
    });

    it('writes outbox rows with their payload', async () => {
      await states.insertOutbox({
        kind: 'monitor.down',
        payload: { event_id: 'e1', monitor_id: monitorId },
      });
      const rows = await states.listOutbox('monitor.');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.kind, 'monitor.down');
      assert.deepEqual(rows[0]?.payload, { event_id: 'e1', monitor_id: monitorId });
    });
  });
}
