// The state a configuration file declares (pages, their groups and components), with where in the
// file each value came from so that any later error can point at its line and column.

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

export interface ConfigSpec {
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
} as const;

/** The file's key for a service input field, for messages and plan output. */
export function fileKey(field: string): string {
  if (field === 'is_private') return 'private';
  if (field === 'is_default') return 'default';
  if (field === 'group_id') return 'group';
  return field;
}
