// The evaluator loop on both backends: a NOTIFY of new results gets the monitor evaluated, two
// loops never evaluate one monitor at the same time, and (PostgreSQL, through a proxy that is cut)
// an unreachable database pauses the loop, is logged once, and results stored meanwhile are
// evaluated once it is back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { startTcpProxy } from '../../test/support/tcp-proxy.js';
import { openDatabase } from '../store/database.js';
import { notifyResultsStored } from '../store/change-channel.js';
import { MonitorStateRepository } from '../store/monitor-state-repository.js';
import { startEvaluator, type Evaluator } from './evaluator-loop.js';
import { componentStatus, monitoredComponent, report } from './evaluator-test-support.js';

const logger = pino({ level: 'silent' });

/** Polls `check` until it holds, for at most `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

for (const backend of await databaseBackends()) {
  describe(`evaluator loop on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    const evaluators: Evaluator[] = [];
    before(async () => {
      database = await backend.create();
    });
    after(async () => {
      for (const evaluator of evaluators) await evaluator.stop();
      await database.drop();
    });

    it('evaluates a monitor when its results are announced', async () => {
      const { db } = database;
      const { componentId, monitorId } = await monitoredComponent(db);
      const states = new MonitorStateRepository(db);
      // Long timer and sweep periods: only the notification can bring the new results in.
      const options = { database, logger, intervalMs: 60_000, sweepMs: 3_600_000 };
      evaluators.push(await startEvaluator(options), await startEvaluator(options));
      await until(async () => (await states.load(monitorId))?.status === 'pending');

      const base = new Date(Date.now() - 5_000);
      await report(db, monitorId, 0, { a: false, b: false, c: true }, base);
      await report(db, monitorId, 1_000, { a: false, b: false, c: true }, base);
      await notifyResultsStored(db, monitorId);
      await until(async () => (await states.load(monitorId))?.status === 'down');
      assert.equal(await componentStatus(db, componentId), 'major_outage');
      const transitions = await states.listTransitions(monitorId);
      assert.equal(transitions.filter((t) => t.to === 'down').length, 1);
    });

    it('re-evaluates on its timer a monitor that turns stale without new results', async () => {
      const { db } = database;
      // A 1 s interval (below what settings validation allows) keeps the wait short: results
      // are stale after three intervals. The first evaluation must come before that, which a
      // loaded CI machine does not always manage within a few hundred milliseconds.
      const { monitorId } = await monitoredComponent(db, { settings: { intervalMs: 1_000 } });
      await report(db, monitorId, 0, { a: true, b: true, c: true }, new Date());
      const states = new MonitorStateRepository(db);
      const evaluator = await startEvaluator({
        database,
        logger,
        intervalMs: 25,
        sweepMs: 3_600_000,
      });
      evaluators.push(evaluator);
      // Seen up first, then stale with no result stored in between: only the timer can have
      // brought the second evaluation.
      await until(async () => (await states.load(monitorId))?.status === 'up');
      await until(async () => (await states.load(monitorId))?.status === 'stale');
      const transitions = await states.listTransitions(monitorId);
      // Newest first. A domain detail: when the results expire before three intervals after
      // observing began, the monitor passes through pending on its way to stale.
      assert.equal(transitions[0]?.to, 'stale');
      assert.equal(transitions.at(-1)?.to, 'up');
    });

    it('stops after the evaluations in flight, starting no new ones', async () => {
      await monitoredComponent(database.db);
      const evaluator = await startEvaluator({
        database,
        logger,
        intervalMs: 60_000,
        concurrency: 1,
        batchSize: 1,
      });
      // The start-up sweep marked every monitor (at least two) dirty; one runs at a time.
      await evaluator.stop();
      assert.equal(evaluator.evaluations, 1);
      evaluator.wake('anything');
      await evaluator.stop();
      assert.equal(evaluator.evaluations, 1);
    });

    // Needs a database reached over TCP, so that a proxy can cut it off.
    if (backend.name !== 'postgres') return;
    it('pauses while the database is unreachable, logs it once, and catches up when it is back', async () => {
      // Only the evaluator behind the proxy may evaluate from here on.
      for (const running of evaluators.splice(0)) await running.stop();
      const { db } = database;
      const { monitorId } = await monitoredComponent(db);
      const states = new MonitorStateRepository(db);
      const url = new URL(database.url!);
      const proxy = await startTcpProxy(Number(url.port || 5432));
      url.port = String(proxy.port);
      const lines: Array<{ level: string; message: string }> = [];
      const record =
        (level: string) =>
        (fields: unknown, message?: string): void => {
          lines.push({ level, message: typeof fields === 'string' ? fields : (message ?? '') });
        };
      const recorder = {
        error: record('error'),
        warn: record('warn'),
        info: record('info'),
        debug: record('debug'),
      };
      const count = (pattern: RegExp, level?: string) =>
        lines.filter((l) => pattern.test(l.message) && (!level || l.level === level)).length;
      const through = await openDatabase({
        databaseUrl: url.toString(),
        dataDir: '.',
        poolSize: 2,
      });
      const evaluator = await startEvaluator({
        database: through,
        logger: recorder,
        intervalMs: 50,
        sweepMs: 3_600_000,
      });
      try {
        await until(async () => (await states.load(monitorId))?.status === 'pending');
        await proxy.cut();
        await until(async () => count(/still failing/) >= 2);
        // Stored while the evaluator cannot see the database, its notices lost to it: results
        // of the known monitor, and a monitor made meanwhile that only a full look can find.
        const made = (await monitoredComponent(db)).monitorId;
        const base = new Date(Date.now() - 5_000);
        for (const id of [monitorId, made]) {
          await report(db, id, 0, { a: false, b: false, c: true }, base);
          await report(db, id, 1_000, { a: false, b: false, c: true }, base);
          await notifyResultsStored(db, id);
        }
        assert.equal((await states.load(monitorId))?.status, 'pending');
        await proxy.restore();
        await until(async () => count(/the database is back/) > 0, 20_000);
        for (const id of [monitorId, made]) {
          await until(async () => (await states.load(id))?.status === 'down', 20_000);
        }
        assert.equal(count(/the database is unreachable/, 'warn'), 1, 'one warning per outage');
        assert.equal(count(/the database is back/, 'info'), 1);
        assert.equal(
          lines.filter((l) => l.level === 'error').length,
          0,
          JSON.stringify(lines.filter((l) => l.level === 'error')),
        );
      } finally {
        await evaluator.stop();
        await through.close();
        await proxy.close();
      }
    });
  });
}
