-- Routing additions: reminders while a monitor stays down, events held back by a maintenance,
-- and the indexes the notification retention deletes by.

-- Minutes between "still down" reminders on this route; null: no reminders. Bounds as in
-- src/domain/notifications/reminders.ts (5 minutes to one week).
ALTER TABLE notification_routes
  ADD COLUMN remind_every_minutes integer
    CHECK (remind_every_minutes IS NULL OR remind_every_minutes BETWEEN 5 AND 10080);

-- The last reminder sent per monitor and channel for one down period (down_since is when the
-- down transition happened). Notifiers claim reminder `sequence` n by raising it in one
-- conditional upsert: of several notifiers only one succeeds, so each reminder is written once,
-- and a notifier back after hours jumps straight to the current n (one catch-up, no burst).
CREATE TABLE notification_reminders (
  monitor_id text NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
  channel_id text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  down_since timestamptz NOT NULL,
  sequence   integer NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (monitor_id, channel_id)
);

-- An event a channel would have heard, held back (a maintenance covered the monitor). Kept so a
-- later "recovered" is held back too when the channel never heard of the trouble it ends.
CREATE TABLE notification_suppressions (
  event_id   text NOT NULL,
  channel_id text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  outbox_id  bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  reason     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, channel_id)
);

-- Retention deletes processed outbox rows and finished deliveries by age, in batches.
CREATE INDEX outbox_processed ON outbox (processed_at) WHERE processed_at IS NOT NULL;
CREATE INDEX deliveries_finished ON deliveries (updated_at) WHERE status <> 'pending';
-- An outbox row's deliveries: what pruning checks before it deletes the row (and what the
-- cascade of that delete looks up).
CREATE INDEX deliveries_outbox ON deliveries (outbox_id);
