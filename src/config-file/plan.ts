// Compares the state a file declares with the database and lists the writes that make them equal:
// nothing when they already are, so applying the same file twice writes nothing the second time.
import type { ComponentInput, GroupInput, PageInput } from '../services/status-page-service.js';
import type { ComponentGroupRow, ComponentRow, PageRow } from '../store/schema.js';
import {
  planChannelDeletes,
  planChannelWrites,
  planNotify,
  type ChannelStep,
  type CurrentChannel,
  type NotifyStep,
} from './plan-channels.js';
import {
  componentLinkChanges,
  planMonitorDeletes,
  planMonitorWrites,
  type ComponentLinks,
  type CurrentMonitor,
  type MonitorStep,
} from './plan-monitors.js';
import {
  fileKey,
  type ComponentSpec,
  type Located,
  type PageSpec,
  type ConfigSpec,
} from './spec.js';

export interface CurrentPage {
  row: PageRow;
  /** In display order (as the repository lists them). */
  groups: ComponentGroupRow[];
  /** In display order (as the repository lists them). */
  components: ComponentRow[];
}

export interface CurrentState {
  channels: CurrentChannel[];
  /** Monitor id → names of the channels its routes send to. */
  notify: ReadonlyMap<string, readonly string[]>;
  /** Monitor id → channel name → minutes between reminders, for routes that have them. */
  reminders?: ReadonlyMap<string, Readonly<Record<string, number>>>;
  pages: CurrentPage[];
  monitors: CurrentMonitor[];
  /** Ids of the components that open incidents on their own. */
  autoIncident: ReadonlySet<string>;
}

export interface PlanOptions {
  /**
   * Delete groups and components that the declared pages have but the file does not, and monitors
   * and channels the file does not declare (only when it has that section).
   */
  prune: boolean;
  /** Also delete pages the file does not declare (with their incidents). */
  prunePages: boolean;
}

type Kind = 'page' | 'group' | 'component' | 'monitor' | 'channel';

interface StepBase {
  kind: Kind;
  /** How the thing is named in plan output: `main`, `main/Core`, `main/Core/API`. */
  label: string;
  /** Where it is declared, to point errors at the file; absent for deletions. */
  source?: Located;
}

export type PlanStep =
  | (StepBase & { op: 'create'; kind: 'page'; input: PageInput })
  | (StepBase & { op: 'update'; kind: 'page'; id: string; changes: PageInput })
  | (StepBase & { op: 'create'; kind: 'group'; page: string; input: GroupInput })
  | (StepBase & { op: 'update'; kind: 'group'; id: string; changes: GroupInput })
  | (StepBase & {
      op: 'create';
      kind: 'component';
      page: string;
      /** Group name, resolved to an id when the step runs (the group may be created by this plan). */
      group: string | null;
      input: Omit<ComponentInput, 'group_id'>;
      links?: ComponentLinks;
    })
  | (StepBase & {
      op: 'update';
      kind: 'component';
      id: string;
      page: string;
      /** Present only when the component moves to another group (null: out of any group). */
      group?: string | null;
      changes: Omit<ComponentInput, 'group_id'>;
      links?: ComponentLinks;
    })
  | Exclude<MonitorStep, { op: 'delete' }>
  | Exclude<ChannelStep, { op: 'delete' }>
  | NotifyStep
  | (StepBase & { op: 'delete'; id: string });

export function planChanges(
  spec: ConfigSpec,
  state: CurrentState,
  options: PlanOptions,
): PlanStep[] {
  const bySlug = new Map(state.pages.map((page) => [page.row.slug, page]));
  // Channels and monitors first: monitors notify channels, components are linked to monitors.
  const steps: PlanStep[] = [
    ...planChannelWrites(spec, state.channels),
    ...planMonitorWrites(spec, state.monitors),
    ...planNotify(spec, state.monitors, state.notify, state.reminders),
  ];
  steps.push(
    ...spec.pages.flatMap((page) => planPage(page, bySlug.get(page.slug), state, options)),
  );
  if (options.prune && spec.declaresMonitors)
    steps.push(...planMonitorDeletes(spec, state.monitors));
  if (options.prune && spec.declaresChannels)
    steps.push(...planChannelDeletes(spec, state.channels));
  if (options.prunePages) {
    const declared = new Set(spec.pages.map((page) => page.slug));
    for (const page of state.pages) {
      if (!declared.has(page.row.slug)) {
        steps.push({ op: 'delete', kind: 'page', id: page.row.id, label: page.row.slug });
      }
    }
  }
  return steps;
}

function planPage(
  page: PageSpec,
  current: CurrentPage | undefined,
  state: CurrentState,
  options: PlanOptions,
): PlanStep[] {
  const steps: PlanStep[] = [];
  const fields = {
    name: page.name,
    description: page.description,
    url: page.url,
    time_zone: page.time_zone,
    is_private: page.is_private,
  };
  if (!current) {
    steps.push({
      op: 'create',
      kind: 'page',
      label: page.slug,
      source: page,
      input: { slug: page.slug, ...fields, ...(page.is_default ? { is_default: true } : {}) },
    });
  } else {
    const changes: PageInput = differences(fields, current.row);
    // Leaving `default` out (or false) keeps whichever page is the default now: a page can only stop
    // being the default by another one becoming it.
    if (page.is_default && !current.row.is_default) changes.is_default = true;
    if (Object.keys(changes).length > 0) {
      steps.push({
        op: 'update',
        kind: 'page',
        id: current.row.id,
        label: page.slug,
        source: page,
        changes,
      });
    }
  }
  steps.push(...planGroups(page, current));
  steps.push(...planComponents(page, current, state));
  if (current && options.prune) steps.push(...pruneSteps(page, current));
  return steps;
}

function planGroups(page: PageSpec, current: CurrentPage | undefined): PlanStep[] {
  const existing = new Map((current?.groups ?? []).map((g, rank) => [g.name, { row: g, rank }]));
  const positions = orderedPositions(
    page.groups.map((g) => g.name),
    new Map([...existing].map(([name, e]) => [name, { rank: e.rank, position: e.row.position }])),
  );
  return page.groups.flatMap((group, index): PlanStep[] => {
    const label = `${page.slug}/${group.name}`;
    const wanted = { description: group.description, position: positions[index]! };
    const found = existing.get(group.name);
    if (!found) {
      return [
        {
          op: 'create',
          kind: 'group',
          page: page.slug,
          label,
          source: group,
          input: { name: group.name, ...wanted },
        },
      ];
    }
    const changes = differences(wanted, found.row);
    if (Object.keys(changes).length === 0) return [];
    return [{ op: 'update', kind: 'group', id: found.row.id, label, source: group, changes }];
  });
}

function planComponents(
  page: PageSpec,
  current: CurrentPage | undefined,
  state: CurrentState,
): PlanStep[] {
  const groupNames = new Map((current?.groups ?? []).map((g) => [g.id, g.name]));
  const existing = new Map(
    (current?.components ?? []).map((c, rank) => [
      c.name,
      { row: c, rank, group: c.group_id ? (groupNames.get(c.group_id) ?? null) : null },
    ]),
  );
  const position = new Map<ComponentSpec, number>();
  for (const container of new Set(page.components.map((c) => c.group))) {
    const members = page.components.filter((c) => c.group === container);
    const ranks = new Map<string, { rank: number; position: number }>();
    for (const [name, e] of existing) {
      if (e.group === container) ranks.set(name, { rank: e.rank, position: e.row.position });
    }
    const positions = orderedPositions(
      members.map((c) => c.name),
      ranks,
    );
    members.forEach((member, index) => position.set(member, positions[index]!));
  }
  return page.components.flatMap((component): PlanStep[] => {
    const label = [page.slug, component.group, component.name].filter((p) => p !== null).join('/');
    const wanted = {
      description: component.description,
      showcase: component.showcase,
      only_show_if_degraded: component.only_show_if_degraded,
      start_date: component.start_date,
      position: position.get(component)!,
    };
    const found = existing.get(component.name);
    const links = componentLinkChanges(
      component,
      found?.row.id,
      state.monitors,
      state.autoIncident,
    );
    const linked = Object.keys(links).length > 0 ? { links } : {};
    if (!found) {
      return [
        {
          op: 'create',
          kind: 'component',
          page: page.slug,
          group: component.group,
          label,
          source: component,
          input: { name: component.name, ...wanted },
          ...linked,
        },
      ];
    }
    const changes = differences(wanted, found.row);
    const moves = found.group !== component.group;
    if (Object.keys(changes).length === 0 && !moves && !linked.links) return [];
    return [
      {
        op: 'update',
        kind: 'component',
        id: found.row.id,
        page: page.slug,
        label,
        source: component,
        changes,
        ...(moves ? { group: component.group } : {}),
        ...linked,
      },
    ];
  });
}

function pruneSteps(page: PageSpec, current: CurrentPage): PlanStep[] {
  const groups = new Set(page.groups.map((g) => g.name));
  const components = new Set(page.components.map((c) => c.name));
  const groupNames = new Map(current.groups.map((g) => [g.id, g.name]));
  return [
    ...current.components
      .filter((c) => !components.has(c.name))
      .map((c): PlanStep => {
        const group = c.group_id ? groupNames.get(c.group_id) : undefined;
        const label = [page.slug, group, c.name].filter(Boolean).join('/');
        return { op: 'delete', kind: 'component', id: c.id, label };
      }),
    ...current.groups
      .filter((g) => !groups.has(g.name))
      .map((g): PlanStep => ({
        op: 'delete',
        kind: 'group',
        id: g.id,
        label: `${page.slug}/${g.name}`,
      })),
  ];
}

/**
 * Positions for items wanted in this order. When the existing items already show in this order,
 * their positions are kept (so an export, whose positions may have gaps or ties, re-applies as a
 * no-op); otherwise the container is renumbered 0, 1, 2, ... in file order.
 */
export function orderedPositions(
  wanted: readonly string[],
  current: ReadonlyMap<string, { rank: number; position: number }>,
): number[] {
  const found = wanted.map((name) => current.get(name));
  const inOrder = found.every(
    (item, i) => item !== undefined && (i === 0 || item.rank > found[i - 1]!.rank),
  );
  return inOrder ? found.map((item) => item!.position) : wanted.map((_, i) => i);
}

/** The wanted values that differ from the row's. */
function differences<T extends Record<string, unknown>>(wanted: T, row: object): Partial<T> {
  const current = row as Record<string, unknown>;
  const changes: Partial<T> = {};
  for (const [key, value] of Object.entries(wanted) as Array<
    [keyof T & string, T[keyof T & string]]
  >) {
    if ((current[key] ?? null) !== (value ?? null)) changes[key] = value;
  }
  return changes;
}

/** The plan as people read it: `+ component main/Core/API`, `~ page main: name`. */
export function formatPlan(steps: readonly PlanStep[]): string {
  return steps
    .map((step) => {
      const sign = step.op === 'create' ? '+' : step.op === 'update' ? '~' : '-';
      const line = `${sign} ${step.kind} ${step.label}`;
      return step.op === 'update' ? `${line}: ${changedFields(step).join(', ')}` : line;
    })
    .join('\n');
}

export function changedFields(step: PlanStep): string[] {
  if (step.op !== 'update') return [];
  if (step.kind === 'monitor' || step.kind === 'channel') return step.fields;
  if (step.kind === 'notify') {
    const entries = step.channels.map((name) =>
      step.remindEvery[name] === undefined
        ? name
        : `${name} (remind every ${step.remindEvery[name]}m)`,
    );
    return [`notify [${entries.join(', ')}]`];
  }
  const fields = Object.keys(step.changes).map(fileKey);
  if (step.kind === 'component' && step.group !== undefined) fields.unshift('group');
  if (step.kind === 'component') fields.push(...Object.keys(step.links ?? {}));
  return fields;
}

export function countSteps(steps: readonly PlanStep[]): Record<PlanStep['op'], number> {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const step of steps) counts[step.op] += 1;
  return counts;
}
