// Which components a visitor sees and how they are grouped: hidden ones (`showcase: false`, or
// `only_show_if_degraded` while operational) are left out, and each group shows its worst status.
import { worstComponentStatus, type ComponentStatus } from '../../domain/status.js';
import type { ComponentGroupRow, ComponentRow } from '../../store/schema.js';
import { asComponentStatus } from './presentation.js';

export interface VisibleGroup {
  group: ComponentGroupRow;
  components: ComponentRow[];
  worst: ComponentStatus;
}

export interface ComponentLayout {
  /** Components outside any group, shown first. */
  ungrouped: ComponentRow[];
  /** Groups with at least one visible component, in their order. */
  groups: VisibleGroup[];
}

export function isComponentVisible(component: ComponentRow): boolean {
  if (!component.showcase) return false;
  return !(component.only_show_if_degraded && component.status === 'operational');
}

export function componentLayout(
  groups: readonly ComponentGroupRow[],
  components: readonly ComponentRow[],
): ComponentLayout {
  const visible = components.filter(isComponentVisible);
  const knownGroups = new Set(groups.map((group) => group.id));
  const ungrouped = visible.filter((c) => c.group_id === null || !knownGroups.has(c.group_id));
  const laidOut: VisibleGroup[] = [];
  for (const group of groups) {
    const members = visible.filter((c) => c.group_id === group.id);
    if (members.length === 0) continue;
    laidOut.push({
      group,
      components: members,
      worst: worstComponentStatus(members.map((c) => asComponentStatus(c.status))),
    });
  }
  return { ungrouped, groups: laidOut };
}
