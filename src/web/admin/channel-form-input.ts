// The channel form as the service's ChannelInput and back, for any channel type: each setting is a
// field named `config.<setting>` (the name the type's errors carry, so a message lands next to its
// field), list settings one per line, numbers as typed, and secrets write-only — never put back
// into the form, and on edit an empty secret field keeps the stored one.
import type { AnyChannelType, FieldHint } from '../../notifier/channel.js';
import type { ChannelInput, ChannelView } from '../../services/channel-service.js';
import { checked, list, text, type FormValues } from './form-values.js';

/** The form field of a setting. */
export const configField = (setting: string): string => `config.${setting}`;
/** The checkbox that removes a stored secret (an empty field keeps it). */
export const CLEAR_SECRET_FIELD = 'clear_secret';

export function hintOf(type: AnyChannelType, setting: string): FieldHint {
  return type.hints[setting] ?? { label: setting };
}

export const isSecret = (type: AnyChannelType, setting: string): boolean =>
  type.secretFields.includes(setting);

/** Non-blank lines of a textarea, trimmed. */
function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * A number as a number when it is one, else the text as typed, so the type's validate rejects it
 * with the message every other door gets.
 */
function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : value;
}

/** One setting as typed, or undefined when left empty. */
function settingValue(values: FormValues, setting: string, hint: FieldHint): unknown {
  const raw = text(values, configField(setting));
  if (hint.list) {
    const items = lines(raw);
    return items.length > 0 ? items : undefined;
  }
  if (raw === undefined || raw.trim() === '') return undefined;
  // Secrets go as typed: a space may be part of a token. Other text loses stray spaces.
  if (hint.numeric) return numberOrText(raw);
  return raw.trim();
}

/** A new channel: settings left empty are left out. */
export function newChannelInput(type: AnyChannelType, values: FormValues): ChannelInput {
  const config: Record<string, unknown> = {};
  for (const setting of type.fields) {
    const hint = hintOf(type, setting);
    const value = isSecret(type, setting)
      ? text(values, configField(setting)) || undefined
      : settingValue(values, setting, hint);
    if (value !== undefined) config[setting] = value;
  }
  return {
    name: text(values, 'name') ?? '',
    type: type.type,
    enabled: checked(values, 'enabled'),
    config,
  };
}

/**
 * A change of a channel, merged by ChannelService.update into the stored settings: an emptied
 * setting is sent as null (removed), an empty secret is left out (kept), and a secret whose
 * "remove" box is ticked is sent as null.
 */
export function changedChannelInput(type: AnyChannelType, values: FormValues): ChannelInput {
  const cleared = new Set(list(values, CLEAR_SECRET_FIELD));
  const config: Record<string, unknown> = {};
  for (const setting of type.fields) {
    if (isSecret(type, setting)) {
      const typed = text(values, configField(setting));
      if (typed) config[setting] = typed;
      else if (cleared.has(setting)) config[setting] = null;
      continue;
    }
    config[setting] = settingValue(values, setting, hintOf(type, setting)) ?? null;
  }
  return { name: text(values, 'name') ?? '', enabled: checked(values, 'enabled'), config };
}

/** A stored setting as the form shows it: lists one per line. */
function settingText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => String(item)).join('\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number | boolean);
}

/** The edit form filled from the stored channel; secrets are not in the view, so never here. */
export function channelFormValues(channel: ChannelView): Record<string, string> {
  const values: Record<string, string> = { name: channel.name };
  if (channel.enabled) values.enabled = 'true';
  for (const [setting, value] of Object.entries(channel.config)) {
    values[configField(setting)] = settingText(value);
  }
  return values;
}

/** A new channel's form: enabled, and each choice setting on its first choice when required. */
export function newChannelFormValues(type: AnyChannelType): Record<string, string> {
  const values: Record<string, string> = { enabled: 'true' };
  for (const setting of type.fields) {
    const hint = hintOf(type, setting);
    if (hint.required && hint.choices?.[0] !== undefined) {
      values[configField(setting)] = hint.choices[0];
    }
  }
  return values;
}

/** Secrets are never sent back to the browser, not even the one just typed into a rejected form. */
export function withoutSecrets(type: AnyChannelType, values: FormValues): FormValues {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([name]) => !type.secretFields.some((setting) => configField(setting) === name),
    ),
  );
}
