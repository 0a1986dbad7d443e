// Monitor and probe token use cases on both backends: validation by field (and column, for
// conditions), unique names, driven components, pause/resume, heartbeat secrets and revocation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { CHANGE_CHANNEL } from '../store/change-channel.js';
import { MonitorRepository } from '../store/monitor-repository.js';
import { ProbeTokenRepository } from '../store/probe-token-repository.js';
import { createServices, type Services } from './index.js';
import { hashSecret } from './secret-token.js';

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  assert.fail('expected a ValidationError');
}

const website = {
  type: 'http',
  target: { url: 'http://127.0.0.1:8080/health' },
  interval: '10s',
  regions: ['local'],
  conditions: ['status == 200', 'latency < 500ms'],
  failure_threshold: 2,
  success_threshold: 1,
};

for (const backend of await databaseBackends()) {
  describe(`monitor service on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    let componentId: string;
    let pageId: string;

    before(async () => {
      database = await backend.create();
      services = createServices(database.db, { sessionTtlMs: 60_000 });
      pageId = (await services.pages.createPage({ slug: 'mon', name: 'Mon' })).id;
      componentId = (await services.pages.createComponent(pageId, { name: 'Website' })).id;
    });
    after(() => database.drop());

    it('creates a monitor with settings, conditions and components, and reads it back', async () => {
      const { monitor, componentIds, heartbeat } = await services.monitors.create({
        ...website,
        name: 'website',
        components: [componentId],
      });
      assert.equal(heartbeat, undefined);
      assert.deepEqual(componentIds, [componentId]);
      assert.deepEqual(monitor.spec, { url: 'http://127.0.0.1:8080/health' });
      assert.equal(monitor.settings.intervalMs, 10_000);
      assert.equal(monitor.settings.timeoutMs, 5_000);
      assert.equal(monitor.settings.failureThreshold, 2);
      assert.deepEqual(monitor.conditions, website.conditions);
      const read = await services.monitors.get(monitor.id);
      assert.equal(read.monitor.name, 'website');
      assert.ok((await services.monitors.list()).some((m) => m.monitor.id === monitor.id));
      await assert.rejects(
        services.monitors.create({ ...website, name: 'website' }),
        (error: unknown) => error instanceof ConflictError && error.field === 'name',
      );
    });

    it('names the bad field, and the condition with its column', async () => {
      const bad = await rejection(
        services.monitors.create({
          ...website,
          name: 'bad-condition',
          conditions: ['status == 200', 'status == == 200'],
        }),
      );
      assert.equal(bad.field, 'conditions[1]');
      assert.match(bad.message, /^conditions\[1\]: column 11: expected/);
      const fields = await Promise.all([
        rejection(services.monitors.create({ ...website, name: 'x', type: 'ftp' })),
        rejection(services.monitors.create({ ...website, name: 'x', target: { url: 'ftp://a' } })),
        rejection(
          services.monitors.create({
            ...website,
            name: 'x',
            type: 'tcp',
            target: { host: 'a', port: 70_000 },
          }),
        ),
        rejection(services.monitors.create({ ...website, name: 'x', interval: '1s' })),
        rejection(services.monitors.create({ ...website, name: 'x', components: ['nope'] })),
        rejection(services.monitors.create({ ...website, name: '' })),
      ]);
      assert.deepEqual(
        fields.map((error) => error.field),
        ['type', 'target.url', 'target.port', 'interval', 'components', 'name'],
      );
      assert.equal(await new MonitorRepository(database.db).findByName('x'), undefined);
    });

    it('changes only the fields sent, pauses and resumes, and refuses a new type', async () => {
      const { monitor } = await services.monitors.create({ ...website, name: 'changing' });
      const changed = await services.monitors.update(monitor.id, {
        interval: '1m',
        conditions: ['status in [200, 204]'],
        components: [componentId],
      });
      assert.equal(changed.monitor.settings.intervalMs, 60_000);
      assert.equal(changed.monitor.settings.timeoutMs, 5_000, 'the old timeout still fits');
      assert.equal(changed.monitor.settings.failureThreshold, 2, 'unsent settings stay');
      assert.deepEqual(changed.monitor.conditions, ['status in [200, 204]']);
      assert.deepEqual(changed.componentIds, [componentId]);
      assert.equal((await services.monitors.pause(monitor.id)).monitor.settings.paused, true);
      assert.equal((await services.monitors.resume(monitor.id)).monitor.settings.paused, false);
      assert.equal(
        (await rejection(services.monitors.update(monitor.id, { type: 'tcp' }))).field,
        'type',
      );
      const unknown = await rejection(
        services.monitors.update(monitor.id, { components: [componentId, 'gone'] }),
      );
      assert.equal(unknown.field, 'components');
      assert.deepEqual((await services.monitors.get(monitor.id)).componentIds, [componentId]);
      const renamed = services.monitors.update(monitor.id, { name: 'website' });
      await assert.rejects(renamed, ConflictError);
      await services.monitors.delete(monitor.id);
      await assert.rejects(services.monitors.get(monitor.id), NotFoundError);
      await assert.rejects(services.monitors.delete(monitor.id), NotFoundError);
    });

    it('gives a heartbeat monitor a secret once, storing only its hash', async () => {
      const created = await services.monitors.create({
        name: 'nightly-backup',
        type: 'heartbeat',
        target: { grace: '5m' },
        interval: '1d',
        regions: ['local'],
      });
      const heartbeat = created.heartbeat!;
      assert.ok(heartbeat.secret.length >= 32);
      assert.equal(heartbeat.path, `/api/v1/heartbeat/${heartbeat.secret}`);
      assert.equal(created.monitor.heartbeat_secret_hash, hashSecret(heartbeat.secret));
      assert.ok(
        !JSON.stringify(await services.monitors.get(created.monitor.id)).includes(heartbeat.secret),
      );
      const found = await new MonitorRepository(database.db).findByHeartbeatHash(
        hashSecret(heartbeat.secret),
      );
      assert.equal(found?.id, created.monitor.id);
    });

    it('tells the pages of driven components that something changed', async () => {
      const received: string[] = [];
      const unlisten = await database.listen(CHANGE_CHANNEL, (payload) => received.push(payload));
      try {
        await services.monitors.create({ ...website, name: 'noisy', components: [componentId] });
        const deadline = Date.now() + 5000;
        while (!received.includes(pageId) && Date.now() < deadline)
          await new Promise((r) => setImmediate(r));
        assert.ok(received.includes(pageId), `got ${JSON.stringify(received)}`);
      } finally {
        await unlisten();
      }
    });

    it('creates probe tokens per region, lists and revokes them', async () => {
      const { token, secret } = await services.probeTokens.create({ region: 'eu-west', name: 'a' });
      assert.equal(token.region, 'eu-west');
      const tokens = new ProbeTokenRepository(database.db);
      assert.equal((await tokens.authenticate(secret))?.region, 'eu-west');
      assert.ok((await services.probeTokens.list()).some((t) => t.id === token.id));
      await services.probeTokens.revoke(token.id);
      assert.equal(await tokens.authenticate(secret), undefined);
      assert.equal((await rejection(services.probeTokens.revoke(token.id))).field, 'id');
      await assert.rejects(services.probeTokens.revoke('missing'), NotFoundError);
      assert.equal(
        (await rejection(services.probeTokens.create({ region: 'EU West' }))).field,
        'region',
      );
    });
  });
}
