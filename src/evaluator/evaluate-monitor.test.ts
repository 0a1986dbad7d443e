// evaluateOne on both backends: quorum, exactly-once transitions and outbox rows, component
// statuses (and their manual override), automatic incidents, staleness by the clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { IncidentService } from '../services/incident-service.js';
import { MonitorStateRepository } from '../store/monitor-state-repository.js';
import type { EvaluatorState } from './component-effects.js';
import { evaluateBatch, evaluateOne } from './evaluate-monitor.js';
import { MonitorRepository } from '../store/monitor-repository.js';
import { newId } from '../store/ids.js';
import {
  INTERVAL_MS,
  SETTINGS,
  T0,
  componentStatus,
  monitoredComponent,
  outboxOf,
  report,
} from './evaluator-test-support.js';

const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

for (const backend of await databaseBackends()) {
  describe(`evaluateOne on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await backend.create();
    });
    after(() => database.drop());

    it('is down only when the quorum of regions fails, and the component follows', async () => {
      const { db } = database;
      const { componentId, monitorId } = await monitoredComponent(db);
      const step = async (offsetMs: number, outcomes: Record<string, boolean>) => {
        await report(db, monitorId, offsetMs, outcomes);
        return evaluateOne(db, monitorId, at(offsetMs));
      };
      assert.equal((await step(0, { a: false, b: true, c: true })).status, 'up');
      assert.equal((await step(10_000, { a: false, b: true, c: true })).status, 'degraded');
      assert.equal(await componentStatus(db, componentId), 'partial_outage');
      // b has failed once (F = 2): one failing region is still below the quorum of 2.
      assert.equal((await step(20_000, { a: false, b: false, c: true })).status, 'degraded');
      const down = await step(30_000, { a: false, b: false, c: true });
      assert.equal(down.status, 'down');
      assert.deepEqual(down.transitions[0]?.reason.failingRegions, ['a', 'b']);
      assert.equal(await componentStatus(db, componentId), 'major_outage');
      assert.equal((await step(40_000, { a: true })).status, 'degraded');
      assert.equal(await componentStatus(db, componentId), 'partial_outage');
      assert.equal((await step(41_000, { b: true, c: true })).status, 'up');
      assert.equal(await componentStatus(db, componentId), 'operational');

      const transitions = await new MonitorStateRepository(db).listTransitions(monitorId);
      assert.deepEqual(
        transitions.map((t) => `${t.from}>${t.to}`),
        ['degraded>up', 'down>degraded', 'degraded>down', 'up>degraded', 'pending>up'],
      );
      const outbox = await outboxOf(db, monitorId);
      assert.deepEqual(
        outbox.map((row) => row.kind),
        ['monitor.up', 'monitor.degraded', 'monitor.down', 'monitor.degraded', 'monitor.recovered'],
      );
      assert.equal(outbox[2]?.payload.event_id, transitions[2]?.id);
      assert.equal(outbox[2]?.payload.from, 'degraded');
      assert.equal(outbox[2]?.payload.occurred_at, at(30_000).toISOString());
      const paged = await new MonitorStateRepository(db).listTransitions(monitorId, {
        limit: 2,
        before: transitions[1]!.at,
      });
      assert.deepEqual(
        paged.map((t) => t.id),
        [transitions[2]!.id, transitions[3]!.id],
      );
      assert.equal((await new MonitorStateRepository(db).load(monitorId))?.status, 'up');
    });

    it('moves a degraded component from slow to partial outage when a region starts failing', async () => {
      const { db } = database;
      // Fixture checks take 40 ms: every passing check is over this limit.
      const { componentId, monitorId } = await monitoredComponent(db, {
        settings: { degradedLatencyMs: 30 },
      });
      const step = async (offsetMs: number, outcomes: Record<string, boolean>) => {
        await report(db, monitorId, offsetMs, outcomes);
        return evaluateOne(db, monitorId, at(offsetMs));
      };
      assert.equal((await step(0, { a: true, b: true, c: true })).status, 'degraded');
      assert.equal(await componentStatus(db, componentId), 'degraded_performance');
      await step(10_000, { a: false, b: true, c: true });
      assert.equal((await step(20_000, { a: false, b: true, c: true })).status, 'degraded');
      assert.equal(await componentStatus(db, componentId), 'partial_outage');
    });

    it('evaluates a batch of monitors of one component together, the worst one winning', async () => {
      const { db } = database;
      const { componentId, monitorId: first } = await monitoredComponent(db);
      const monitors = new MonitorRepository(db);
      const second = (
        await monitors.insert({
          id: newId(),
          name: `second-${newId(6)}`,
          type: 'http',
          spec: { url: 'http://127.0.0.1:9/' },
          settings: SETTINGS,
          conditions: [],
        })
      ).id;
      await monitors.setComponents(second, [componentId]);
      for (const offset of [0, 10_000]) {
        await report(db, first, offset, { a: false, b: false, c: true });
        await report(db, second, offset, { a: true, b: true, c: true });
      }
      const outcomes = await evaluateBatch(db, [second, first, 'no-such-monitor'], at(10_000));
      assert.equal(outcomes.get(first)?.status, 'down');
      assert.equal(outcomes.get(second)?.status, 'up');
      assert.equal(outcomes.get('no-such-monitor')?.skipped, 'missing');
      assert.equal(await componentStatus(db, componentId), 'major_outage');

      await report(db, first, 20_000, { a: true, b: true, c: true });
      await report(db, second, 20_000, { a: true, b: true, c: true });
      const again = await evaluateBatch(db, [first, second], at(20_000));
      assert.equal(again.get(first)?.status, 'up');
      assert.equal(await componentStatus(db, componentId), 'operational');
      assert.equal(
        (await evaluateBatch(db, [first, second], at(20_000))).get(first)?.transitions.length,
        0,
      );
      const kinds = (await outboxOf(db, first)).map((row) => row.kind);
      assert.equal(kinds.filter((kind) => kind === 'monitor.down').length, 1, kinds.join());
      assert.equal(kinds.filter((kind) => kind === 'monitor.recovered').length, 1, kinds.join());
      assert.equal(
        kinds.length,
        (await new MonitorStateRepository(db).listTransitions(first)).length,
        'one outbox row per transition',
      );
      assert.deepEqual(
        (await outboxOf(db, second)).map((row) => row.kind),
        ['monitor.up'],
      );
    });

    it('writes each transition and outbox row once, even when run twice at once', async () => {
      const { db } = database;
      const { monitorId } = await monitoredComponent(db);
      await report(db, monitorId, 0, { a: false, b: false, c: false });
      await report(db, monitorId, 10_000, { a: false, b: false, c: false });
      const outcomes = await Promise.all([
        evaluateOne(db, monitorId, at(10_000)),
        evaluateOne(db, monitorId, at(10_000)),
      ]);
      // One of them saw the results; the other found nothing new. A new monitor is observed from
      // `now`, so the backlog settles at 10 s, passing through up and degraded on the way down.
      assert.deepEqual(outcomes.map((o) => o.transitions.length).sort(), [0, 3]);
      assert.equal((await evaluateOne(db, monitorId, at(10_000))).transitions.length, 0);
      const transitions = await new MonitorStateRepository(db).listTransitions(monitorId);
      assert.deepEqual(transitions.map((t) => `${t.from}>${t.to}`).sort(), [
        'degraded>down',
        'pending>up',
        'up>degraded',
      ]);
      assert.deepEqual(
        (await outboxOf(db, monitorId)).map((row) => row.kind),
        ['monitor.up', 'monitor.degraded', 'monitor.down'],
      );
    });

    it('leaves a component alone while an open incident sets its status', async () => {
      const { db } = database;
      const { pageId, componentId, monitorId } = await monitoredComponent(db);
      await new IncidentService(db).createIncident(pageId, {
        name: 'Slow pages',
        body: 'We are looking into it.',
        components: { [componentId]: 'degraded_performance' },
      });
      await report(db, monitorId, 0, { a: false, b: false, c: true });
      await report(db, monitorId, 10_000, { a: false, b: false, c: true });
      assert.equal((await evaluateOne(db, monitorId, at(10_000))).status, 'down');
      assert.equal(await componentStatus(db, componentId), 'degraded_performance');
    });

    it('reports maintenance while one runs on the component, leaving its status to it', async () => {
      const { db } = database;
      const { pageId, componentId, monitorId } = await monitoredComponent(db, {
        autoIncident: true,
      });
      await new IncidentService(db).createMaintenance(pageId, {
        name: 'Database upgrade',
        body: 'Planned work.',
        status: 'in_progress',
        scheduled_for: at(-60_000).toISOString(),
        scheduled_until: at(3_600_000).toISOString(),
        component_ids: [componentId],
      });
      await report(db, monitorId, 0, { a: false, b: false, c: false });
      await report(db, monitorId, 10_000, { a: false, b: false, c: false });
      assert.equal((await evaluateOne(db, monitorId, at(10_000))).status, 'maintenance');
      assert.equal(await componentStatus(db, componentId), 'under_maintenance');
      const open = await new IncidentService(db).list({
        pageId,
        kind: 'incident',
        limit: 10,
        offset: 0,
      });
      assert.equal(open.total, 0, 'no automatic incident during maintenance');
    });

    it('opens an automatic incident on down and resolves it on recovery', async () => {
      const { db } = database;
      const { pageId, componentId, monitorId } = await monitoredComponent(db, {
        autoIncident: true,
      });
      const incidents = new IncidentService(db);
      await report(db, monitorId, 0, { a: false, b: false, c: true });
      await report(db, monitorId, 10_000, { a: false, b: false, c: true });
      await evaluateOne(db, monitorId, at(10_000));
      const open = await incidents.list({ pageId, kind: 'incident', limit: 10, offset: 0 });
      assert.equal(open.incidents.length, 1);
      const incident = open.incidents[0]!;
      assert.equal(incident.impact, 'major');
      assert.equal(incident.status, 'investigating');
      assert.deepEqual(incident.component_ids, [componentId]);
      assert.match(incident.updates.at(-1)?.body ?? '', /2 of 3 regions failing/);
      assert.equal(await componentStatus(db, componentId), 'major_outage');
      const state = await new MonitorStateRepository(db).load<EvaluatorState>(monitorId);
      assert.deepEqual(state?.state.autoIncidents, { [componentId]: incident.id });

      // Still down: no second incident.
      await report(db, monitorId, 20_000, { a: false, b: false, c: true });
      await evaluateOne(db, monitorId, at(20_000));
      await report(db, monitorId, 30_000, { a: true, b: true, c: true });
      assert.equal((await evaluateOne(db, monitorId, at(30_000))).status, 'up');
      const resolved = await incidents.get(incident.id);
      assert.equal(resolved.status, 'resolved');
      assert.equal(
        (await incidents.list({ pageId, kind: 'incident', limit: 10, offset: 0 })).total,
        1,
      );
      assert.equal(await componentStatus(db, componentId), 'operational');
      const after = await new MonitorStateRepository(db).load<EvaluatorState>(monitorId);
      assert.deepEqual(after?.state.autoIncidents, {});
    });

    it('turns stale after three intervals without results, and says when to look', async () => {
      const { db } = database;
      const { monitorId } = await monitoredComponent(db);
      await report(db, monitorId, 0, { a: true, b: true, c: true });
      const up = await evaluateOne(db, monitorId, at(0));
      assert.equal(up.status, 'up');
      assert.equal(up.recheckAt?.toISOString(), at(3 * INTERVAL_MS).toISOString());
      assert.equal((await evaluateOne(db, monitorId, at(3 * INTERVAL_MS - 1))).status, 'up');
      const stale = await evaluateOne(db, monitorId, at(3 * INTERVAL_MS));
      assert.equal(stale.status, 'stale');
      assert.deepEqual(
        (await outboxOf(db, monitorId)).map((row) => row.kind),
        ['monitor.up', 'monitor.stale'],
      );
    });

    it('skips a monitor that does not exist', async () => {
      const outcome = await evaluateOne(database.db, 'missing', at(0));
      assert.equal(outcome.evaluated, false);
      assert.equal(outcome.skipped, 'missing');
    });
  });
}
