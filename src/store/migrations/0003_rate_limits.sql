-- Rate-limit counters shared by every web instance when there is no Redis: one fixed window per
-- client address and limiter. UNLOGGED because losing them in a crash only resets the windows,
-- and a counter written on every API request should not cost a WAL record and its replication.
CREATE UNLOGGED TABLE rate_limits (
  key            text PRIMARY KEY,
  hits           integer NOT NULL,
  window_ends_at timestamptz NOT NULL
);
-- Expired windows are swept by their end time.
CREATE INDEX rate_limits_window_ends_at ON rate_limits (window_ends_at);
