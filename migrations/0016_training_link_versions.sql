-- The personal links of outside professionals (cancellation, seat offer, evaluation) name a registration
-- and the version of it they were made for. Registering again after cancelling reuses the registration
-- row and moves its version on, so links sent for the earlier registration stop working. Existing rows
-- start at 0, the version the links sent before this migration stand for: they keep working.
-- Append-only once landed.

ALTER TABLE training_registrations
  ADD COLUMN link_version integer NOT NULL DEFAULT 0 CHECK (link_version >= 0);
