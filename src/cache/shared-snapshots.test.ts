// The shared (Redis) level of page snapshots, on a redis-server of the test's own: a build that
// overlaps a change notice is never stored, one instance builds while the others wait for it,
// an epoch renewal ('*', a reconnection) makes every entry stale without losing it as a fallback,
// an outage is logged once, and two processes' worth of PageSnapshots build a page once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createServices, type Services } from '../services/index.js';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import {
  redisServerUnavailable,
  startPrivateRedis,
  type PrivateRedis,
} from '../../test/support/private-redis.js';
import { waitFor } from '../../test/cli/cli-support.js';
import { buildPageSnapshot } from './page-snapshot.js';
import { PageSnapshots } from './page-snapshots.js';
import { openRedis, type RedisConnection } from './redis-connection.js';
import { pageKey, SharedSnapshots } from './shared-snapshots.js';

type TestLogger = Parameters<typeof openRedis>[1];
const quiet: TestLogger = { warn: () => undefined, info: () => undefined };
/**
 * How long to wait for another instance's build or refresh (Redis and a database read, done in
 * milliseconds, which a loaded machine can stall for seconds).
 */
const WAIT_MS = 15_000;
const [pglite] = await databaseBackends();

describe('shared page snapshots in Redis', { skip: redisServerUnavailable() }, () => {
  let redis: PrivateRedis;
  let database: TestDatabase;
  let services: Services;
  let pageId: string;
  const connections: RedisConnection[] = [];

  const connect = async (logger: TestLogger = quiet): Promise<RedisConnection> => {
    const connection = openRedis(redis.url, logger);
    connections.push(connection);
    await waitFor('Redis to be ready', () => (connection.isReady() ? true : undefined), 10_000);
    return connection;
  };
  /** A new instance renews the epoch on first use (it may have missed notices): done here. */
  const started = async (shared: SharedSnapshots): Promise<SharedSnapshots> => {
    await shared.read('warm-up');
    return shared;
  };
  const instance = async (): Promise<SharedSnapshots> =>
    started(new SharedSnapshots(await connect(), { settleMs: 0 }));
  const build = async () => (await buildPageSnapshot(database.db, pageId, new Date()))!;

  before(async () => {
    redis = await startPrivateRedis();
    database = await pglite!.create();
    services = createServices(database.db, { sessionTtlMs: 3_600_000 });
    pageId = (await services.pages.createPage({ slug: 'shared', name: 'Shared' })).id;
    await services.pages.createComponent(pageId, { name: 'API' });
  });
  after(async () => {
    for (const connection of connections) await connection.close();
    await redis.stop();
    await database.drop();
  });

  it('never stores a build that a change notice overlapped', async () => {
    const [a, b] = [await instance(), await instance()];
    const claim = await a.claim(pageId);
    assert.equal(claim.kind, 'build');
    if (claim.kind !== 'build') return;
    const slow = await build();
    await b.changed(pageId); // another instance hears of a change while `a` builds
    assert.equal(await a.store(claim.ticket, slow), false, 'refused: built before the change');
    assert.equal((await b.read(pageId))?.current, false);

    const again = await a.claim(pageId);
    assert.equal(again.kind, 'build');
    if (again.kind !== 'build') return;
    const fresh = await build();
    assert.equal(await a.store(again.ticket, fresh), true);
    const entry = (await b.read(pageId))!;
    assert.equal(entry.current, true);
    assert.deepEqual(entry.snapshot, fresh, 'dates and maps intact');
  });

  it('lets one instance build while the others wait for its result', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.changed(pageId);
    const claim = await a.claim(pageId);
    assert.equal(claim.kind, 'build');
    assert.equal((await b.claim(pageId)).kind, 'wait', 'claimed already');
    const waiting = b.waitForBuild(pageId, WAIT_MS);
    if (claim.kind === 'build') await a.store(claim.ticket, await build());
    const entry = await waiting;
    assert.equal(entry?.current, true);
    assert.equal(entry?.snapshot?.page.id, pageId);
  });

  it('makes every entry stale on a renewed epoch, keeping it as a fallback', async () => {
    const [a, b] = [await instance(), await instance()];
    const claim = await a.claim(pageId);
    if (claim.kind === 'build') await a.store(claim.ticket, await build());
    assert.equal((await b.read(pageId))?.current, true);
    await b.changed('*');
    const entry = (await a.read(pageId))!;
    assert.equal(entry.current, false);
    assert.equal(entry.snapshot?.page.id, pageId, 'still there for when the database is down');
  });

  it('trusts no entry after a reconnection until it renewed the epoch', async () => {
    const a = await instance();
    const watcher = await instance();
    const claim = await a.claim(pageId);
    if (claim.kind === 'build') await a.store(claim.ticket, await build());
    assert.equal((await watcher.read(pageId))?.current, true);
    // Drop every connection, as a Redis restart or a network cut would.
    const admin = new Redis(redis.url);
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal');
    await admin.quit();
    await waitFor(
      'reconnection',
      () => (connections.every((c) => c.isReady()) ? true : undefined),
      10_000,
    );
    assert.equal((await a.read(pageId))?.current, false, 'the epoch was renewed first');
  });

  it('logs an outage once however many commands fail, and its end once', async () => {
    const lines: string[] = [];
    const logger = {
      warn: (_fields: unknown, message: string) => void lines.push(`warn: ${message}`),
      info: (_fields: unknown, message: string) => void lines.push(`info: ${message}`),
    } as TestLogger;
    const shared = new SharedSnapshots(await connect(logger), { settleMs: 0 });
    await redis.stop();
    for (let i = 0; i < 20; i++) {
      assert.equal(await shared.read(pageId), undefined, 'a miss, not an error');
      await shared.changed(pageId);
    }
    await redis.start();
    await waitFor('the recovery line', () => (lines.length >= 2 ? true : undefined), 15_000);
    assert.deepEqual(lines, [
      'warn: Redis is unreachable; serving from this instance alone (local page snapshots and rate limits) until it is back',
      'info: Redis is back',
    ]);
  });

  it('builds a page once for two instances, and once again after a change', async () => {
    // With the default settle time, as in production: both notices land before the build.
    const snapshotsOf = async () =>
      new PageSnapshots(database.db, {
        shared: await started(new SharedSnapshots(await connect())),
      });
    const [a, b] = [await snapshotsOf(), await snapshotsOf()];
    a.invalidate('*');
    b.invalidate('*');
    const built = (await a.getById(pageId))!;
    await waitFor(
      'the shared copy',
      async () => ((await redisKeyExists(pageKey(pageId))) ? true : undefined),
      WAIT_MS,
    );
    const shared = (await b.getById(pageId))!;
    assert.deepEqual({ ...shared, version: 0 }, { ...built, version: 0 });
    assert.equal(a.stats().builds, 1);
    assert.equal(b.stats().builds, 0, 'b took a’s build');
    assert.equal(b.stats().l2?.hits, 1);

    await services.pages.updatePage(pageId, { name: 'Shared, renamed' });
    a.invalidate(pageId);
    b.invalidate(pageId);
    const [fromA, fromB] = await Promise.all([a.getById(pageId), b.getById(pageId)]);
    assert.equal(fromA?.page.name, 'Shared, renamed');
    assert.equal(fromB?.page.name, 'Shared, renamed');
    assert.equal(a.stats().builds + b.stats().builds, 2, 'one build per change for both');
  });

  it('reads the uptime of a page once per refresh for all instances', async () => {
    let clock = Date.now();
    const snapshotsOf = async () =>
      new PageSnapshots(database.db, {
        shared: await started(new SharedSnapshots(await connect(), { settleMs: 0 })),
        now: () => clock,
      });
    const [a, b] = [await snapshotsOf(), await snapshotsOf()];
    await a.getById(pageId);
    await b.getById(pageId);
    clock += 61_000;
    await a.getById(pageId); // due: refreshed in the background, and shared
    await a.idle();
    const refreshedAt = (await a.getById(pageId))!.uptimeReadAt.getTime();
    assert.equal(a.stats().uptimeReads, 1);
    await waitFor(
      'b to take a’s refresh',
      async () => {
        clock += 1_001;
        await b.getById(pageId);
        await b.idle();
        return (await b.getById(pageId))!.uptimeReadAt.getTime() === refreshedAt ? true : undefined;
      },
      WAIT_MS,
    );
    assert.equal(b.stats().uptimeReads, 0, 'b did not read it itself');
  });

  async function redisKeyExists(key: string): Promise<boolean> {
    const client = new Redis(redis.url);
    try {
      return (await client.exists(key)) === 1;
    } finally {
      await client.quit();
    }
  }
});
