-- Filet alerts module: youth-centre profiles of young people at risk, rapid alerts to the police and
-- to partners' pivots, acknowledgement and escalation, the timeline, the close and return interview,
-- the register of disclosures and the de-identified facts that survive the purge.
-- Every personal column holds field-encrypted text (keyring.encrypt, bound to its column and row).
-- Append-only once landed: change it with a new migration.

-- Table-wide settings (at most one row; absent means the defaults below): escalation delay and purge
-- period after the close.
CREATE TABLE alert_settings (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  ack_delay_minutes integer NOT NULL DEFAULT 10 CHECK (ack_delay_minutes BETWEEN 1 AND 240),
  purge_after_days integer NOT NULL DEFAULT 30 CHECK (purge_after_days BETWEEN 1 AND 365),
  updated_by uuid REFERENCES people (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A young person's profile, owned by a youth-protection organisation.
CREATE TABLE alert_profiles (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- The unit (living unit, team) currently caring for the young person; the profile follows them.
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 120),
  -- Encrypted JSON of every personal field (names, birth date, description, contacts, history, risks).
  content text NOT NULL,
  photo_file_id uuid REFERENCES files (id),
  episode_count integer NOT NULL DEFAULT 0,
  reviewed_at timestamptz NOT NULL,
  review_reminded_at timestamptz,
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX alert_profiles_organisation_idx ON alert_profiles (organisation_id);

CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  profile_id uuid REFERENCES alert_profiles (id) ON DELETE SET NULL,
  owner_organisation_id uuid NOT NULL REFERENCES organisations (id),
  police_organisation_id uuid REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('runaway', 'at_risk')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  legal_basis text NOT NULL CHECK (legal_basis IN ('youth_protection', 'consent', 'serious_risk')),
  without_consent boolean NOT NULL DEFAULT false,
  -- Encrypted JSON of the shared content (profile snapshot and the circumstances); null once withdrawn.
  content text,
  photo_file_id uuid REFERENCES files (id),
  last_seen_at timestamptz NOT NULL,
  raised_by uuid REFERENCES people (id),
  raised_at timestamptz NOT NULL,
  escalated_at timestamptz,
  closed_at timestamptz,
  closed_by uuid REFERENCES people (id),
  outcome text CHECK (outcome IN ('found', 'returned')),
  place_type text,
  found_at timestamptz,
  purge_after timestamptz
);
CREATE INDEX alerts_owner_idx ON alerts (owner_organisation_id, status);
CREATE INDEX alerts_open_idx ON alerts (raised_at) WHERE status = 'open' AND escalated_at IS NULL;
CREATE INDEX alerts_purge_idx ON alerts (purge_after) WHERE purge_after IS NOT NULL;

-- Recipient organisations of an alert, what they see and when they acknowledged. Who in the
-- organisation receives it is a rule, not thousands of rows: the people holding one of `roles` (police
-- view), or the organisation's pivots with a mandate active today (pivot view).
CREATE TABLE alert_recipients (
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  view text NOT NULL CHECK (view IN ('police', 'pivot')),
  roles text[] NOT NULL DEFAULT '{}',
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES people (id),
  PRIMARY KEY (alert_id, organisation_id)
);

-- People an alert was passed to one by one (escalation to the table's coordination), beyond the rule of
-- their organisation's recipient row.
CREATE TABLE alert_recipient_people (
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  reason text NOT NULL CHECK (reason IN ('police', 'pivot', 'escalation', 'coordination')),
  PRIMARY KEY (alert_id, person_id)
);
CREATE INDEX alert_recipient_people_person_idx ON alert_recipient_people (person_id);

-- Sightings and updates; body encrypted.
CREATE TABLE alert_events (
  id uuid PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN
    ('raised', 'acknowledged', 'sighting', 'update', 'escalated', 'closed', 'interview')),
  author_person_id uuid REFERENCES people (id),
  organisation_id uuid REFERENCES organisations (id),
  body text,
  at timestamptz NOT NULL
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, at);

-- The return interview the youth centre owes after the close (target: within 72 hours).
CREATE TABLE alert_return_interviews (
  alert_id uuid PRIMARY KEY REFERENCES alerts (id) ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'refused')),
  done_at timestamptz,
  exploitation_risks_screened boolean,
  -- Encrypted.
  outcome text,
  recorded_by uuid REFERENCES people (id)
);

-- Register of disclosures: every share of personal information, kept after the purge (without the
-- justification's text, which may name the young person).
CREATE TABLE alert_disclosures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid REFERENCES alerts (id) ON DELETE SET NULL,
  disclosed_at timestamptz NOT NULL,
  disclosed_by uuid REFERENCES people (id),
  from_organisation_id uuid NOT NULL REFERENCES organisations (id),
  to_organisation_id uuid NOT NULL REFERENCES organisations (id),
  view text NOT NULL CHECK (view IN ('police', 'pivot')),
  fields text[] NOT NULL,
  legal_basis text NOT NULL CHECK (legal_basis IN ('youth_protection', 'consent', 'serious_risk')),
  without_consent boolean NOT NULL DEFAULT false,
  -- Encrypted; wiped by the purge.
  justification text,
  flagged boolean NOT NULL DEFAULT false,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES people (id)
);
CREATE INDEX alert_disclosures_at_idx ON alert_disclosures (disclosed_at DESC);

-- De-identified facts of a closed alert, written at the close; they survive the purge.
CREATE TABLE alert_facts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_organisation_id uuid NOT NULL REFERENCES organisations (id),
  month date NOT NULL,
  kind text NOT NULL,
  minutes_to_police_ack integer,
  minutes_missing integer,
  minutes_to_find integer,
  escalated boolean NOT NULL DEFAULT false,
  organisations_involved uuid[] NOT NULL DEFAULT '{}',
  profile_episode_count integer,
  interview_status text,
  interview_within_72h boolean,
  closed_month date NOT NULL,
  -- Links the facts to their alert until the purge, so the return interview can update them.
  alert_id uuid UNIQUE
);
CREATE INDEX alert_facts_month_idx ON alert_facts (month);
