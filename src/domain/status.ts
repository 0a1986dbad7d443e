// The status vocabulary of a status page (Statuspage v2 compatible) and the rules that combine it.

export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

export const STATUS_INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type StatusIndicator = (typeof STATUS_INDICATORS)[number];

export interface PageStatus {
  indicator: StatusIndicator;
  description: string;
}

export function isComponentStatus(value: unknown): value is ComponentStatus {
  return typeof value === 'string' && (COMPONENT_STATUSES as readonly string[]).includes(value);
}
export function isIncidentStatus(value: unknown): value is IncidentStatus {
  return typeof value === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(value);
}
export function isMaintenanceStatus(value: unknown): value is MaintenanceStatus {
  return typeof value === 'string' && (MAINTENANCE_STATUSES as readonly string[]).includes(value);
}
export function isIncidentImpact(value: unknown): value is IncidentImpact {
  return typeof value === 'string' && (INCIDENT_IMPACTS as readonly string[]).includes(value);
}

/** Human wording of each component status, as shown on the page. */
export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus | MaintenanceStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

/** Order of severity; `under_maintenance` is planned, so it ranks below any unplanned trouble. */
const COMPONENT_SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function componentSeverity(status: ComponentStatus): number {
  return COMPONENT_SEVERITY[status];
}

export function worstComponentStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses)
    if (COMPONENT_SEVERITY[status] > COMPONENT_SEVERITY[worst]) worst = status;
  return worst;
}

const INDICATOR_SEVERITY: Record<StatusIndicator, number> = {
  none: 0,
  maintenance: 1,
  minor: 2,
  major: 3,
  critical: 4,
};

const INDICATOR_DESCRIPTIONS: Record<StatusIndicator, string> = {
  none: 'All Systems Operational',
  maintenance: 'Service Under Maintenance',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

const COMPONENT_INDICATOR: Record<ComponentStatus, StatusIndicator> = {
  operational: 'none',
  under_maintenance: 'maintenance',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

export interface PageStatusInputs {
  componentStatuses: Iterable<ComponentStatus>;
  /** Impacts of the unresolved incidents. */
  unresolvedImpacts: Iterable<IncidentImpact>;
  /** True when at least one maintenance is in progress or verifying. */
  maintenanceActive: boolean;
}

/** The overall indicator: the worst of the components, the open incidents and active maintenance. */
export function pageStatus(inputs: PageStatusInputs): PageStatus {
  let indicator: StatusIndicator = inputs.maintenanceActive ? 'maintenance' : 'none';
  const raise = (candidate: StatusIndicator): void => {
    if (INDICATOR_SEVERITY[candidate] > INDICATOR_SEVERITY[indicator]) indicator = candidate;
  };
  for (const status of inputs.componentStatuses) raise(COMPONENT_INDICATOR[status]);
  for (const impact of inputs.unresolvedImpacts) raise(impact);
  return { indicator, description: INDICATOR_DESCRIPTIONS[indicator] };
}
