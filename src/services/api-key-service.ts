// API keys for the management API: shown once at creation, stored as a SHA-256 hash, scope read or write.
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { requireOneOf, requireText } from '../domain/validate.js';
import type { AccountRepository } from '../store/account-repository.js';
import { newId } from '../store/ids.js';
import type { ApiKeyRow } from '../store/schema.js';
import { hashSecret, newSecret } from './secret-token.js';

export const API_KEY_SCOPES = ['read', 'write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** Every key starts with this, so secret scanners (and people) recognise a leaked Vigil key. */
export const API_KEY_PREFIX = 'vgl_';

export interface CreatedApiKey {
  key: ApiKeyRow;
  /** The full secret; it is not stored and cannot be shown again. */
  secret: string;
}

export class ApiKeyService {
  constructor(private readonly accounts: AccountRepository) {}

  async create(input: { name: unknown; scope: unknown }): Promise<CreatedApiKey> {
    const name = requireText('name', input.name, { max: 100 });
    const scope = requireOneOf('scope', input.scope ?? 'read', API_KEY_SCOPES);
    const secret = newSecret(API_KEY_PREFIX, 30);
    const key = await this.accounts.insertApiKey({
      id: newId(),
      name,
      scope,
      prefix: secret.slice(0, API_KEY_PREFIX.length + 6),
      key_hash: hashSecret(secret),
    });
    return { key, secret };
  }

  /** The live key for a presented secret, or undefined (unknown or revoked). */
  async authenticate(secret: string, now = new Date()): Promise<ApiKeyRow | undefined> {
    if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return undefined;
    const key = await this.accounts.findApiKeyByHash(hashSecret(secret));
    if (!key || key.revoked_at) return undefined;
    // Record use at most once a minute per key, so a busy client does not turn reads into writes.
    if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > 60_000) {
      await this.accounts.touchApiKey(key.id, now);
    }
    return key;
  }

  async list(limit: number, offset: number): Promise<{ keys: ApiKeyRow[]; total: number }> {
    const [keys, total] = await Promise.all([
      this.accounts.listApiKeys(limit, offset),
      this.accounts.countApiKeys(),
    ]);
    return { keys, total };
  }

  async get(id: string): Promise<ApiKeyRow> {
    const key = await this.accounts.findApiKey(id);
    if (!key) throw new NotFoundError('API key', id);
    return key;
  }

  async revoke(id: string): Promise<void> {
    const key = await this.get(id);
    if (key.revoked_at) throw new ValidationError('id', `API key ${id} is already revoked`);
    await this.accounts.revokeApiKey(id, new Date());
  }
}
