// Kysely table types of the Vigil database; kept in step with the SQL files in ./migrations.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  MonitorSettings,
  MonitorState,
  TransitionReason,
} from '../domain/monitoring/index.js';
import type {
  ChannelsTable,
  DeliveriesTable,
  DeliveryAttemptsTable,
  NotificationRemindersTable,
  NotificationRoutesTable,
  NotificationSuppressionsTable,
  SubscriberComponentsTable,
  SubscribersTable,
} from './notification-schema.js';

export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface PagesTable {
  id: string;
  slug: string;
  name: string;
  description: Generated<string>;
  url: string | null;
  time_zone: Generated<string>;
  is_default: Generated<boolean>;
  is_private: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ComponentGroupsTable {
  id: string;
  page_id: string;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ComponentsTable {
  id: string;
  page_id: string;
  group_id: string | null;
  name: string;
  description: Generated<string>;
  status: Generated<string>;
  position: Generated<number>;
  showcase: Generated<boolean>;
  only_show_if_degraded: Generated<boolean>;
  /** Open an incident automatically when its monitors go down, resolve it on recovery. */
  auto_incident: Generated<boolean>;
  /** A `date` column: returned as text (YYYY-MM-DD) by both drivers, see database.ts. */
  start_date: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface IncidentsTable {
  id: string;
  page_id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: string;
  impact: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  monitoring_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  scheduled_for: NullableTimestamp;
  scheduled_until: NullableTimestamp;
  auto_transition: Generated<boolean>;
}

export interface IncidentComponentsTable {
  incident_id: string;
  component_id: string;
}

export interface IncidentUpdatesTable {
  id: string;
  incident_id: string;
  status: string;
  body: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  display_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IncidentUpdateComponentsTable {
  update_id: string;
  component_id: string;
  name: string;
  old_status: string;
  new_status: string;
  position: Generated<number>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: Generated<string>;
  password_hash: string;
  role: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: UpdatedAt;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scope: 'read' | 'write';
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: UpdatedAt;
}

/**
 * Columns 0002_monitoring.sql added to `components`. Kept apart from ComponentsTable so that code
 * building ComponentRow values by hand need not change; queries that use them widen the database
 * type with `db.withTables<ComponentMonitoringTables>()`.
 */
export type ComponentMonitoringTables = {
  components: { auto_incident: Generated<boolean> };
};

/** JSON read as stored (parsed by the drivers), written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;
export type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export type MonitorType = 'http' | 'tcp' | 'dns' | 'tls' | 'heartbeat';

export interface MonitorsTable {
  id: string;
  name: string;
  type: MonitorType;
  /** Type-specific target settings (URL, host, port, record type, ...). */
  spec: JsonWithDefault<Record<string, unknown>>;
  /** The domain's MonitorSettings, as is. */
  settings: Json<MonitorSettings>;
  conditions: ColumnType<string[], string[] | undefined, string[]>;
  heartbeat_secret_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MonitorComponentsTable {
  monitor_id: string;
  component_id: string;
}

export interface ProbeTokensTable {
  id: string;
  region: string;
  name: Generated<string>;
  token_hash: string;
  created_at: CreatedAt;
  last_seen_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface ProbeAgentsTable {
  region: string;
  agent_id: string;
  last_heartbeat_at: UpdatedAt;
  /** Start of the agent's live span (see domain/monitoring/probe-handoff.ts). */
  joined_at: UpdatedAt;
  acknowledged_at: NullableTimestamp;
}

export interface CheckResultsTable {
  id: string;
  monitor_id: string;
  region: string;
  checked_at: Timestamp;
  received_at: CreatedAt;
  passed: boolean;
  latency_ms: number | null;
  error_class: string | null;
  error_message: string | null;
  condition_results: JsonWithDefault<unknown[]>;
  facts: JsonWithDefault<Record<string, unknown>>;
  timings: JsonWithDefault<Record<string, number>>;
}

export interface MonitorStatesTable {
  monitor_id: string;
  state: Json<MonitorState>;
  status: string;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface MonitorTransitionsTable {
  id: string;
  monitor_id: string;
  from_status: string;
  to_status: string;
  at: Timestamp;
  reason: Json<TransitionReason>;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  payload: Json<unknown>;
  created_at: CreatedAt;
  /** Set when the notifier has turned the event into its deliveries. */
  processed_at: NullableTimestamp;
}

/** Same shape for rollups_hourly and rollups_daily; region '*' is all regions together. */
export interface RollupsTable {
  monitor_id: string;
  region: string;
  bucket_start: Timestamp;
  checks: number;
  failures: number;
  latency_count: number;
  /** bigint, returned as a number by both drivers (see database.ts). */
  latency_sum_ms: number;
  latency_min_ms: number | null;
  latency_max_ms: number | null;
  latency_buckets: number[];
}

export interface Database {
  pages: PagesTable;
  component_groups: ComponentGroupsTable;
  components: ComponentsTable;
  incidents: IncidentsTable;
  incident_components: IncidentComponentsTable;
  incident_updates: IncidentUpdatesTable;
  incident_update_components: IncidentUpdateComponentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
  monitors: MonitorsTable;
  monitor_components: MonitorComponentsTable;
  probe_tokens: ProbeTokensTable;
  probe_agents: ProbeAgentsTable;
  check_results: CheckResultsTable;
  monitor_states: MonitorStatesTable;
  monitor_transitions: MonitorTransitionsTable;
  outbox: OutboxTable;
  channels: ChannelsTable;
  notification_routes: NotificationRoutesTable;
  notification_reminders: NotificationRemindersTable;
  notification_suppressions: NotificationSuppressionsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  subscribers: SubscribersTable;
  subscriber_components: SubscriberComponentsTable;
  rollups_hourly: RollupsTable;
  rollups_daily: RollupsTable;
}

export type PageRow = Selectable<PagesTable>;
export type NewPageRow = Insertable<PagesTable>;
export type PageRowUpdate = Updateable<PagesTable>;
export type ComponentGroupRow = Selectable<ComponentGroupsTable>;
export type ComponentRow = Selectable<ComponentsTable>;
export type IncidentRow = Selectable<IncidentsTable>;
export type IncidentUpdateRow = Selectable<IncidentUpdatesTable>;
export type IncidentUpdateComponentRow = Selectable<IncidentUpdateComponentsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type MonitorRow = Selectable<MonitorsTable>;
export type ProbeTokenRow = Selectable<ProbeTokensTable>;
export type CheckResultRow = Selectable<CheckResultsTable>;
export type RollupRow = Selectable<RollupsTable>;
