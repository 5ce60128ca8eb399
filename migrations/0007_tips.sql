-- Filet tips module: the confidential tip line and its police triage desk.
-- Every sensitive column holds field-encrypted text (keyring.encrypt, bound to its column and row).
-- No client address, user agent or exact submission time is stored anywhere: timestamps of public
-- submissions are rounded to the hour. Append-only once landed: change it with a new migration.

-- Units of a police service (the responsible unit of a tip, units copied for information).
CREATE TABLE tip_units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  UNIQUE (service_id, name)
);

CREATE TABLE tip_unit_members (
  unit_id uuid NOT NULL REFERENCES tip_units (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id),
  PRIMARY KEY (unit_id, person_id)
);
CREATE INDEX tip_unit_members_person ON tip_unit_members (person_id);

CREATE TABLE tips (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES organisations (id),
  channel text NOT NULL CHECK (channel IN
    ('solicitation', 'place', 'online', 'pimp_network', 'youth_at_risk', 'other')),
  source text NOT NULL CHECK (source IN ('web', 'phone')),
  -- Keyed, memory-hard hash of the receipt (hex); the receipt itself is never stored.
  receipt_hash text NOT NULL UNIQUE,
  -- Encrypted JSON of the account: facts (required) and the what/who/where/when/how answers.
  content text NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN
    ('new', 'triaged', 'assigned', 'actioned', 'closed', 'unfounded')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  category text NOT NULL CHECK (category IN
    ('solicitation', 'place', 'online', 'pimp_network', 'youth_at_risk', 'other')),
  unit_id uuid REFERENCES tip_units (id),
  has_identity boolean NOT NULL DEFAULT false,
  -- Rounded to the hour so the time of a submission cannot single out who sent it.
  received_at timestamptz NOT NULL,
  tipster_access_until timestamptz NOT NULL,
  expires_at date NOT NULL,
  entered_by uuid REFERENCES people (id)
);
CREATE INDEX tips_service ON tips (service_id, status);
CREATE INDEX tips_unit ON tips (unit_id);
CREATE INDEX tips_expiry ON tips (expires_at);

CREATE TABLE tip_unit_copies (
  tip_id uuid NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES tip_units (id) ON DELETE CASCADE,
  PRIMARY KEY (tip_id, unit_id)
);
CREATE INDEX tip_unit_copies_unit ON tip_unit_copies (unit_id);

-- Contact details a tipster chose to leave: a separate vault, sealed under its own context.
CREATE TABLE tip_identities (
  tip_id uuid PRIMARY KEY REFERENCES tips (id) ON DELETE CASCADE,
  contact text NOT NULL
);

-- The anonymous dialogue: questions from the police, answers and additions from the tipster.
CREATE TABLE tip_messages (
  id uuid PRIMARY KEY,
  tip_id uuid NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
  author text NOT NULL CHECK (author IN ('police', 'tipster')),
  author_person_id uuid REFERENCES people (id),
  body text NOT NULL,
  -- Order of the message in its dialogue (times are rounded, so they cannot order it).
  position integer NOT NULL CHECK (position > 0),
  -- Rounded to the hour, like received_at.
  created_at timestamptz NOT NULL,
  UNIQUE (tip_id, position)
);

CREATE TABLE tip_links (
  tip_a uuid NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
  tip_b uuid NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
  PRIMARY KEY (tip_a, tip_b),
  CHECK (tip_a < tip_b)
);
CREATE INDEX tip_links_b ON tip_links (tip_b);

-- De-identified counts of destroyed tips, kept for the table's figures after retention.
CREATE TABLE tip_counts (
  month date NOT NULL,
  channel text NOT NULL,
  outcome text NOT NULL,
  count integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (month, channel, outcome)
);

-- Documents and pictures sent with a tip (not for the online channels). The files are sealed with
-- field encryption and stripped of metadata before they are stored; their names are neutral.
CREATE TABLE tip_attachments (
  tip_id uuid NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files (id),
  PRIMARY KEY (tip_id, file_id)
);
CREATE INDEX tip_attachments_file ON tip_attachments (file_id);
