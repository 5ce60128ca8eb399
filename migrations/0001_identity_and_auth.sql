-- Filet platform: identity (organisations, people, roles) and authentication.
-- Append-only once landed: change the schema with a new migration file.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE; indexes need an IMMUTABLE wrapper bound to one dictionary.
CREATE OR REPLACE FUNCTION filet_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$;

-- French full-text search that ignores accents: "eleve" finds "élèves".
CREATE TEXT SEARCH CONFIGURATION filet_french (COPY = french);
ALTER TEXT SEARCH CONFIGURATION filet_french
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  short_name text CHECK (length(short_name) <= 40),
  type text NOT NULL CHECK (type IN (
    'police', 'youth_protection', 'health_social_services', 'school_service_centre',
    'community', 'research', 'provincial_police', 'crown_prosecution', 'other'
  )),
  region text NOT NULL CHECK (length(region) BETWEEN 1 AND 120),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisations_name_key ON organisations (filet_fold(name));

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  phone text CHECK (length(phone) <= 40),
  job_title text CHECK (length(job_title) <= 120),
  locale text NOT NULL DEFAULT 'fr-CA' CHECK (locale IN ('fr-CA', 'en-CA')),
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE UNIQUE INDEX people_email_key ON people (lower(email));
CREATE INDEX people_organisation_idx ON people (organisation_id);
CREATE INDEX people_name_trgm_idx ON people
  USING gin (filet_fold(given_name || ' ' || family_name) gin_trgm_ops);

CREATE TABLE person_roles (
  person_id uuid NOT NULL REFERENCES people (id),
  role text NOT NULL CHECK (role IN (
    'worker', 'pivot', 'org_coordinator', 'table_coordinator', 'police_analyst', 'investigator',
    'trainer', 'researcher', 'privacy_officer', 'admin'
  )),
  granted_by uuid REFERENCES people (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, role)
);

CREATE TABLE credentials (
  person_id uuid PRIMARY KEY REFERENCES people (id),
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  -- TOTP secret, encrypted at field level (see platform/crypto).
  totp_secret text,
  totp_enrolled_at timestamptz,
  -- Last accepted TOTP time step: a code is never accepted twice.
  totp_last_step bigint NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie token: a copy of this table opens no session.
  id text PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  mfa_verified boolean NOT NULL DEFAULT false,
  user_agent text CHECK (length(user_agent) <= 200),
  revoked_at timestamptz,
  revoke_reason text
);
CREATE INDEX sessions_person_idx ON sessions (person_id) WHERE revoked_at IS NULL;

-- Failed and successful sign-ins by a keyed hash of the e-mail (known or not), for the lockout rule.
CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  subject text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  success boolean NOT NULL
);
CREATE INDEX login_attempts_subject_idx ON login_attempts (subject, at);

-- Invitation and password-reset links: only a hash of the token is kept; single use, expiring.
CREATE TABLE one_time_tokens (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
  person_id uuid NOT NULL REFERENCES people (id),
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX one_time_tokens_person_idx ON one_time_tokens (person_id, kind);
