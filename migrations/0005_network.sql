-- Filet network module: partners' agreements, contacts and contributions, pivot mandates and
-- absences, coverage targets and the warnings they raise, and the indexes of the directory search.
-- Append-only once landed: change the schema with a new migration file.

-- The table's view of a partner: its zones of contribution and the target of trained pivots.
CREATE TABLE network_profiles (
  organisation_id uuid PRIMARY KEY REFERENCES organisations (id),
  mandates text[] NOT NULL DEFAULT '{}'
    CHECK (mandates <@ ARRAY['contribution_zones', 'training_content', 'service_trajectory', 'action_plan']),
  functions text[] NOT NULL DEFAULT '{}'
    CHECK (functions <@ ARRAY['prevention', 'detection', 'intervention', 'accompaniment']),
  pivot_target integer CHECK (pivot_target BETWEEN 0 AND 100),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The signed partnership agreement (one current agreement per partner; a renewal replaces it).
CREATE TABLE network_agreements (
  organisation_id uuid PRIMARY KEY REFERENCES organisations (id),
  signed_on date NOT NULL,
  signatories text NOT NULL CHECK (length(signatories) BETWEEN 1 AND 500),
  released_person_id uuid REFERENCES people (id),
  commitment text NOT NULL DEFAULT '' CHECK (length(commitment) <= 4000),
  renewal_on date CHECK (renewal_on IS NULL OR renewal_on >= signed_on),
  document_file_id uuid REFERENCES files (id),
  updated_by uuid REFERENCES people (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- People to contact in a partner organisation. E-mail and phone are shown only to coordination.
CREATE TABLE network_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL DEFAULT '' CHECK (length(role) <= 120),
  email text CHECK (length(email) <= 254),
  phone text CHECK (length(phone) <= 40),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX network_contacts_organisation_idx ON network_contacts (organisation_id);

-- A person's mandate as a pivot of their organisation. Never deleted: an ended mandate keeps its dates.
CREATE TABLE pivot_mandates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  start_on date NOT NULL,
  end_on date CHECK (end_on IS NULL OR end_on >= start_on),
  expertise text[] NOT NULL DEFAULT '{}'
    CHECK (expertise <@ ARRAY['boys', 'online_exploitation', 'schools', 'hotels', 'youth_centres',
      'substance_use', 'indigenous_youth', 'lgbtq', 'legal']),
  languages text[] NOT NULL DEFAULT '{}',
  -- Declared by the coordinator until the training module records completions itself.
  prerequisite_completed_on date,
  successor_mandate_id uuid REFERENCES pivot_mandates (id),
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pivot_mandates_person_idx ON pivot_mandates (person_id);
CREATE INDEX pivot_mandates_organisation_idx ON pivot_mandates (organisation_id, start_on, end_on);
CREATE INDEX pivot_mandates_expertise_idx ON pivot_mandates USING gin (expertise);
CREATE INDEX pivot_mandates_end_idx ON pivot_mandates (end_on) WHERE end_on IS NOT NULL;

CREATE TABLE pivot_absences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mandate_id uuid NOT NULL REFERENCES pivot_mandates (id),
  from_on date NOT NULL,
  to_on date NOT NULL CHECK (to_on >= from_on),
  reason text NOT NULL CHECK (reason IN ('leave', 'vacation', 'sick', 'training', 'other')),
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pivot_absences_mandate_idx ON pivot_absences (mandate_id, from_on, to_on);

-- Open warnings (coverage under target, a pivot leaving within 60 days), so a condition is notified
-- once when it appears, not every day; closed when the condition ends.
CREATE TABLE network_warnings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('coverage', 'pivot_ending')),
  mandate_id uuid REFERENCES pivot_mandates (id),
  subject_key text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}',
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE UNIQUE INDEX network_warnings_open_key ON network_warnings (subject_key) WHERE closed_at IS NULL;
CREATE INDEX network_warnings_organisation_idx ON network_warnings (organisation_id) WHERE closed_at IS NULL;

-- Directory search: accent- and case-insensitive substring search on organisation names and regions,
-- and French full-text search (stemmed, accents ignored) on names.
CREATE INDEX network_organisations_name_trgm_idx ON organisations
  USING gin (filet_fold(name || ' ' || coalesce(short_name, '')) gin_trgm_ops);
CREATE INDEX network_organisations_region_trgm_idx ON organisations USING gin (filet_fold(region) gin_trgm_ops);
CREATE INDEX network_organisations_name_fts_idx ON organisations
  USING gin (to_tsvector('filet_french'::regconfig, name));
