// A channel's configuration between its three forms: as entered (secrets in clear), as stored
// (secret fields encrypted, bound to the channel and field), and as shown (secrets left out,
// only whether each is set). Validation is the channel type's; errors name `config.<field>`.
import { ValidationError } from '../domain/errors.js';
import type { AnyChannelType, FieldError } from '../notifier/channel.js';
import { channelType, channelTypeNames } from '../notifier/channels/index.js';
import type { ChannelRow } from '../store/channel-repository.js';
import { isCiphertext, type SecretBox } from './secret-box.js';

export class ChannelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelConfigError';
  }
}

export function requireChannelType(value: unknown): AnyChannelType {
  const type = typeof value === 'string' ? channelType(value) : undefined;
  if (!type) {
    throw new ValidationError('type', `type must be one of ${channelTypeNames().join(', ')}`);
  }
  return type;
}

/** A configuration its type refused: the first problem names the field, `problems` has them all. */
export class ChannelConfigInvalid extends ValidationError {
  constructor(
    field: string,
    message: string,
    readonly problems: readonly FieldError[],
  ) {
    super(field, message);
  }
}

/** Checks a configuration as entered; the first problem becomes the error, naming its field. */
export function validateChannelConfig(
  type: AnyChannelType,
  input: Readonly<Record<string, unknown>>,
): unknown {
  const check = type.validate(input);
  if (check.ok) return check.config;
  const [first, ...others] = check.errors;
  const field = `config.${first?.field ?? ''}`;
  const more =
    others.length > 0 ? ` (and ${others.map((e) => `config.${e.field}`).join(', ')})` : '';
  throw new ChannelConfigInvalid(
    field,
    `${field}: ${first?.message ?? 'invalid'}${more}`,
    check.errors,
  );
}

/** The stored form of a validated config: secret fields encrypted, unset ones left out. */
export function sealConfig(
  type: AnyChannelType,
  channelId: string,
  config: unknown,
  box: SecretBox,
): Record<string, unknown> {
  const sealed: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  for (const field of type.secretFields) {
    const value = sealed[field];
    if (typeof value === 'string') {
      sealed[field] = box.encrypt(value, secretContext(channelId, field), `config.${field}`);
    } else {
      delete sealed[field];
    }
  }
  return sealed;
}

/** The config as entered (secrets decrypted), for sending or for merging an update into. */
export function unsealConfig(row: ChannelRow, box: SecretBox): Record<string, unknown> {
  const type = channelType(row.type);
  if (!type) throw new ChannelConfigError(`channel type ${row.type} is not known to this version`);
  const plain: Record<string, unknown> = { ...row.config };
  for (const field of type.secretFields) {
    const value = plain[field];
    if (value === undefined || value === null) continue;
    if (!isCiphertext(value)) {
      throw new ChannelConfigError(`config.${field} is stored unencrypted; save the channel again`);
    }
    plain[field] = box.decrypt(value, secretContext(row.id, field), `config.${field}`);
  }
  return plain;
}

/** What the channel's type needs to send, or a ChannelConfigError saying what is wrong. */
export function openChannel(
  row: ChannelRow,
  box: SecretBox,
): { type: AnyChannelType; config: unknown } {
  const type = channelType(row.type);
  if (!type) throw new ChannelConfigError(`channel type ${row.type} is not known to this version`);
  const check = type.validate(unsealConfig(row, box));
  if (!check.ok) {
    const problems = check.errors.map((e) => `config.${e.field}: ${e.message}`).join('; ');
    throw new ChannelConfigError(`stored configuration is no longer valid: ${problems}`);
  }
  return { type, config: check.config };
}

/** The shown form: public fields only, and for each secret field whether it is set. */
export function publicConfig(row: ChannelRow): {
  config: Record<string, unknown>;
  secrets: Record<string, boolean>;
} {
  const secretFields = channelType(row.type)?.secretFields ?? [];
  const config: Record<string, unknown> = {};
  const secrets: Record<string, boolean> = {};
  for (const [field, value] of Object.entries(row.config)) {
    // A ciphertext is never shown, even under a field this version does not know as secret.
    if (!secretFields.includes(field) && !isCiphertext(value)) config[field] = value;
  }
  for (const field of secretFields) secrets[field] = typeof row.config[field] === 'string';
  return { config, secrets };
}

/** What a channel's secret is bound to, so its ciphertext opens nowhere else. */
export function secretContext(channelId: string, field: string): string {
  return `channel:${channelId}:${field}`;
}
