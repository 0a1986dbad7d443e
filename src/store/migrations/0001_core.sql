-- Core schema of the status page: pages, component groups, components, incidents and maintenances
-- (one table, told apart by kind), their updates, admin users, sessions, API keys and settings.

CREATE TABLE pages (
  id          text PRIMARY KEY,
  slug        text NOT NULL UNIQUE,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  url         text,
  time_zone   text NOT NULL DEFAULT 'Etc/UTC',
  is_default  boolean NOT NULL DEFAULT false,
  is_private  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pages_one_default ON pages (is_default) WHERE is_default;

CREATE TABLE component_groups (
  id          text PRIMARY KEY,
  page_id     text NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  position    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (page_id, name)
);

CREATE TABLE components (
  id                    text PRIMARY KEY,
  page_id               text NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  group_id              text REFERENCES component_groups (id) ON DELETE SET NULL,
  name                  text NOT NULL,
  description           text NOT NULL DEFAULT '',
  status                text NOT NULL DEFAULT 'operational',
  position              integer NOT NULL DEFAULT 0,
  showcase              boolean NOT NULL DEFAULT true,
  only_show_if_degraded boolean NOT NULL DEFAULT false,
  start_date            date,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (page_id, name),
  CHECK (status IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'))
);
CREATE INDEX components_group ON components (group_id);

CREATE TABLE incidents (
  id              text PRIMARY KEY,
  page_id         text NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('incident', 'maintenance')),
  name            text NOT NULL,
  status          text NOT NULL,
  impact          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz NOT NULL DEFAULT now(),
  monitoring_at   timestamptz,
  resolved_at     timestamptz,
  scheduled_for   timestamptz,
  scheduled_until timestamptz,
  auto_transition boolean NOT NULL DEFAULT true,
  CHECK (
    (kind = 'incident' AND status IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem'))
    OR (kind = 'maintenance' AND status IN ('scheduled', 'in_progress', 'verifying', 'completed'))
  ),
  CHECK (kind = 'incident' OR (scheduled_for IS NOT NULL AND scheduled_until IS NOT NULL AND scheduled_until > scheduled_for))
);
CREATE INDEX incidents_page_kind_created ON incidents (page_id, kind, created_at DESC);
CREATE INDEX incidents_open ON incidents (page_id, kind) WHERE resolved_at IS NULL;

CREATE TABLE incident_components (
  incident_id  text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  component_id text NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, component_id)
);

CREATE TABLE incident_updates (
  id          text PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  status      text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  display_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_updates_incident ON incident_updates (incident_id, display_at DESC);

-- What an update changed, kept as it was at the time even if the component is renamed or deleted.
CREATE TABLE incident_update_components (
  update_id    text NOT NULL REFERENCES incident_updates (id) ON DELETE CASCADE,
  component_id text NOT NULL,
  name         text NOT NULL,
  old_status   text NOT NULL,
  new_status   text NOT NULL,
  position     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (update_id, component_id)
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  name          text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  role          text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Sessions are stored by the SHA-256 of their token, so a database leak does not hand out logins.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  prefix       text NOT NULL,
  key_hash     text NOT NULL UNIQUE,
  scope        text NOT NULL CHECK (scope IN ('read', 'write')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
