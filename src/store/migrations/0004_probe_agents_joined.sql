-- Hand-off between the agents of a region (src/domain/monitoring/probe-handoff.ts): when each
-- agent's live span began, and by when the older agents had been told of it. A newcomer checks
-- its share only once those agents have dropped it, so no monitor is checked twice as often.
-- The defaults keep rows written by an older web (during a rolling upgrade) valid.
ALTER TABLE probe_agents ADD COLUMN joined_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE probe_agents ADD COLUMN acknowledged_at timestamptz;
-- Agents already running were sharing the monitors before this: they count as long settled.
UPDATE probe_agents SET joined_at = 'epoch', acknowledged_at = 'epoch';
