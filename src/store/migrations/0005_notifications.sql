-- Notifications: channels (where to send, secrets encrypted), routes (which channel hears which
-- events of which monitor or component), deliveries (one per event x channel, the unit the
-- notifier retries) and the log of every delivery attempt.

-- The outbox is now only the queue of events: the notifier fans each row out into deliveries (one
-- per channel it is routed to) and sets processed_at, in one transaction. Delivery state moved to
-- `deliveries`, so the outbox's own delivery columns go.
DROP INDEX outbox_pending;
ALTER TABLE outbox
  DROP COLUMN delivered_at,
  DROP COLUMN attempts,
  DROP COLUMN next_attempt_at,
  DROP COLUMN last_error,
  ADD COLUMN processed_at timestamptz;
CREATE INDEX outbox_unprocessed ON outbox (id) WHERE processed_at IS NULL;

-- Every writer of the outbox (evaluator, incident service, anything later) wakes the notifiers
-- without having to remember to: one notice per statement, sent on commit, never on rollback.
CREATE FUNCTION vigil_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vigil_outbox', 'outbox');
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_outbox();

-- `config` holds the channel type's settings; the fields the type declares secret are stored as
-- AES-256-GCM ciphertext strings ("v1.<key id>.<iv>.<tag>.<data>"), never in clear.
CREATE TABLE channels (
  id         text PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  type       text NOT NULL,
  config     jsonb NOT NULL DEFAULT '{}',
  enabled    boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A route sends the events of one monitor (monitor_id), of the monitors and incidents of one
-- component (component_id), or of everything (both null) to a channel. An empty event_kinds
-- means the default set (see src/domain/notifications/event-kinds.ts).
CREATE TABLE notification_routes (
  id           text PRIMARY KEY,
  channel_id   text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  monitor_id   text REFERENCES monitors (id) ON DELETE CASCADE,
  component_id text REFERENCES components (id) ON DELETE CASCADE,
  event_kinds  text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (monitor_id IS NULL OR component_id IS NULL)
);
CREATE INDEX notification_routes_channel ON notification_routes (channel_id);
-- One route per channel and scope: `notify: [name]` applied twice must not send twice.
CREATE UNIQUE INDEX notification_routes_scope
  ON notification_routes (channel_id, coalesce(monitor_id, ''), coalesce(component_id, ''));

-- One row per event and channel: the unique key is what makes a re-run fan-out harmless. A
-- claim sets claimed_by and locked_until (a lease, see src/notifier/delivery-engine.ts) and
-- counts the attempt, so an attempt cut short by a crash counts too.
CREATE TABLE deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id         text NOT NULL,
  outbox_id        bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  channel_id       text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  claimed_by       text,
  locked_until     timestamptz,
  last_error       text,
  last_status_code integer,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, channel_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_channel ON deliveries (channel_id, created_at DESC);
CREATE INDEX deliveries_dead ON deliveries (updated_at DESC) WHERE status = 'dead';

CREATE TABLE delivery_attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempt     integer NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  ok          boolean NOT NULL,
  status_code integer,
  error       text,
  duration_ms integer NOT NULL,
  notifier    text NOT NULL
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, at);
