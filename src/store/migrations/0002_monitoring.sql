-- Monitoring: monitors and the components they drive, probe tokens and agents, raw check results
-- partitioned by day, monitor state and transitions, the notification outbox, and latency rollups.

-- Per component: open an incident automatically when its monitors go down, resolve it on recovery.
ALTER TABLE components ADD COLUMN auto_incident boolean NOT NULL DEFAULT false;

-- `settings` is the domain's MonitorSettings as is (interval, timeout, regions, thresholds, quorum,
-- degraded latency, paused): one validated value, read and written whole. `spec` holds the
-- type-specific target (URL, host, port, record type, ...). Conditions are kept as their source
-- text, parsed again when used, so a better parser never meets a stale stored tree.
CREATE TABLE monitors (
  id                    text PRIMARY KEY,
  name                  text NOT NULL UNIQUE,
  type                  text NOT NULL CHECK (type IN ('http', 'tcp', 'dns', 'tls', 'heartbeat')),
  spec                  jsonb NOT NULL DEFAULT '{}',
  settings              jsonb NOT NULL,
  conditions            text[] NOT NULL DEFAULT '{}',
  -- SHA-256 of the secret in the heartbeat URL; only heartbeat monitors have one.
  heartbeat_secret_hash text UNIQUE CHECK (heartbeat_secret_hash IS NULL OR type = 'heartbeat'),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
-- Assignment asks "which monitors does region R check": a containment test on the regions array.
CREATE INDEX monitors_regions ON monitors USING gin ((settings -> 'regions'));

CREATE TABLE monitor_components (
  monitor_id   text NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
  component_id text NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  PRIMARY KEY (monitor_id, component_id)
);
CREATE INDEX monitor_components_component ON monitor_components (component_id);

-- Probe tokens are stored by their SHA-256, like sessions and API keys; each is bound to a region.
CREATE TABLE probe_tokens (
  id           text PRIMARY KEY,
  region       text NOT NULL,
  name         text NOT NULL DEFAULT '',
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at   timestamptz
);

-- Live agents of each region, so the region's monitors can be shared among them (assignment).
CREATE TABLE probe_agents (
  region            text NOT NULL,
  agent_id          text NOT NULL,
  last_heartbeat_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region, agent_id)
);

-- Raw results, one partition per UTC day (created ahead by the repository, dropped after the
-- retention period), so storage follows monitors x days kept and retention is a DROP TABLE, not
-- a DELETE. The key holds the partition key, as PostgreSQL requires: a resent result (same probe
-- id, same check time) is stored once.
CREATE TABLE check_results (
  id                text NOT NULL,
  monitor_id        text NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
  region            text NOT NULL,
  checked_at        timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  passed            boolean NOT NULL,
  latency_ms        integer,
  error_class       text,
  error_message     text,
  condition_results jsonb NOT NULL DEFAULT '[]',
  facts             jsonb NOT NULL DEFAULT '{}',
  timings           jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (id, checked_at)
) PARTITION BY RANGE (checked_at);
CREATE INDEX check_results_monitor_time ON check_results (monitor_id, checked_at DESC);

-- Written only by the evaluator; `version` lets a writer detect that another one got there first.
CREATE TABLE monitor_states (
  monitor_id text PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
  state      jsonb NOT NULL,
  status     text NOT NULL,
  version    integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE monitor_transitions (
  id          text PRIMARY KEY,
  monitor_id  text NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
  from_status text NOT NULL,
  to_status   text NOT NULL,
  at          timestamptz NOT NULL,
  reason      jsonb NOT NULL
);
CREATE INDEX monitor_transitions_monitor_at ON monitor_transitions (monitor_id, at DESC);

-- Events to deliver (notifications), written in the transaction that made them. No foreign key:
-- the news that a monitor went down must outlive the monitor.
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL,
  payload         jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- Rollups per monitor, per region and for all regions together (region '*'), kept about a year.
-- latency_buckets counts latencies per fixed bucket (see latency-histogram.ts) for percentiles.
CREATE TABLE rollups_hourly (
  monitor_id      text NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
  region          text NOT NULL,
  bucket_start    timestamptz NOT NULL,
  checks          integer NOT NULL,
  failures        integer NOT NULL,
  latency_count   integer NOT NULL,
  latency_sum_ms  bigint NOT NULL,
  latency_min_ms  integer,
  latency_max_ms  integer,
  latency_buckets integer[] NOT NULL,
  PRIMARY KEY (monitor_id, region, bucket_start)
);
CREATE INDEX rollups_hourly_bucket ON rollups_hourly (bucket_start);

CREATE TABLE rollups_daily (LIKE rollups_hourly INCLUDING ALL);
ALTER TABLE rollups_daily
  ADD FOREIGN KEY (monitor_id) REFERENCES monitors (id) ON DELETE CASCADE;
