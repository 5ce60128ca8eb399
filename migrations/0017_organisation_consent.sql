-- A role held inside an organisation opens some of its cases, so it takes effect only with that
-- organisation's consent. Roles proposed by the table or the administration wait in role_requests
-- until the organisation's coordinator or privacy officer approves them; emergency access is
-- time-limited, justified and told to the organisation; each organisation attests its access review.

-- How each role in force came to be held. Rows that predate the consent rule are 'legacy' and show as
-- such in the access review until the organisation attests or withdraws them.
ALTER TABLE person_roles
  ADD COLUMN consent text NOT NULL DEFAULT 'legacy'
    CHECK (consent IN ('legacy', 'not_required', 'own_organisation', 'approved', 'bootstrap', 'recovery')),
  ADD COLUMN approved_by uuid REFERENCES people (id),
  ADD COLUMN approved_at timestamptz;

CREATE TABLE role_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  role text NOT NULL CHECK (role IN (
    'worker', 'pivot', 'org_coordinator', 'police_analyst', 'investigator', 'privacy_officer'
  )),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'cancelled')),
  proposed_by uuid NOT NULL REFERENCES people (id),
  proposed_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES people (id),
  decided_at timestamptz,
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- One open proposal per person and role.
CREATE UNIQUE INDEX role_requests_pending_key ON role_requests (person_id, role) WHERE status = 'pending';
CREATE INDEX role_requests_organisation_idx ON role_requests (organisation_id, status);

-- Per organisation: the one bootstrap grant (its first coordinator, named by the table or the
-- administration while it had nobody to consent), and the access-review reminders.
CREATE TABLE organisation_access (
  organisation_id uuid PRIMARY KEY REFERENCES organisations (id),
  bootstrap_person_id uuid REFERENCES people (id),
  bootstrap_by uuid REFERENCES people (id),
  bootstrap_at timestamptz,
  reminded_at timestamptz
);
-- An organisation that already has someone to consent for it has no bootstrap left.
INSERT INTO organisation_access (organisation_id, bootstrap_at)
SELECT DISTINCT p.organisation_id, now()
FROM person_roles r JOIN people p ON p.id = r.person_id
WHERE r.role IN ('org_coordinator', 'privacy_officer');

-- Each attestation of an organisation's access review: who held what was checked, by whom, when.
CREATE TABLE access_attestations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  attested_by uuid NOT NULL REFERENCES people (id),
  attested_at timestamptz NOT NULL DEFAULT now(),
  holdings integer NOT NULL CHECK (holdings >= 0)
);
CREATE INDEX access_attestations_organisation_idx ON access_attestations (organisation_id, attested_at DESC);

-- Emergency access of an administrator to one organisation's cases: at most four hours, a sealed
-- written justification, flagged until the organisation reviews it.
CREATE TABLE emergency_access (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  roles text[] NOT NULL CHECK (cardinality(roles) BETWEEN 1 AND 4),
  justification text NOT NULL,
  started_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  ended_by uuid REFERENCES people (id),
  review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'accepted', 'contested')),
  reviewed_by uuid REFERENCES people (id),
  reviewed_at timestamptz,
  CHECK (expires_at > started_at AND expires_at <= started_at + interval '4 hours'),
  CHECK (ended_at IS NULL OR ended_at >= started_at),
  CHECK ((review_status = 'pending') = (reviewed_at IS NULL))
);
-- At most one open emergency access per person.
CREATE UNIQUE INDEX emergency_access_open_key ON emergency_access (person_id) WHERE ended_at IS NULL;
CREATE INDEX emergency_access_organisation_idx ON emergency_access (organisation_id, started_at DESC);
