// SQL for probe agents' credentials and liveness: region-bound tokens kept as SHA-256 only, and
// the heartbeats that tell which agents of a region share its monitors.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ProbeTokenRow } from './schema.js';
import { newId } from './ids.js';

/** Makes a token recognisable in logs and secret scanners without revealing it. */
export const PROBE_TOKEN_PREFIX = 'vigil_probe_';

/** The token is a long random value, not a password: a fast hash suffices. */
export function hashProbeToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface CreatedProbeToken {
  token: ProbeTokenRow;
  /** Shown once; only its hash is stored. */
  secret: string;
}

export class ProbeTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: { region: string; name?: string }): Promise<CreatedProbeToken> {
    const secret = PROBE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const token = await this.db
      .insertInto('probe_tokens')
      .values({
        id: newId(),
        region: input.region,
        name: input.name ?? '',
        token_hash: hashProbeToken(secret),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { token, secret };
  }

  /** The region a live (unrevoked) token is for, refreshing its last-seen time; else undefined. */
  async authenticate(
    secret: string,
    now = new Date(),
  ): Promise<{ tokenId: string; region: string } | undefined> {
    const token = await this.db
      .updateTable('probe_tokens')
      .set({ last_seen_at: now })
      .where('token_hash', '=', hashProbeToken(secret))
      .where('revoked_at', 'is', null)
      .returning(['id', 'region'])
      .executeTakeFirst();
    return token ? { tokenId: token.id, region: token.region } : undefined;
  }

  async touch(id: string, now = new Date()): Promise<void> {
    await this.db
      .updateTable('probe_tokens')
      .set({ last_seen_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** False when there is no such token or it was already revoked. */
  async revoke(id: string, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('probe_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  find(id: string): Promise<ProbeTokenRow | undefined> {
    return this.db.selectFrom('probe_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }
  list(region?: string): Promise<ProbeTokenRow[]> {
    let query = this.db.selectFrom('probe_tokens').selectAll().orderBy('created_at').orderBy('id');
    if (region !== undefined) query = query.where('region', '=', region);
    return query.execute();
  }

  /** Records that an agent of a region is alive. */
  async heartbeat(region: string, agentId: string, now = new Date()): Promise<void> {
    await this.db
      .insertInto('probe_agents')
      .values({ region, agent_id: agentId, last_heartbeat_at: now })
      .onConflict((conflict) =>
        conflict.columns(['region', 'agent_id']).doUpdateSet({ last_heartbeat_at: now }),
      )
      .execute();
  }
  /** Agents of a region heard from since `since`, sorted, so every agent computes the same shares. */
  async liveAgents(region: string, since: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('probe_agents')
      .select('agent_id')
      .where('region', '=', region)
      .where('last_heartbeat_at', '>=', since)
      .orderBy('agent_id')
      .execute();
    return rows.map((row) => row.agent_id);
  }
  async forgetAgentsBefore(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('probe_agents')
      .where('last_heartbeat_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
