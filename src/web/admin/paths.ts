// Every admin URL in one place, so routes, redirects and links cannot drift apart.
export const ADMIN_PREFIX = '/admin';

const at = (path: string): string => `${ADMIN_PREFIX}${path}`;
const id = (value: string): string => encodeURIComponent(value);
/** An update of an incident or maintenance lives under its parent: `/incidents/:id/updates/:updateId`. */
const update = (parent: string, parentId: string, updateId: string): string =>
  at(`/${parent}/${id(parentId)}/updates/${id(updateId)}`);

/** The filters of the subscriber list as its query string names them. */
export interface SubscriberFilterQuery {
  q?: string;
  page?: string;
  status?: string;
  kind?: string;
}

/** The filters of the delivery log as its query string names them; empty values mean "any". */
export interface DeliveryFilterQuery {
  status?: string;
  target?: string;
  channel?: string;
  subscriber?: string;
}

/** `/admin/<path>?<the non-empty values>` */
function withQuery(path: string, values: object): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value) query.set(name, value);
  }
  const search = query.toString();
  return at(`${path}${search ? `?${search}` : ''}`);
}

export const adminPaths = {
  dashboard: ADMIN_PREFIX,
  setup: at('/setup'),
  login: at('/login'),
  logout: at('/logout'),
  stylesheet: at('/assets/admin.css'),
  account: at('/account'),
  accountPassword: at('/account/password'),

  pages: at('/pages'),
  newPage: at('/pages/new'),
  page: (pageId: string) => at(`/pages/${id(pageId)}`),
  editPage: (pageId: string) => at(`/pages/${id(pageId)}/edit`),
  deletePage: (pageId: string) => at(`/pages/${id(pageId)}/delete`),

  newGroup: (pageId: string) => at(`/pages/${id(pageId)}/groups/new`),
  groups: (pageId: string) => at(`/pages/${id(pageId)}/groups`),
  group: (groupId: string) => at(`/groups/${id(groupId)}`),
  deleteGroup: (groupId: string) => at(`/groups/${id(groupId)}/delete`),

  newComponent: (pageId: string) => at(`/pages/${id(pageId)}/components/new`),
  components: (pageId: string) => at(`/pages/${id(pageId)}/components`),
  component: (componentId: string) => at(`/components/${id(componentId)}`),
  componentStatus: (componentId: string) => at(`/components/${id(componentId)}/status`),
  deleteComponent: (componentId: string) => at(`/components/${id(componentId)}/delete`),

  incidents: at('/incidents'),
  newIncident: at('/incidents/new'),
  incident: (incidentId: string) => at(`/incidents/${id(incidentId)}`),
  incidentUpdates: (incidentId: string) => at(`/incidents/${id(incidentId)}/updates`),
  deleteIncident: (incidentId: string) => at(`/incidents/${id(incidentId)}/delete`),
  editIncidentUpdate: (incidentId: string, updateId: string) =>
    `${update('incidents', incidentId, updateId)}/edit`,

  maintenances: at('/maintenances'),
  newMaintenance: at('/maintenances/new'),
  maintenance: (maintenanceId: string) => at(`/maintenances/${id(maintenanceId)}`),
  maintenanceUpdates: (maintenanceId: string) => at(`/maintenances/${id(maintenanceId)}/updates`),
  deleteMaintenance: (maintenanceId: string) => at(`/maintenances/${id(maintenanceId)}/delete`),
  editMaintenanceUpdate: (maintenanceId: string, updateId: string) =>
    `${update('maintenances', maintenanceId, updateId)}/edit`,

  monitors: at('/monitors'),
  newMonitor: at('/monitors/new'),
  /** The form of one monitor type (the type is chosen first; see monitor-routes.tsx). */
  newMonitorOfType: (type: string) => at(`/monitors/new?type=${id(type)}`),
  monitor: (monitorId: string) => at(`/monitors/${id(monitorId)}`),
  monitorRange: (monitorId: string, range: string) =>
    at(`/monitors/${id(monitorId)}?range=${id(range)}`),
  editMonitor: (monitorId: string) => at(`/monitors/${id(monitorId)}/edit`),
  pauseMonitor: (monitorId: string) => at(`/monitors/${id(monitorId)}/pause`),
  resumeMonitor: (monitorId: string) => at(`/monitors/${id(monitorId)}/resume`),
  deleteMonitor: (monitorId: string) => at(`/monitors/${id(monitorId)}/delete`),

  probeTokens: at('/probe-tokens'),
  revokeProbeToken: (tokenId: string) => at(`/probe-tokens/${id(tokenId)}/revoke`),

  channels: at('/channels'),
  newChannel: at('/channels/new'),
  /** The form of one channel type (the type is chosen first, as for monitors). */
  newChannelOfType: (type: string) => at(`/channels/new?type=${id(type)}`),
  channel: (channelId: string) => at(`/channels/${id(channelId)}`),
  editChannel: (channelId: string) => at(`/channels/${id(channelId)}/edit`),
  testChannel: (channelId: string) => at(`/channels/${id(channelId)}/test`),
  deleteChannel: (channelId: string) => at(`/channels/${id(channelId)}/delete`),
  channelRoutes: (channelId: string) => at(`/channels/${id(channelId)}/routes`),
  deleteRoute: (routeId: string) => at(`/routes/${id(routeId)}/delete`),
  /** A new route of the channel with the scope chosen already (from a monitor or component). */
  newRouteFor: (channelId: string, scope: string) =>
    at(`/channels/${id(channelId)}?scope=${id(scope)}#add-route`),
  retryDeadOfChannel: (channelId: string) => at(`/channels/${id(channelId)}/retry-dead`),

  deliveries: at('/deliveries'),
  /** The delivery log filtered. */
  deliveriesWhere: (filter: DeliveryFilterQuery) =>
    withQuery('/deliveries', {
      status: filter.status,
      target: filter.target,
      channel: filter.channel,
      subscriber: filter.subscriber,
    }),
  deadLetters: at('/deliveries?status=dead'),
  delivery: (deliveryId: string | number) => at(`/deliveries/${id(String(deliveryId))}`),
  retryDelivery: (deliveryId: string | number) => at(`/deliveries/${id(String(deliveryId))}/retry`),

  subscribers: at('/subscribers'),
  /** The subscriber list (or with `.csv`, its export) filtered; empty values mean "any". */
  subscribersWhere: (filter: SubscriberFilterQuery, csv = false) =>
    withQuery(`/subscribers${csv ? '.csv' : ''}`, filter),
  removeSubscriber: (subscriberId: string) => at(`/subscribers/${id(subscriberId)}/remove`),

  apiKeys: at('/api-keys'),
  revokeApiKey: (keyId: string) => at(`/api-keys/${id(keyId)}/revoke`),

  users: at('/users'),
  newUser: at('/users/new'),
  removeUser: (userId: string) => at(`/users/${id(userId)}/remove`),

  apiDocs: '/api/v1/docs',
} as const;
