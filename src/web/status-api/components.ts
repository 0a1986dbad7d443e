// Components and component groups of a page as Statuspage v2 component objects, in page order.
//
// Order rule (Statuspage lists groups and ungrouped components interleaved by position, each group
// followed by its members): the top level holds groups and ungrouped components sorted by their
// stored position (a group before a component at the same position, then by creation time and
// id); right after each group come its components sorted the same way. Vigil stores positions per
// table, so the `position` sent is the 1-based rank in that flattened order: sorting the array by
// `position`, as Statuspage clients do, gives the order the page shows.
import type { ComponentStatus } from '../../domain/status.js';
import { worstComponentStatus } from '../../domain/status.js';
import type { ComponentGroupRow, ComponentRow } from '../../store/schema.js';

export interface StatuspageComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Only on groups: ids of the group's components, in page order. */
  components?: string[];
}

interface Positioned {
  position: number;
  created_at: Date;
  id: string;
}

function byPosition(a: Positioned, b: Positioned): number {
  return (
    a.position - b.position ||
    a.created_at.getTime() - b.created_at.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

type Entry = { kind: 'group'; row: ComponentGroupRow } | { kind: 'component'; row: ComponentRow };

function topLevelOrder(a: Entry, b: Entry): number {
  if (a.row.position !== b.row.position) return a.row.position - b.row.position;
  if (a.kind !== b.kind) return a.kind === 'group' ? -1 : 1;
  return byPosition(a.row, b.row);
}

function componentObject(
  row: ComponentRow,
  position: number,
  groupId: string | null,
): StatuspageComponent {
  return {
    id: row.id,
    name: row.name,
    status: row.status as ComponentStatus,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    position,
    description: row.description === '' ? null : row.description,
    showcase: row.showcase,
    start_date: row.start_date,
    group_id: groupId,
    page_id: row.page_id,
    group: false,
    only_show_if_degraded: row.only_show_if_degraded,
  };
}

function groupObject(
  row: ComponentGroupRow,
  members: readonly ComponentRow[],
  position: number,
): StatuspageComponent {
  return {
    id: row.id,
    name: row.name,
    status: worstComponentStatus(members.map((member) => member.status as ComponentStatus)),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    position,
    description: row.description === '' ? null : row.description,
    // Groups are containers: Statuspage never showcases them or hides them when healthy.
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: row.page_id,
    group: true,
    only_show_if_degraded: false,
    components: members.map((member) => member.id),
  };
}

/** Every group and component of the page as Statuspage component objects, in page order. */
export function statuspageComponents(
  groups: readonly ComponentGroupRow[],
  components: readonly ComponentRow[],
): StatuspageComponent[] {
  const groupIds = new Set(groups.map((group) => group.id));
  const members = new Map<string, ComponentRow[]>();
  const topLevel: Entry[] = groups.map((row) => ({ kind: 'group', row }));
  for (const component of components) {
    if (component.group_id !== null && groupIds.has(component.group_id)) {
      const list = members.get(component.group_id);
      if (list) list.push(component);
      else members.set(component.group_id, [component]);
    } else {
      topLevel.push({ kind: 'component', row: component });
    }
  }
  topLevel.sort(topLevelOrder);
  const result: StatuspageComponent[] = [];
  for (const entry of topLevel) {
    if (entry.kind === 'component') {
      result.push(componentObject(entry.row, result.length + 1, null));
      continue;
    }
    const groupMembers = [...(members.get(entry.row.id) ?? [])].sort(byPosition);
    result.push(groupObject(entry.row, groupMembers, result.length + 1));
    for (const member of groupMembers) {
      result.push(componentObject(member, result.length + 1, entry.row.id));
    }
  }
  return result;
}
