// SQL for the agents of probe regions: their heartbeats, when their live span began and when the
// older agents had been told of them (the hand-off of probe-handoff.ts), recorded one region at
// a time under a lock so that every heartbeat sees the ones recorded before it.
import { sql, type Kysely } from 'kysely';
import type { AgentPresence } from '../domain/monitoring/probe-handoff.js';
import type { Database } from './schema.js';
import { withTransaction } from './transaction.js';

/**
 * First key of the region locks (the second is the region's `hashtext`); no other lock uses it.
 * Exported for the test that finds a region's lock in pg_locks.
 */
export const REGION_LOCK_CLASS = 73_114;

/** What a heartbeat may do within its region's lock. */
export interface RegionAgents {
  /** The database's clock: one clock for every web instance, so their heartbeats are ordered. */
  now(): Promise<Date>;
  /** The presences of agents heard from since `since` (the region's live agents). */
  heardSince(since: Date): Promise<AgentPresence[]>;
  save(presence: AgentPresence): Promise<void>;
  /** False when the agent was not known. */
  remove(agentId: string): Promise<boolean>;
}

export class ProbeAgentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Runs `work` in a transaction holding the region's lock: heartbeats of one region are
   * recorded one after another (a few milliseconds each, every few seconds per agent).
   */
  inRegion<T>(region: string, work: (agents: RegionAgents) => Promise<T>): Promise<T> {
    return withTransaction(this.db, async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${REGION_LOCK_CLASS}, hashtext(${region}))`.execute(
        trx,
      );
      return work(regionAgents(trx, region));
    });
  }

  async forgetBefore(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('probe_agents')
      .where('last_heartbeat_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function regionAgents(trx: Kysely<Database>, region: string): RegionAgents {
  return {
    async now() {
      const { rows } = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(trx);
      return new Date(rows[0]!.now);
    },
    async heardSince(since) {
      const rows = await trx
        .selectFrom('probe_agents')
        .select(['agent_id', 'joined_at', 'last_heartbeat_at', 'acknowledged_at'])
        .where('region', '=', region)
        .where('last_heartbeat_at', '>=', since)
        .execute();
      return rows.map((row) => ({
        agentId: row.agent_id,
        joinedAtMs: row.joined_at.getTime(),
        lastHeartbeatAtMs: row.last_heartbeat_at.getTime(),
        acknowledgedAtMs: row.acknowledged_at?.getTime() ?? null,
      }));
    },
    async save(presence) {
      const values = {
        joined_at: new Date(presence.joinedAtMs),
        last_heartbeat_at: new Date(presence.lastHeartbeatAtMs),
        acknowledged_at:
          presence.acknowledgedAtMs === null ? null : new Date(presence.acknowledgedAtMs),
      };
      await trx
        .insertInto('probe_agents')
        .values({ region, agent_id: presence.agentId, ...values })
        .onConflict((conflict) => conflict.columns(['region', 'agent_id']).doUpdateSet(values))
        .execute();
    },
    async remove(agentId) {
      const result = await trx
        .deleteFrom('probe_agents')
        .where('region', '=', region)
        .where('agent_id', '=', agentId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
