// Writes the current channels, monitors, pages, groups and components as a configuration file in the format
// that `vigil config apply` reads; applying the export to the same database changes nothing.
import { Document } from 'yaml';
import { formatDuration } from '../domain/monitoring/duration.js';
import type { ComponentRow } from '../store/schema.js';
import { exportChannel } from './export-channels.js';
import { exportMonitor } from './export-monitors.js';
import type { CurrentPage, CurrentState } from './plan.js';
import { COMPONENT_DEFAULTS, PAGE_DEFAULTS } from './spec.js';

/** Names of the monitors driving a component, sorted (links have no order of their own). */
type MonitorNames = (componentId: string) => string[];

export function exportConfig(state: CurrentState): string {
  // The default page first: pages have no order of their own, and it is the one people look for.
  const pages = [...state.pages].sort(
    (a, b) => Number(b.row.is_default) - Number(a.row.is_default),
  );
  const monitorNames: MonitorNames = (componentId) =>
    state.monitors
      .filter((m) => m.componentIds.includes(componentId))
      .map((m) => m.row.name)
      .sort();
  const exportComponent = (component: ComponentRow) =>
    exportComponentOf(component, monitorNames(component.id), state.autoIncident.has(component.id));
  const withNotify = (monitor: CurrentState['monitors'][number]) => {
    const reminders = state.reminders?.get(monitor.row.id) ?? {};
    const channels = (state.notify.get(monitor.row.id) ?? []).map((name) =>
      reminders[name] === undefined
        ? name
        : { channel: name, remind_every: formatDuration(reminders[name] * 60_000) },
    );
    return { ...exportMonitor(monitor), ...(channels.length > 0 ? { notify: channels } : {}) };
  };
  const doc = new Document({
    ...(state.channels.length > 0 ? { channels: state.channels.map(exportChannel) } : {}),
    ...(state.monitors.length > 0 ? { monitors: state.monitors.map(withNotify) } : {}),
    pages: pages.map((page) => exportPage(page, exportComponent)),
  });
  doc.commentBefore =
    ' Vigil configuration (channels, monitors, pages, groups and components), exported from the database.\n' +
    ' Heartbeat push URLs are not exported: applying this to another database makes new ones.\n' +
    ' Channel secrets are not exported: add them to their channels before applying this to\n' +
    ' another database; applied where they are stored, a channel without one keeps it.\n' +
    ' Apply it with: npx vigil config apply FILE';
  return doc.toString({ lineWidth: 0 });
}

function exportPage(
  page: CurrentPage,
  exportComponent: (component: ComponentRow) => Record<string, unknown>,
): Record<string, unknown> {
  const { row } = page;
  const ungrouped = page.components.filter((c) => c.group_id === null);
  return {
    slug: row.slug,
    name: row.name,
    ...(row.is_default ? { default: true } : {}),
    ...(row.description !== PAGE_DEFAULTS.description ? { description: row.description } : {}),
    ...(row.url !== PAGE_DEFAULTS.url ? { url: row.url } : {}),
    ...(row.time_zone !== PAGE_DEFAULTS.time_zone ? { time_zone: row.time_zone } : {}),
    ...(row.is_private ? { private: true } : {}),
    // Ungrouped components first, as the public page shows them.
    ...(ungrouped.length > 0 ? { components: ungrouped.map(exportComponent) } : {}),
    ...(page.groups.length > 0
      ? {
          groups: page.groups.map((group) => {
            const members = page.components.filter((c) => c.group_id === group.id);
            return {
              name: group.name,
              ...(group.description ? { description: group.description } : {}),
              ...(members.length > 0 ? { components: members.map(exportComponent) } : {}),
            };
          }),
        }
      : {}),
  };
}

function exportComponentOf(
  component: ComponentRow,
  monitors: string[],
  autoIncident: boolean,
): Record<string, unknown> {
  return {
    name: component.name,
    ...(component.description !== COMPONENT_DEFAULTS.description
      ? { description: component.description }
      : {}),
    ...(component.showcase !== COMPONENT_DEFAULTS.showcase ? { showcase: component.showcase } : {}),
    ...(component.only_show_if_degraded !== COMPONENT_DEFAULTS.only_show_if_degraded
      ? { only_show_if_degraded: component.only_show_if_degraded }
      : {}),
    ...(component.start_date !== COMPONENT_DEFAULTS.start_date
      ? { start_date: component.start_date }
      : {}),
    ...(monitors.length > 0 ? { monitors } : {}),
    ...(autoIncident !== COMPONENT_DEFAULTS.auto_incident ? { auto_incident: autoIncident } : {}),
  };
}
