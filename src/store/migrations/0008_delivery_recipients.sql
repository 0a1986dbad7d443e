-- The recipients of a delivery to several addresses (an email channel) that its attempts have
-- settled, so a retry sends only to the others: one who accepted never gets a second copy, and
-- one refused for good (SMTP 5xx) is not asked again. Written with the attempt's outcome (fenced
-- like it by the claim, see src/store/delivery-repository.ts). A retry by hand forgets the
-- refusals, so a fixed mailbox is tried again, but keeps the acceptances.
ALTER TABLE deliveries
  ADD COLUMN accepted_recipients text[] NOT NULL DEFAULT '{}',
  ADD COLUMN refused_recipients  text[] NOT NULL DEFAULT '{}';
