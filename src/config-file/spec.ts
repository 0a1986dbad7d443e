// The state a configuration file declares (channels, monitors, pages, their groups and components), with where
// in the file each value came from so that any later error can point at its line and column.
import type { MonitorSettings } from '../domain/monitoring/settings.js';
import type { MonitorKind } from '../domain/monitoring/monitor-spec.js';

/** 1-based, as editors show them. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Where each field's value is, keyed by the service input name (`is_private`, not `private`). */
export type FieldPositions = Partial<Record<string, SourcePosition>>;

export interface Located {
  /** The start of the item (the list entry) in the file. */
  at: SourcePosition;
  fieldAt: FieldPositions;
}

export interface ComponentSpec extends Located {
  name: string;
  /** Name of the group it is declared in, or null when listed directly under the page. */
  group: string | null;
  description: string;
  showcase: boolean;
  only_show_if_degraded: boolean;
  start_date: string | null;
  /** Names of the monitors (declared in the same file) that drive this component's status. */
  monitors: string[];
  /** Where each name of `monitors` is written, in the same order. */
  monitorsAt: SourcePosition[];
  /** Open an incident on its own when its monitors go down. */
  auto_incident: boolean;
}

export interface GroupSpec extends Located {
  name: string;
  description: string;
}

export interface PageSpec extends Located {
  slug: string;
  name: string;
  description: string;
  url: string | null;
  time_zone: string;
  is_private: boolean;
  /** True only when the file says `default: true`; false means "leave the default page alone". */
  is_default: boolean;
  groups: GroupSpec[];
  /** Every component of the page in file order, grouped or not. */
  components: ComponentSpec[];
}

export interface MonitorSpec extends Located {
  name: string;
  type: MonitorKind;
  /** The type-specific target as the domain stores it (parseMonitorSpec's result). */
  target: Record<string, unknown>;
  settings: MonitorSettings;
  conditions: string[];
  /** Names of the channels (declared in the same file) that hear this monitor's events. */
  notify: string[];
  /** Where each name of `notify` is written, in the same order. */
  notifyAt: SourcePosition[];
  /** Channel name → minutes between "still down" reminders (`{channel, remind_every}` entries). */
  remindEvery: Record<string, number>;
}

export interface ChannelSpec extends Located {
  name: string;
  type: string;
  /**
   * The type's settings as the file gives them, checked by the type (secrets in clear: the file
   * holds them; the database will not). A secret the file leaves out keeps its stored value.
   */
  config: Record<string, unknown>;
  enabled: boolean;
}

export interface ConfigSpec {
  channels: ChannelSpec[];
  /** Whether the file has a `channels` section; only then does --prune delete channels. */
  declaresChannels: boolean;
  monitors: MonitorSpec[];
  /** Whether the file has a `monitors` section; only then does --prune delete monitors. */
  declaresMonitors: boolean;
  pages: PageSpec[];
}

/** The values a field takes when the file leaves it out (absent means default, not "unchanged"). */
export const PAGE_DEFAULTS = {
  description: '',
  url: null,
  time_zone: 'Etc/UTC',
  is_private: false,
} as const;

export const COMPONENT_DEFAULTS = {
  description: '',
  showcase: true,
  only_show_if_degraded: false,
  start_date: null,
  auto_incident: false,
} as const;

/** The regions a monitor of the file is checked from when it names none. */
export const DEFAULT_MONITOR_REGIONS: readonly string[] = ['local'];

/** The file's key for a service input field, for messages and plan output. */
export function fileKey(field: string): string {
  if (field === 'is_private') return 'private';
  if (field === 'is_default') return 'default';
  if (field === 'group_id') return 'group';
  return field;
}
