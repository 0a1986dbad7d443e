// A monitor's `notify`: the channels that hear it, each as a name (`notify: [ops-hook]`) or with
// options (`notify: [{channel: ops-hook, remind_every: 30m}]`), where remind_every is a duration
// like the file's others, in whole minutes between 5m and 1 week. Problems carry line and column.
import { isMap, isScalar, type Node } from 'yaml';
import { ValidationError } from '../domain/errors.js';
import { parseDuration } from '../domain/monitoring/duration.js';
import { remindEveryProblem } from '../domain/notifications/index.js';
import { describe, type Fields, type Value, type YamlReader } from './yaml-reader.js';

export interface NotifyEntries {
  names: Value<string>[];
  /** Channel name → minutes between "still down" reminders, for entries that set it. */
  remindEvery: Record<string, number>;
}

const ENTRY_KEYS = ['channel', 'remind_every'];

export function readNotifyList(reader: YamlReader, fields: Fields, what: string): NotifyEntries {
  const names: Value<string>[] = [];
  const remindEvery: Record<string, number> = {};
  for (const node of reader.list(fields.node('notify'), `"notify" of ${what}`)) {
    const at = reader.position(node);
    const entry = isMap(node) ? readEntry(reader, node, what) : readName(reader, node, what);
    if (!entry) continue;
    if (names.some((n) => n.value === entry.name)) {
      reader.report(at, `${what} lists channel "${entry.name}" twice`);
      continue;
    }
    names.push({ value: entry.name, at });
    if (entry.minutes !== null) remindEvery[entry.name] = entry.minutes;
  }
  return { names, remindEvery };
}

function readName(
  reader: YamlReader,
  node: Node | null,
  what: string,
): { name: string; minutes: null } | undefined {
  if (isScalar(node) && typeof node.value === 'string') return { name: node.value, minutes: null };
  reader.report(
    reader.position(node),
    `"notify" of ${what} must list channel names or {channel, remind_every}, got ${describe(node)}`,
  );
  return undefined;
}

function readEntry(
  reader: YamlReader,
  node: Node,
  what: string,
): { name: string; minutes: number | null } | undefined {
  const entry = reader.fields(node, `a "notify" entry of ${what}`, ENTRY_KEYS);
  if (!entry) return undefined;
  const name = entry.string('channel', { required: true });
  const remind = entry.node('remind_every');
  const minutes = entry.check(
    'remind_every',
    remind === null
      ? undefined
      : { value: reader.plain(remind), at: entry.positionOf('remind_every') },
    remindEveryMinutes,
  );
  if (!name || (remind !== null && minutes === undefined)) return undefined;
  return { name: name.value, minutes: minutes ?? null };
}

/** A remind_every as the file writes it ("30m", "2h"; null: none) in minutes, or refused. */
export function remindEveryMinutes(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  // A bare number could mean minutes or milliseconds: the file spells durations with a unit.
  if (typeof value === 'number') {
    throw new ValidationError('remind_every', 'remind_every must be a duration such as 30m or 2h');
  }
  const ms = parseDuration(value, 'remind_every');
  if (ms % 60_000 !== 0) {
    throw new ValidationError('remind_every', 'remind_every must be whole minutes (e.g. 30m)');
  }
  const minutes = ms / 60_000;
  const problem = remindEveryProblem(minutes);
  if (problem !== null) throw new ValidationError('remind_every', `remind_every ${problem}`);
  return minutes;
}
