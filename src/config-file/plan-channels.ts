// The notification part of a plan: which channels to create, update or delete, and which
// monitors change the channels they notify; equal state gives no step. Secrets a file leaves out
// are not a difference: exported files cannot hold them, and applying an export changes nothing.
import { channelType } from '../notifier/channels/index.js';
import type { ChannelView } from '../services/channel-service.js';
import type { CurrentMonitor } from './plan-monitors.js';
import type { ChannelSpec, ConfigSpec, Located } from './spec.js';

export interface CurrentChannel {
  view: ChannelView;
  /** Its configuration as entered, secrets decrypted; null when they cannot be read. */
  config: Record<string, unknown> | null;
}

export type ChannelStep =
  | { op: 'create'; kind: 'channel'; label: string; source: Located; channel: ChannelSpec }
  | {
      op: 'update';
      kind: 'channel';
      id: string;
      label: string;
      source: Located;
      channel: ChannelSpec;
      /** The file keys whose values differ, for the plan output. */
      fields: string[];
    }
  | { op: 'delete'; kind: 'channel'; id: string; label: string };

/** A monitor's new set of channels, applied once monitors and channels exist. */
export interface NotifyStep {
  op: 'update';
  kind: 'notify';
  /** The monitor's name. */
  label: string;
  source: Located;
  channels: string[];
  /** Channel name → minutes between reminders, for the channels that have them. */
  remindEvery: Record<string, number>;
}

export function planChannelWrites(
  spec: ConfigSpec,
  channels: readonly CurrentChannel[],
): ChannelStep[] {
  const byName = new Map(channels.map((c) => [c.view.name, c]));
  return spec.channels.flatMap((channel): ChannelStep[] => {
    const current = byName.get(channel.name);
    const common = { kind: 'channel', label: channel.name, source: channel, channel } as const;
    if (!current) return [{ op: 'create', ...common }];
    const fields = channelDifferences(channel, current);
    return fields.length === 0 ? [] : [{ op: 'update', id: current.view.id, fields, ...common }];
  });
}

/** With --prune, and only when the file has a `channels` section: the channels it leaves out. */
export function planChannelDeletes(
  spec: ConfigSpec,
  channels: readonly CurrentChannel[],
): ChannelStep[] {
  const declared = new Set(spec.channels.map((c) => c.name));
  return channels
    .filter((c) => !declared.has(c.view.name))
    .map((c) => ({ op: 'delete', kind: 'channel', id: c.view.id, label: c.view.name }));
}

/**
 * The monitors whose `notify` differs from their routes. Only a file with a `channels` section
 * speaks for notifications: a monitors-only file leaves every monitor's channels alone.
 */
export function planNotify(
  spec: ConfigSpec,
  monitors: readonly CurrentMonitor[],
  notify: ReadonlyMap<string, readonly string[]>,
  reminders: ReadonlyMap<string, Readonly<Record<string, number>>> = new Map(),
): NotifyStep[] {
  if (!spec.declaresChannels) return [];
  const ids = new Map(monitors.map((m) => [m.row.name, m.row.id]));
  return spec.monitors.flatMap((monitor): NotifyStep[] => {
    const id = ids.get(monitor.name);
    const current = id === undefined ? [] : [...(notify.get(id) ?? [])].sort();
    const wanted = [...monitor.notify].sort();
    const remindEvery = monitor.remindEvery ?? {};
    const stored = (id === undefined ? undefined : reminders.get(id)) ?? {};
    const sameReminders = wanted.every((name) => stored[name] === remindEvery[name]);
    if (current.join('\n') === wanted.join('\n') && sameReminders) return [];
    return [
      {
        op: 'update',
        kind: 'notify',
        label: monitor.name,
        source: monitor,
        channels: wanted,
        remindEvery,
      },
    ];
  });
}

/** The file keys of what differs between a declared channel and the stored one. */
export function channelDifferences(channel: ChannelSpec, current: CurrentChannel): string[] {
  const fields: string[] = current.view.type === channel.type ? [] : ['type'];
  if (current.view.enabled !== channel.enabled) fields.push('enabled');
  const type = channelType(channel.type);
  for (const field of type?.fields ?? []) {
    const secret = type!.secretFields.includes(field);
    const wanted = channel.config[field];
    if (secret && wanted === undefined) continue;
    const stored = secret ? current.config?.[field] : current.view.config[field];
    // A secret that cannot be read is written again when the file gives one.
    if (secret && current.config === null) fields.push(field);
    else if (JSON.stringify(wanted ?? null) !== JSON.stringify(stored ?? null)) fields.push(field);
  }
  return fields;
}
