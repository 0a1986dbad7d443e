// Which channels hear an event: the routing rule, as pure functions over the routes and what the
// event concerns (its monitor, and the components of that monitor or of the incident).
import { DEFAULT_ROUTE_KINDS } from './event-kinds.js';
import type { NotificationEvent } from './events.js';

export interface NotificationRoute {
  channelId: string;
  /** Only this monitor's events; null: not limited to one monitor. */
  monitorId: string | null;
  /** Only events of this component's monitors and incidents; null: not limited to one. */
  componentId: string | null;
  /** Empty: DEFAULT_ROUTE_KINDS. */
  eventKinds: readonly string[];
  /** Minutes between "still down" reminders (see reminders.ts); null or absent: none. */
  remindEveryMinutes?: number | null;
}

/** What an event concerns, as far as routing is concerned. */
export interface EventScope {
  kind: string;
  /** The monitor that changed, for monitor events. */
  monitorId: string | null;
  /** The monitor's components (monitor events) or the incident's (incident events). */
  componentIds: readonly string[];
}

export function routeMatches(route: NotificationRoute, scope: EventScope): boolean {
  const kinds = route.eventKinds.length > 0 ? route.eventKinds : DEFAULT_ROUTE_KINDS;
  if (!kinds.includes(scope.kind)) return false;
  if (route.monitorId !== null) return route.monitorId === scope.monitorId;
  if (route.componentId !== null) return scope.componentIds.includes(route.componentId);
  return true;
}

/**
 * The channels an event goes to, each once however many of its routes match, in the order of
 * their first matching route; channels not in `enabled` (disabled or unknown) are left out.
 */
export function channelsForEvent(
  routes: readonly NotificationRoute[],
  scope: EventScope,
  enabled: ReadonlySet<string>,
): string[] {
  const chosen = new Set<string>();
  for (const route of routes) {
    if (enabled.has(route.channelId) && routeMatches(route, scope)) chosen.add(route.channelId);
  }
  return [...chosen];
}

/** The scope of an event: for a monitor event, `monitorComponents` gives the monitor's components. */
export function scopeOf(
  event: NotificationEvent,
  monitorComponents: ReadonlyMap<string, readonly string[]>,
): EventScope {
  if (event.subject === 'monitor') {
    return {
      kind: event.type,
      monitorId: event.monitor.id,
      componentIds: monitorComponents.get(event.monitor.id) ?? [],
    };
  }
  if (event.subject === 'incident') {
    return { kind: event.type, monitorId: null, componentIds: event.incident.componentIds };
  }
  return { kind: event.type, monitorId: null, componentIds: [] };
}
