// Probe agents' presence on both backends: saved and read back exactly, per region, forgotten
// when long silent, and recorded one heartbeat at a time per region.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { ProbeAgentRepository, REGION_LOCK_CLASS } from './probe-agent-repository.js';

for (const backend of await databaseBackends()) {
  describe(`probe agents on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let agents: ProbeAgentRepository;

    before(async () => {
      database = await backend.create();
      agents = new ProbeAgentRepository(database.db);
    });
    after(() => database.drop());

    it('keeps the presence of each agent of a region', async () => {
      const t0 = Date.parse('2026-02-02T10:00:00Z');
      await agents.inRegion('eu-west', async (region) => {
        await region.save({
          agentId: 'a',
          joinedAtMs: t0,
          lastHeartbeatAtMs: t0,
          acknowledgedAtMs: t0,
        });
        await region.save({
          agentId: 'b',
          joinedAtMs: t0 + 5,
          lastHeartbeatAtMs: t0 + 5,
          acknowledgedAtMs: null,
        });
      });
      await agents.inRegion('us-east', (region) =>
        region.save({ agentId: 'a', joinedAtMs: 0, lastHeartbeatAtMs: t0, acknowledgedAtMs: 0 }),
      );
      await agents.inRegion('eu-west', (region) =>
        region.save({
          agentId: 'b',
          joinedAtMs: t0 + 5,
          lastHeartbeatAtMs: t0 + 60_000,
          acknowledgedAtMs: t0 + 1_000,
        }),
      );
      const heard = await agents.inRegion('eu-west', (region) => region.heardSince(new Date(t0)));
      assert.deepEqual(
        heard.sort((x, y) => x.agentId.localeCompare(y.agentId)),
        [
          { agentId: 'a', joinedAtMs: t0, lastHeartbeatAtMs: t0, acknowledgedAtMs: t0 },
          {
            agentId: 'b',
            joinedAtMs: t0 + 5,
            lastHeartbeatAtMs: t0 + 60_000,
            acknowledgedAtMs: t0 + 1_000,
          },
        ],
      );
      const recent = await agents.inRegion('eu-west', (region) =>
        region.heardSince(new Date(t0 + 1)),
      );
      assert.deepEqual(
        recent.map((agent) => agent.agentId),
        ['b'],
      );
      assert.equal(await agents.inRegion('eu-west', (region) => region.remove('b')), true);
      assert.equal(await agents.inRegion('eu-west', (region) => region.remove('b')), false);
      assert.equal(await agents.forgetBefore(new Date(t0 + 1)), 2, 'a of both regions');
    });

    it("reads the database's clock", async () => {
      const before = Date.now();
      const now = await agents.inRegion('clock', (region) => region.now());
      // Same machine: the database clock and this one agree to well within a minute.
      assert.ok(Math.abs(now.getTime() - before) < 60_000, now.toISOString());
    });

    // PGlite has one connection: everything on it happens one at a time anyway.
    if (backend.name !== 'postgres') return;
    it('records the heartbeats of one region one at a time', async () => {
      const locked = 'locked';
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = agents.inRegion(locked, async () => {
        order.push('first in');
        await held;
        order.push('first out');
      });
      while (order.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await agents.inRegion('elsewhere', async () => {
        order.push('other region');
      });
      const second = agents.inRegion(locked, async () => {
        order.push('second');
      });
      // The second waits for the first's lock (seen in pg_locks), not just for a round trip. The
      // server is shared by tests running at once, each in its own database: only a wait for
      // this region's lock in this database counts (two int4 keys: classid, objid, objsubid 2).
      for (;;) {
        const { rows } = await sql<{ waiting: number }>`
          SELECT count(*)::int AS waiting FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND classid = ${REGION_LOCK_CLASS}::oid
            AND objid = hashtext(${locked})::oid
            AND objsubid = 2
        `.execute(database.db);
        if (rows[0]!.waiting > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.deepEqual(order, ['first in', 'other region']);
      release();
      await Promise.all([first, second]);
      assert.deepEqual(order, ['first in', 'other region', 'first out', 'second']);
    });
  });
}
