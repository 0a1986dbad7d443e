// Reads the `channels` section of a configuration file: each channel's name, type and enabled
// flag, and the type's settings written flat beside them (`url`, `secret`, ...), checked by the
// channel type itself, with every refusal at its line and column; and checks that monitors
// `notify` only channels the file declares.
import type { Node } from 'yaml';
import { requireText } from '../domain/validate.js';
import { channelType, channelTypeNames } from '../notifier/channels/index.js';
import type { ChannelSpec, MonitorSpec } from './spec.js';
import { checkUnique, type Fields, type YamlReader } from './yaml-reader.js';

const NAME_MAX = 100;
const BASE_KEYS = ['name', 'type', 'enabled'];

/** Every setting any channel type takes: which of them a channel may use depends on its type. */
function allSettingKeys(): string[] {
  return [...new Set(channelTypeNames().flatMap((name) => channelType(name)!.fields))];
}

export function readChannels(reader: YamlReader, node: Node | null): ChannelSpec[] {
  const channels = reader.list(node, '"channels"').flatMap((item) => {
    const channel = readChannel(reader, item);
    return channel ? [channel] : [];
  });
  checkUnique(
    reader,
    channels,
    (c) => c.name,
    (c) => c.fieldAt.name ?? c.at,
    'channel name',
  );
  return channels;
}

function readChannel(reader: YamlReader, node: Node | null): ChannelSpec | undefined {
  const fields = reader.fields(node, 'a channel', [...BASE_KEYS, ...allSettingKeys()]);
  if (!fields) return undefined;
  const name = fields.check('name', fields.string('name', { required: true }), (v) =>
    requireText('name', v, { max: NAME_MAX }),
  );
  const what = name === undefined ? 'a channel' : `channel "${name}"`;
  fields.rename(what);
  const typeName = fields.string('type', { required: true });
  const enabled = fields.boolean('enabled');
  if (typeName === undefined) return undefined;
  const type = channelType(typeName.value);
  if (!type) {
    reader.report(
      typeName.at,
      `type of ${what} must be one of ${channelTypeNames().join(', ')}`,
      'type',
    );
    return undefined;
  }
  const given: Record<string, unknown> = {};
  let foreign = false;
  for (const key of fields.keys()) {
    if (BASE_KEYS.includes(key)) continue;
    if (!type.fields.includes(key)) {
      foreign = true;
      reader.report(
        fields.keyPositionOf(key),
        `"${key}" is not a setting of ${type.type} channels (${what}); they take: ${type.fields.join(', ')}`,
      );
      continue;
    }
    given[key] = reader.plain(fields.node(key));
  }
  if (foreign) return undefined;
  const check = type.validate(given);
  // A secret the file leaves out is kept from the stored channel (exports cannot hold secrets),
  // so its absence is for the apply to judge: a new channel without a required one is refused.
  const problems = check.ok
    ? []
    : check.errors.filter((e) => !(type.secretFields.includes(e.field) && !(e.field in given)));
  if (!check.ok && problems.length > 0) {
    for (const error of problems) {
      const at = fields.has(error.field) ? fields.positionOf(error.field) : fields.at;
      reader.report(at, `${error.message} (${what})`, error.field);
    }
    return undefined;
  }
  if (name === undefined || !enabled) return undefined;
  // Public settings as the type normalises them (so `http://a` compares equal to the stored
  // `http://a/`), or as written when only left-out secrets kept the type from checking them;
  // secrets only when the file gives them, since leaving one out keeps it.
  const normalised = (check.ok ? check.config : given) as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const field of type.fields) {
    if (type.secretFields.includes(field)) {
      if (field in given) config[field] = given[field];
    } else if (normalised[field] !== undefined && normalised[field] !== null) {
      config[field] = normalised[field];
    }
  }
  const fieldAt: Record<string, ReturnType<Fields['positionOf']>> = {};
  for (const key of fields.keys()) fieldAt[key] = fields.positionOf(key);
  return {
    at: fields.at,
    fieldAt,
    name,
    type: type.type,
    config,
    enabled: enabled.value ?? true,
  };
}

/** A monitor may only notify channels of the same file: the file is checked without a database. */
export function checkChannelReferences(
  reader: YamlReader,
  channels: readonly ChannelSpec[],
  monitors: readonly MonitorSpec[],
): void {
  const declared = new Set(channels.map((c) => c.name));
  const known = declared.size === 0 ? 'none' : [...declared].join(', ');
  for (const monitor of monitors) {
    monitor.notify.forEach((name, i) => {
      if (declared.has(name)) return;
      reader.report(
        monitor.notifyAt[i]!,
        `monitor "${monitor.name}" notifies channel "${name}", which the file does not declare (declared: ${known})`,
        'notify',
      );
    });
  }
}
