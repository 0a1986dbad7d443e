-- Subscribers of a status page (the public "Subscribe to updates" form): an email address with
-- double opt-in, or a webhook URL, optionally limited to some of the page's components, and the
-- deliveries of incident and maintenance news to them.
--
-- Privacy: a row holds only what sending needs. No sign-up IP address is stored (rate limits
-- count addresses in the short-lived rate-limit store); the record of consent is confirmed_at,
-- set when the owner of the mailbox opened the confirmation link. Unsubscribing deletes the row
-- (and, by cascade, its component choices and pending deliveries), so nothing of the address is
-- kept. The tokens are random 256-bit values stored as they are: the notifier must put them in
-- every message, and they only confirm or end this one subscription.
CREATE TABLE subscribers (
  id                 text PRIMARY KEY,
  page_id            text NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  kind               text NOT NULL CHECK (kind IN ('email', 'webhook')),
  -- The normalised email address (see src/mail/mail-address.ts) or the webhook URL.
  address            text NOT NULL,
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed')),
  -- Null once confirmed: a confirmation link works until then (and until it expires).
  confirm_token      text UNIQUE,
  confirm_expires_at timestamptz,
  unsubscribe_token  text NOT NULL UNIQUE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  confirmed_at       timestamptz,
  UNIQUE (page_id, kind, address),
  CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL)),
  CHECK (status = 'confirmed' OR (confirm_token IS NOT NULL AND confirm_expires_at IS NOT NULL))
);
-- Fan-out reads the confirmed subscribers of one page.
CREATE INDEX subscribers_page_confirmed ON subscribers (page_id) WHERE status = 'confirmed';
-- Pending sign-ups nobody confirmed are purged after they expire.
CREATE INDEX subscribers_pending_expiry ON subscribers (confirm_expires_at) WHERE status = 'pending';

-- The components a subscriber chose; none means every component of the page (also the ones
-- added later). A chosen component that is deleted drops out of the choice by cascade.
CREATE TABLE subscriber_components (
  subscriber_id text NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  component_id  text NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  PRIMARY KEY (subscriber_id, component_id)
);
CREATE INDEX subscriber_components_component ON subscriber_components (component_id);

-- A delivery goes to a channel (admin-configured) or to a subscriber, never both. Removing a
-- subscriber removes its deliveries: a queued message to an address that unsubscribed is dropped.
ALTER TABLE deliveries
  ALTER COLUMN channel_id DROP NOT NULL,
  ADD COLUMN subscriber_id text REFERENCES subscribers (id) ON DELETE CASCADE,
  ADD CONSTRAINT deliveries_one_receiver CHECK ((channel_id IS NULL) <> (subscriber_id IS NULL)),
  ADD CONSTRAINT deliveries_event_subscriber UNIQUE (event_id, subscriber_id);
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id, created_at DESC)
  WHERE subscriber_id IS NOT NULL;
