// `api-key create|list|revoke`: management API keys from a terminal. The new secret goes alone on
// stdout so scripts can capture it (`KEY=$(npx vigil api-key create ...)`); the rest on stderr.
import { requireOneOf } from '../../domain/validate.js';
import { API_KEY_SCOPES } from '../../services/api-key-service.js';
import type { ApiKeyRow } from '../../store/schema.js';
import { booleanArg, defineCommand, output, stringArg } from '../command.js';

export const apiKeyCreate = defineCommand({
  parse: (args) => ({
    name: stringArg(args, 'name'),
    scope: requireOneOf('scope', args.scope ?? 'read', API_KEY_SCOPES),
  }),
  async run({ services }, args) {
    const { key, secret } = await services.apiKeys.create(args);
    return output(
      secret,
      `Created API key ${key.id} "${key.name}" with ${key.scope} scope. Store it now: it cannot be shown again.`,
    );
  },
});

export const apiKeyList = defineCommand({
  parse: (args) => ({ json: booleanArg(args, 'json') }),
  async run({ services }, args) {
    const keys: ApiKeyRow[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await services.apiKeys.list(100, offset);
      keys.push(...page.keys);
      if (page.keys.length < 100 || keys.length >= page.total) break;
    }
    if (args.json) return output(JSON.stringify(keys.map(publicKey), null, 2));
    if (keys.length === 0) return output('', 'No API keys.');
    const rows = keys.map((k) => [
      k.id,
      k.name,
      k.scope,
      `${k.prefix}…`,
      k.created_at.toISOString(),
      k.last_used_at?.toISOString() ?? 'never',
      k.revoked_at ? `revoked ${k.revoked_at.toISOString()}` : 'active',
    ]);
    return output(table(['ID', 'NAME', 'SCOPE', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS'], rows));
  },
});

export const apiKeyRevoke = defineCommand({
  parse: (args) => ({ id: stringArg(args, 'id') }),
  async run({ services }, args) {
    await services.apiKeys.revoke(args.id);
    return output(`Revoked API key ${args.id}.`);
  },
});

function publicKey(key: ApiKeyRow): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    scope: key.scope,
    prefix: key.prefix,
    created_at: key.created_at.toISOString(),
    last_used_at: key.last_used_at?.toISOString() ?? null,
    revoked_at: key.revoked_at?.toISOString() ?? null,
  };
}

/** Plain columns separated by two spaces, for terminals and `awk`. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
