// Heartbeat monitors on both backends: pings through the push URL keep the monitor up, a job
// that reports failure or misses its period + grace turns it down, once per missed period.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateOne } from '../../src/evaluator/evaluate-monitor.js';
import { recordMissedHeartbeats } from '../../src/evaluator/missed-heartbeats.js';
import { databaseBackends } from '../support/databases.js';
import { serveForSuite } from '../api/client.js';

for (const backend of await databaseBackends()) {
  describe(`heartbeat monitors on ${backend.name}`, { skip: backend.skip }, () => {
    const server = serveForSuite(backend);

    async function heartbeat(name: string) {
      const created = await server.call('POST', '/monitors', {
        json: { name, type: 'heartbeat', target: { grace: '30s' }, interval: '1m' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body.regions, ['heartbeat']);
      assert.equal(created.body.failure_threshold, 1);
      return { id: created.body.id as string, path: created.body.heartbeat.path as string };
    }

    async function ping(path: string, init: RequestInit = {}) {
      const response = await fetch(`${server.web.baseUrl}${path}`, init);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    }

    async function results(monitorId: string) {
      return server.web.database.db
        .selectFrom('check_results')
        .select(['id', 'passed', 'checked_at', 'error_class', 'error_message'])
        .where('monitor_id', '=', monitorId)
        .orderBy('checked_at')
        .execute();
    }

    it('records pings made with GET, POST or HEAD, and without an API key', async () => {
      const { id, path } = await heartbeat('backup-job');
      assert.deepEqual((await ping(path)).body, { ok: true, monitor_id: id, paused: false });
      const posted = await ping(path, {
        method: 'POST',
        body: 'rsync done',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(posted.status, 200, JSON.stringify(posted.body));
      assert.equal((await ping(path, { method: 'HEAD' })).status, 200);
      const stored = await results(id);
      assert.equal(stored.length, 3);
      assert.ok(stored.every((row) => row.passed));
      assert.ok(stored.some((row) => row.error_message === 'rsync done'));
      const outcome = await evaluateOne(server.web.database.db, id);
      assert.equal(outcome.status, 'up');
    });

    it('answers 404 for an unknown secret and stores nothing', async () => {
      const before = await server.web.database.db
        .selectFrom('check_results')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      for (const secret of ['nope', 'x'.repeat(32), '../../etc']) {
        const answer = await ping(`/api/v1/heartbeat/${secret}`);
        assert.equal(answer.status, 404, secret);
        assert.equal(answer.body.error.code, 'not_found');
      }
      const after = await server.web.database.db
        .selectFrom('check_results')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    it('goes down when the job reports a failure, and up with the next ping', async () => {
      const { id, path } = await heartbeat('report-job');
      await ping(path);
      assert.equal((await evaluateOne(server.web.database.db, id)).status, 'up');
      const failed = await ping(`${path}/fail`, { method: 'POST', body: 'disk full' });
      assert.equal(failed.status, 200);
      const down = await evaluateOne(server.web.database.db, id);
      assert.equal(down.status, 'down');
      assert.match(JSON.stringify(down.transitions[0]?.reason), /disk full/);
      await ping(path);
      assert.equal((await evaluateOne(server.web.database.db, id)).status, 'up');
    });

    it('records one failure per missed period after period + grace, and none before', async () => {
      const { id, path } = await heartbeat('silent-job');
      await ping(path);
      const [first] = await results(id);
      const pingedAt = first!.checked_at.getTime();
      const db = server.web.database.db;
      await recordMissedHeartbeats(db, new Date(pingedAt + 89_000));
      assert.equal((await results(id)).length, 1, 'still within 1m + 30s');

      const due = new Date(pingedAt + 90_000);
      await recordMissedHeartbeats(db, due);
      await recordMissedHeartbeats(db, due);
      const after = await results(id);
      assert.equal(after.length, 2, 'stored once, however often it runs');
      assert.equal(after[1]!.passed, false);
      assert.equal(after[1]!.error_class, 'missed');
      assert.equal(after[1]!.checked_at.getTime(), due.getTime());
      const down = await evaluateOne(db, id, new Date(pingedAt + 91_000));
      assert.equal(down.status, 'down');

      await recordMissedHeartbeats(db, new Date(pingedAt + 179_000));
      assert.equal((await results(id)).length, 2);
      await recordMissedHeartbeats(db, new Date(pingedAt + 180_000));
      assert.equal((await results(id)).length, 3, 'the next period missed too');
    });
  });
}
