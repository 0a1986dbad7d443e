// What the notification pages of the admin show, read from the services: the channel list with
// routes and how the last delivery went, one channel with its routes in words (everything,
// monitor X, component Y), the route form's choices, and which channels hear a monitor or
// component.
import { ValidationError } from '../../domain/errors.js';
import { DEFAULT_ROUTE_KINDS, NOTIFICATION_EVENT_KINDS } from '../../domain/notifications/index.js';
import type { AnyChannelType } from '../../notifier/channel.js';
import { channelType } from '../../notifier/channels/index.js';
import type { ChannelView } from '../../services/channel-service.js';
import type { RouteInput } from '../../services/route-service.js';
import type { RouteRow } from '../../store/channel-repository.js';
import type { DeliveryLogEntry } from '../../store/delivery-repository.js';
import type { DeliveryStatus } from '../../store/notification-schema.js';
import type { WebDependencies } from '../app.js';
import { integer, list, text, type FormValues } from './form-values.js';
import { componentChoices } from './monitor-pages.js';
import { adminPaths } from './paths.js';

export interface ChannelListEntry {
  channel: ChannelView;
  /** "Webhook", or the stored type name when this version does not know it. */
  typeLabel: string;
  routes: number;
  last: { status: DeliveryStatus; at: Date } | undefined;
}

export const typeLabel = (type: string): string => channelType(type)?.label ?? type;

export async function channelList(deps: WebDependencies): Promise<ChannelListEntry[]> {
  const { channels, routes, deliveries } = deps.services;
  const [all, allRoutes, latest] = await Promise.all([
    channels.list(),
    routes.list(),
    deliveries.latestPerChannel(),
  ]);
  const lastOf = new Map(latest.map((entry) => [entry.channelId, entry]));
  return all.map((channel) => {
    const last = lastOf.get(channel.id);
    return {
      channel,
      typeLabel: typeLabel(channel.type),
      routes: allRoutes.filter((route) => route.channel_id === channel.id).length,
      last: last && { status: last.status, at: last.createdAt },
    };
  });
}

/** A route's scope as a choice of the route form: everything, a monitor or a component. */
export type ScopeValue = '' | `monitor:${string}` | `component:${string}`;

export const monitorScope = (monitorId: string): ScopeValue => `monitor:${monitorId}`;
export const componentScope = (componentId: string): ScopeValue => `component:${componentId}`;

export interface ScopeChoices {
  monitors: Array<{ id: string; name: string }>;
  /** Components by page, as the monitor form lists them. */
  pages: Array<{
    page: { id: string; name: string };
    components: Array<{ id: string; name: string }>;
  }>;
}

export interface RouteLine {
  route: RouteRow;
  /** "Everything", "Monitor website", "Component API (Shop)". */
  scope: string;
  /** Where the scope is managed, when it is one monitor or component. */
  href: string | undefined;
  /** The kinds the route hears; `defaults` when it names none (and so follows the default set). */
  kinds: readonly string[];
  defaults: boolean;
}

async function scopeChoices(deps: WebDependencies): Promise<ScopeChoices> {
  const [monitors, pages] = await Promise.all([
    deps.services.monitors.list(),
    componentChoices(deps),
  ]);
  return {
    monitors: monitors
      .map((detail) => ({ id: detail.monitor.id, name: detail.monitor.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    pages,
  };
}

function describeRoute(route: RouteRow, choices: ScopeChoices): RouteLine {
  const kinds = route.event_kinds.length > 0 ? route.event_kinds : DEFAULT_ROUTE_KINDS;
  const base = { route, kinds, defaults: route.event_kinds.length === 0 };
  if (route.monitor_id !== null) {
    const monitor = choices.monitors.find((m) => m.id === route.monitor_id);
    return {
      ...base,
      scope: `Monitor ${monitor?.name ?? route.monitor_id}`,
      href: adminPaths.monitor(route.monitor_id),
    };
  }
  if (route.component_id !== null) {
    for (const { page, components } of choices.pages) {
      const component = components.find((c) => c.id === route.component_id);
      if (component) {
        return {
          ...base,
          scope: `Component ${component.name} (${page.name})`,
          href: adminPaths.component(component.id),
        };
      }
    }
    return { ...base, scope: `Component ${route.component_id}`, href: undefined };
  }
  return { ...base, scope: 'Everything', href: undefined };
}

export interface ChannelPage {
  channel: ChannelView;
  /** Undefined when this version does not know the stored type. */
  type: AnyChannelType | undefined;
  routes: RouteLine[];
  choices: ScopeChoices;
  recent: DeliveryLogEntry[];
  dead: number;
}

const RECENT_SHOWN = 10;

export async function channelPage(deps: WebDependencies, id: string): Promise<ChannelPage> {
  const { channels, routes, deliveries } = deps.services;
  const channel = await channels.get(id);
  const [rows, choices, recent, dead] = await Promise.all([
    routes.list({ channelId: id }),
    scopeChoices(deps),
    deliveries.list({ channelId: id, limit: RECENT_SHOWN, offset: 0 }),
    deliveries.list({ channelId: id, status: 'dead', limit: 1, offset: 0 }),
  ]);
  return {
    channel,
    type: channelType(channel.type),
    routes: rows.map((route) => describeRoute(route, choices)),
    choices,
    recent: recent.deliveries,
    dead: dead.total,
  };
}

/** The route form: the chosen scope and the ticked kinds; all the default kinds ticked means "the default set". */
export function routeInput(channelId: string, values: FormValues): RouteInput {
  const scope = text(values, 'scope') ?? '';
  const kinds = list(values, 'event_kinds');
  if (kinds.length === 0) {
    throw new ValidationError('event_kinds', 'tick at least one kind of event');
  }
  const unknown = kinds.find((kind) => !NOTIFICATION_EVENT_KINDS.includes(kind));
  if (unknown !== undefined) {
    throw new ValidationError('event_kinds', `${unknown} is not a kind of event`);
  }
  // Stored as "the default set" so the route follows the defaults if a later version widens them.
  const isDefault =
    kinds.length === DEFAULT_ROUTE_KINDS.length &&
    DEFAULT_ROUTE_KINDS.every((kind) => kinds.includes(kind));
  const input: RouteInput = {
    channel_id: channelId,
    event_kinds: isDefault ? [] : kinds,
    // Empty: no reminders; anything but a whole number goes as typed for the service to refuse.
    remind_every: integer(values, 'remind_every') ?? null,
  };
  if (scope === '') return input;
  const [kind, id] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  if (kind === 'monitor' && id) return { ...input, monitor_id: id };
  if (kind === 'component' && id) return { ...input, component_id: id };
  throw new ValidationError('scope', 'choose everything, a monitor or a component');
}

export interface HearingChannel {
  channel: ChannelView;
  line: RouteLine;
}

/**
 * The channels that hear about a monitor (routes naming it, one of its components, or everything)
 * or a component (routes naming it or everything), each with the route that makes it so.
 */
export async function hearing(
  deps: WebDependencies,
  subject: { monitorId: string; componentIds: readonly string[] } | { componentId: string },
): Promise<HearingChannel[]> {
  const { channels, routes } = deps.services;
  const [all, allRoutes, choices] = await Promise.all([
    channels.list(),
    routes.list(),
    scopeChoices(deps),
  ]);
  const byId = new Map(all.map((channel) => [channel.id, channel]));
  const applies = (route: RouteRow): boolean => {
    if ('monitorId' in subject) {
      if (route.monitor_id !== null) return route.monitor_id === subject.monitorId;
      if (route.component_id !== null) return subject.componentIds.includes(route.component_id);
      return true;
    }
    if (route.monitor_id !== null) return false;
    return route.component_id === null || route.component_id === subject.componentId;
  };
  return allRoutes.filter(applies).flatMap((route) => {
    const channel = byId.get(route.channel_id);
    return channel ? [{ channel, line: describeRoute(route, choices) }] : [];
  });
}
