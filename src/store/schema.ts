// Kysely table types of the Vigil database; kept in step with the SQL files in ./migrations.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<
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
