// `probe-token create|list|revoke`: tokens of probe agents, each bound to one region. The new
// token goes alone on stdout so scripts can capture it; how to use it goes to stderr.
import type { ProbeTokenRow } from '../../store/schema.js';
import { booleanArg, defineCommand, optionalStringArg, output, stringArg } from '../command.js';
import { table } from './api-key-commands.js';

export const probeTokenCreate = defineCommand({
  parse: (args) => ({ region: stringArg(args, 'region'), name: optionalStringArg(args, 'name') }),
  async run({ services }, args) {
    const { token, secret } = await services.probeTokens.create(args);
    return output(
      secret,
      `Created probe token ${token.id}${token.name ? ` "${token.name}"` : ''} for region ${token.region}. ` +
        'Store it now: it cannot be shown again. Run a probe with it: ' +
        `VIGIL_PROBE_TOKEN_FILE=FILE vigil serve --role probe --region ${token.region} --server URL`,
    );
  },
});

export const probeTokenList = defineCommand({
  parse: (args) => ({ json: booleanArg(args, 'json'), region: optionalStringArg(args, 'region') }),
  async run({ services }, args) {
    const tokens = await services.probeTokens.list(args.region);
    if (args.json) return output(JSON.stringify(tokens.map(publicToken), null, 2));
    if (tokens.length === 0) return output('', 'No probe tokens.');
    const rows = tokens.map((t) => [
      t.id,
      t.region,
      t.name,
      t.created_at.toISOString(),
      t.last_seen_at?.toISOString() ?? 'never',
      t.revoked_at ? `revoked ${t.revoked_at.toISOString()}` : 'active',
    ]);
    return output(table(['ID', 'REGION', 'NAME', 'CREATED', 'LAST SEEN', 'STATUS'], rows));
  },
});

export const probeTokenRevoke = defineCommand({
  parse: (args) => ({ id: stringArg(args, 'id') }),
  async run({ services }, args) {
    await services.probeTokens.revoke(args.id);
    return output(`Revoked probe token ${args.id}; probes using it are refused from now on.`);
  },
});

function publicToken(token: ProbeTokenRow): Record<string, unknown> {
  return {
    id: token.id,
    region: token.region,
    name: token.name,
    created_at: token.created_at.toISOString(),
    last_seen_at: token.last_seen_at?.toISOString() ?? null,
    revoked_at: token.revoked_at?.toISOString() ?? null,
  };
}
