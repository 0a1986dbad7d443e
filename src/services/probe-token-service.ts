// Use cases of probe tokens: one per probe agent, bound to a region, shown once and kept as a hash.
import type { Kysely } from 'kysely';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { optionalText, requireSlug } from '../domain/validate.js';
import { ProbeTokenRepository, type CreatedProbeToken } from '../store/probe-token-repository.js';
import type { Database, ProbeTokenRow } from '../store/schema.js';

export interface ProbeTokenInput {
  region?: unknown;
  name?: unknown;
}

export class ProbeTokenService {
  constructor(private readonly db: Kysely<Database>) {}

  private repo(): ProbeTokenRepository {
    return new ProbeTokenRepository(this.db);
  }

  async create(input: ProbeTokenInput): Promise<CreatedProbeToken> {
    const region = requireSlug('region', input.region);
    const name = optionalText('name', input.name, 100);
    return this.repo().create({ region, name });
  }

  /** Oldest first, revoked ones included; only those of `region` when it is given. */
  list(region?: string): Promise<ProbeTokenRow[]> {
    return this.repo().list(region);
  }

  async get(id: string): Promise<ProbeTokenRow> {
    const token = await this.repo().find(id);
    if (!token) throw new NotFoundError('probe token', id);
    return token;
  }

  /** Agents using the token are refused from now on. Revoking twice is a mistake worth naming. */
  async revoke(id: string): Promise<void> {
    const token = await this.get(id);
    if (token.revoked_at) throw new ValidationError('id', `probe token ${id} is already revoked`);
    await this.repo().revoke(id);
  }
}
