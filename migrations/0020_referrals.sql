-- Closed-loop referrals (the service trajectory): the people a partner follows (young people and
-- parents), the consents they gave, the referrals made to the directory's services, what happened to
-- each referral, and the register of what each referral disclosed.
-- Append-only once landed: change the schema with a new migration file.

-- A person followed by a partner organisation, as the subject of its referrals: a young person, or a
-- parent supported without becoming a case of their own. Identity and contact details are sealed
-- (context `referral_subjects.identity:<id>`); only what routing and figures need stays plain.
CREATE TABLE referral_subjects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('youth', 'parent')),
  sealed_identity text NOT NULL,
  gender text CHECK (gender IN ('girls', 'boys', 'gender_diverse')),
  languages text[] NOT NULL DEFAULT '{}',
  -- Contact preferences: never contact directly, and the channels that are safe (an exploiter may
  -- read the young person's phone). The details themselves are in the sealed identity.
  do_not_contact boolean NOT NULL DEFAULT false,
  safe_channels text[] NOT NULL DEFAULT '{}'
    CHECK (safe_channels <@ ARRAY['through_sender', 'in_person', 'phone', 'text', 'email']::text[]),
  created_by uuid REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  -- Set by the retention job: the identity, contact details, notes and justifications are destroyed;
  -- the referrals stay, without anyone in them, for the table's figures.
  purged_at timestamptz
);
CREATE INDEX referral_subjects_organisation_idx ON referral_subjects (organisation_id, created_at DESC);

-- A consent to share a subject's information with one partner organisation (the one that keeps the
-- service and receives the referral), until it expires or is revoked. Given by the young person (from 14), a parent, or overridden by an authorised person
-- with a sealed justification (context `referral_consents.justification:<id>`), flagged for review.
CREATE TABLE referral_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id uuid NOT NULL REFERENCES referral_subjects (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  for_organisation_id uuid NOT NULL REFERENCES organisations (id),
  given_by text NOT NULL CHECK (given_by IN ('youth', 'parent', 'override')),
  given_on date NOT NULL,
  expires_on date NOT NULL,
  sealed_justification text,
  flagged boolean NOT NULL DEFAULT false,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES people (id) ON DELETE SET NULL,
  recorded_by uuid REFERENCES people (id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES people (id) ON DELETE SET NULL,
  CHECK (expires_on >= given_on),
  -- Only an override carries a justification (destroyed with the person's record by the retention job).
  CHECK (given_by = 'override' OR sealed_justification IS NULL)
);
CREATE INDEX referral_consents_subject_idx ON referral_consents (subject_id);

-- A referral of a subject to a service. `logged`: made off the platform (by phone, to a service that
-- is not on Filet), recorded so the trajectory stays complete; nothing is disclosed. Otherwise the
-- receiving organisation (the service's keeper) sees the fields of the disclosure profile, sealed
-- (context `referrals.disclosed:<id>`) and wiped when the referral ends or the consent is revoked.
CREATE TABLE referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id uuid NOT NULL REFERENCES referral_subjects (id) ON DELETE CASCADE,
  consent_id uuid REFERENCES referral_consents (id) ON DELETE SET NULL,
  sender_organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- The person in charge on the sender's side; moved to the successor by a hand-over.
  sender_person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  service_id uuid REFERENCES resource_services (id) ON DELETE SET NULL,
  receiving_organisation_id uuid REFERENCES organisations (id),
  -- A logged referral to a service that is not in the directory names it here.
  service_name text NOT NULL CHECK (length(service_name) BETWEEN 1 AND 200),
  -- The service's taxonomy when the referral was made, for the table's figures.
  taxonomy text[] NOT NULL DEFAULT '{}',
  logged boolean NOT NULL DEFAULT false,
  disclosed_fields text[] NOT NULL DEFAULT '{}',
  sealed_disclosed text,
  out_of_region_reason text CHECK (length(out_of_region_reason) <= 500),
  status text NOT NULL DEFAULT 'sent' CHECK (status IN (
    'sent', 'received', 'accepted', 'declined', 'waitlisted', 'in_progress', 'completed', 'cancelled'
  )),
  outcome text CHECK (outcome IN (
    'got_help', 'no_capacity', 'not_eligible', 'could_not_contact', 'referred_elsewhere', 'no_longer_interested'
  )),
  decline_reason text CHECK (decline_reason IN (
    'no_capacity', 'not_eligible', 'out_of_area', 'could_not_contact', 'duplicate', 'other'
  )),
  sent_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz,
  answered_at timestamptz,
  first_contact_on date,
  escalated_at timestamptz,
  closed_at timestamptz,
  created_by uuid REFERENCES people (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (logged OR (receiving_organisation_id IS NOT NULL AND consent_id IS NOT NULL) OR status IN ('cancelled', 'declined', 'completed')),
  CHECK ((status = 'declined') = (decline_reason IS NOT NULL))
);
CREATE INDEX referrals_subject_idx ON referrals (subject_id, sent_at);
CREATE INDEX referrals_sender_idx ON referrals (sender_organisation_id, sent_at DESC);
CREATE INDEX referrals_receiver_idx ON referrals (receiving_organisation_id, sent_at DESC);
CREATE INDEX referrals_sender_person_open_idx ON referrals (sender_person_id)
  WHERE status NOT IN ('declined', 'completed', 'cancelled');
CREATE INDEX referrals_due_idx ON referrals (due_at)
  WHERE status = 'sent' AND escalated_at IS NULL AND NOT logged;
CREATE INDEX referrals_service_idx ON referrals (service_id);

-- What happened to a referral, in order: each status change, outcome, note, escalation, hand-over and
-- consent revocation. Notes are sealed (context `referral_events.note:<id>`).
CREATE TABLE referral_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Written order, for events of the same instant.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  referral_id uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('sent', 'logged', 'status', 'outcome', 'note', 'escalated', 'handover', 'consent_revoked', 'consent_expired')),
  actor_person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  actor_organisation_id uuid REFERENCES organisations (id),
  from_status text,
  to_status text,
  outcome text,
  sealed_note text
);
CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, at);

-- The register of disclosures of referrals: which fields went to which organisation, on what legal
-- basis; kept when the referral's details are wiped. Overrides are flagged for the privacy officer.
CREATE TABLE referral_disclosures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id uuid REFERENCES referrals (id) ON DELETE SET NULL,
  consent_id uuid REFERENCES referral_consents (id) ON DELETE SET NULL,
  disclosed_at timestamptz NOT NULL DEFAULT now(),
  disclosed_by uuid REFERENCES people (id) ON DELETE SET NULL,
  from_organisation_id uuid NOT NULL REFERENCES organisations (id),
  to_organisation_id uuid NOT NULL REFERENCES organisations (id),
  fields text[] NOT NULL,
  legal_basis text NOT NULL CHECK (legal_basis IN ('consent', 'parental_consent', 'override')),
  flagged boolean NOT NULL DEFAULT false,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES people (id) ON DELETE SET NULL
);
CREATE INDEX referral_disclosures_from_idx ON referral_disclosures (from_organisation_id, disclosed_at DESC);
CREATE INDEX referral_disclosures_to_idx ON referral_disclosures (to_organisation_id, disclosed_at DESC);
