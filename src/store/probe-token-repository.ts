// SQL for probe agents' credentials: region-bound tokens kept as SHA-256 only (the agents' own
// heartbeats are probe-agent-repository.ts).
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
}
