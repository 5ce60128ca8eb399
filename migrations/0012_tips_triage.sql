-- Filet tips module, second increment: retention periods set by the police, internal notes, the
-- closing disposition, and the batched "new items" digest. Append-only once landed.

-- Retention period of each channel, per police service. A channel without a row keeps the default
-- of the code (tips.service.ts RETENTION_DAYS). Each tip keeps the date its period gave it
-- (tips.expires_at), so a change reaches existing tips only when the police say so.
CREATE TABLE tip_retention_periods (
  service_id uuid NOT NULL REFERENCES organisations (id),
  channel text NOT NULL CHECK (channel IN
    ('solicitation', 'place', 'online', 'pimp_network', 'youth_at_risk', 'other')),
  days integer NOT NULL CHECK (days BETWEEN 30 AND 3650),
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES people (id),
  PRIMARY KEY (service_id, channel)
);

-- Internal notes of the police on a tip (never shown to the tipster). The body is field-encrypted.
CREATE TABLE tip_notes (
  id uuid PRIMARY KEY,
  tip_id uuid NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
  author_person_id uuid REFERENCES people (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX tip_notes_tip ON tip_notes (tip_id, created_at);

-- The disposition given when a tip is closed or marked unfounded; its free text is field-encrypted.
ALTER TABLE tips ADD COLUMN disposition text CHECK (disposition IN
  ('referred_investigation', 'intelligence_filed', 'insufficient_information', 'duplicate',
   'no_offence', 'referred_other_agency', 'other'));
ALTER TABLE tips ADD COLUMN disposition_note text;

-- Tips not yet counted in a "new items" digest: the digest job picks them up on its fixed schedule,
-- so the moment analysts are told never points at the moment a tip arrived.
ALTER TABLE tips ADD COLUMN announced boolean NOT NULL DEFAULT false;
CREATE INDEX tips_unannounced ON tips (service_id) WHERE NOT announced;
