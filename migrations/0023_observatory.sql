-- The observatory: pivots' de-identified observations of the phenomenon, the platforms the table
-- names, the bilingual glossary of recruitment language, the table's settings, research exports
-- (aggregates with small-cell suppression) and the questions research partners propose.
-- Append-only once landed: change the schema with a new migration file.

-- Online platforms named in observations, kept by the table; a used one is retired, never deleted.
CREATE TABLE observatory_platforms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  name_key text GENERATED ALWAYS AS (filet_fold(name)) STORED,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  created_by uuid REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX observatory_platforms_name_key ON observatory_platforms (name_key);

-- An observation: no names, no exact places, no date finer than the month (`month` is its first
-- day). The free text is sealed (context `observations.text:<id>`) and shared beyond the author's
-- organisation only once the table approved it.
CREATE TABLE observations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  author_id uuid REFERENCES people (id) ON DELETE SET NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  place_type text NOT NULL CHECK (place_type IN (
    'school', 'youth_centre', 'shopping_centre', 'hotel', 'bar', 'online', 'street', 'transit', 'other'
  )),
  platform_id uuid REFERENCES observatory_platforms (id),
  recruitment_methods text[] NOT NULL DEFAULT '{}',
  modus_operandi text[] NOT NULL DEFAULT '{}',
  code_words text[] NOT NULL DEFAULT '{}',
  age_ranges text[] NOT NULL DEFAULT '{}',
  genders text[] NOT NULL DEFAULT '{}',
  exploiter_profiles text[] NOT NULL DEFAULT '{}',
  girls_seen smallint CHECK (girls_seen BETWEEN 0 AND 999),
  boys_seen smallint CHECK (boys_seen BETWEEN 0 AND 999),
  sealed_text text,
  text_status text NOT NULL DEFAULT 'none' CHECK (text_status IN ('none', 'pending', 'approved', 'rejected')),
  text_submitted_at timestamptz,
  text_reviewed_at timestamptz,
  text_reviewed_by uuid REFERENCES people (id) ON DELETE SET NULL,
  text_rejection_reason text CHECK (length(text_rejection_reason) <= 500),
  verification text NOT NULL DEFAULT 'pending' CHECK (verification IN ('pending', 'verified', 'not_verified')),
  verified_at timestamptz,
  verified_by uuid REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK ((sealed_text IS NULL) = (text_status = 'none'))
);
CREATE INDEX observations_organisation_idx ON observations (organisation_id, month DESC, created_at DESC);
CREATE INDEX observations_month_idx ON observations (month DESC, created_at DESC);
CREATE INDEX observations_pending_text_idx ON observations (text_submitted_at) WHERE text_status = 'pending';
CREATE INDEX observations_platform_idx ON observations (platform_id) WHERE platform_id IS NOT NULL;

-- One row per (observation, dimension, value) for the trends and research exports: counted with an
-- index-only scan over (dimension, month) instead of unnesting every observation's arrays. Written
-- with the observation, in the same transaction; `value` '' stands for "the observation itself"
-- under the dimension 'all' (the period totals). `created_at` is the observation's (never moved by an
-- edit): a research export of year Y counts only what was recorded before the year closed (April 1 of
-- Y + 1), so the same export stays the same forever.
CREATE TABLE observation_facets (
  observation_id uuid NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL,
  month date NOT NULL,
  created_at timestamptz NOT NULL,
  dimension text NOT NULL CHECK (dimension IN (
    'all', 'method', 'place_type', 'platform', 'age_range', 'gender', 'modus_operandi'
  )),
  value text NOT NULL,
  PRIMARY KEY (observation_id, dimension, value)
);
CREATE INDEX observation_facets_dimension_idx ON observation_facets (dimension, month, value)
  INCLUDE (observation_id, created_at);
CREATE INDEX observation_facets_organisation_idx ON observation_facets (organisation_id, dimension, month, value);

-- The facets counted by organisation, month, dimension and value, kept with the facets (same
-- transaction, rows always touched in key order): trends read these few rows instead of every facet.
CREATE TABLE observation_counts (
  dimension text NOT NULL,
  month date NOT NULL,
  value text NOT NULL,
  organisation_id uuid NOT NULL,
  n integer NOT NULL CHECK (n >= 0),
  PRIMARY KEY (dimension, month, value, organisation_id)
);
CREATE INDEX observation_counts_organisation_idx ON observation_counts (organisation_id, dimension, month);

-- The glossary: a term heard (matched case- and accent-insensitively through `term_key`), its
-- meaning in French and English, where and when it was heard. Proposed by observations' code words
-- or the table; published by the table for every member; retired when no longer useful.
CREATE TABLE glossary_terms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  term text NOT NULL CHECK (length(term) BETWEEN 1 AND 60),
  term_key text GENERATED ALWAYS AS (filet_fold(term)) STORED,
  language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
  meaning_fr text NOT NULL DEFAULT '' CHECK (length(meaning_fr) <= 1000),
  meaning_en text NOT NULL DEFAULT '' CHECK (length(meaning_en) <= 1000),
  -- The folded term and meanings, searched with a trigram index.
  search_key text GENERATED ALWAYS AS (filet_fold(term || ' ' || meaning_fr || ' ' || meaning_en)) STORED,
  place_types text[] NOT NULL DEFAULT '{}',
  first_seen date,
  last_seen date,
  sightings integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'published', 'retired')),
  -- Set when first published, never cleared: a term never published may be deleted by the table (a
  -- code word proposed from an observation may name a place or a person).
  first_published_at timestamptz,
  created_by uuid REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (first_seen IS NULL OR last_seen IS NULL OR first_seen <= last_seen),
  CHECK (status <> 'published' OR (meaning_fr <> '' AND meaning_en <> '')),
  CHECK (status <> 'published' OR first_published_at IS NOT NULL)
);
CREATE UNIQUE INDEX glossary_terms_key ON glossary_terms (term_key);
CREATE INDEX glossary_terms_status_idx ON glossary_terms (status, term_key);
CREATE INDEX glossary_terms_search_idx ON glossary_terms USING gin (search_key gin_trgm_ops);

-- The table's settings for the observatory: no row until the table first changes one (the module reads
-- these defaults until then).
CREATE TABLE observatory_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  suppression_threshold integer NOT NULL DEFAULT 10 CHECK (suppression_threshold >= 10),
  updated_by uuid REFERENCES people (id) ON DELETE SET NULL,
  updated_at timestamptz,
  version integer NOT NULL DEFAULT 1
);

-- Every research export: who, when, why, the query, and the suppressed table it produced.
CREATE TABLE research_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  researcher_id uuid REFERENCES people (id) ON DELETE SET NULL,
  purpose text NOT NULL CHECK (length(purpose) BETWEEN 10 AND 1000),
  dimensions text[] NOT NULL CHECK (cardinality(dimensions) BETWEEN 1 AND 2),
  from_month date NOT NULL,
  to_month date NOT NULL,
  threshold integer NOT NULL CHECK (threshold >= 10),
  result jsonb NOT NULL,
  text_status text NOT NULL DEFAULT 'not_requested'
    CHECK (text_status IN ('not_requested', 'requested', 'allowed', 'refused')),
  text_decided_by uuid REFERENCES people (id) ON DELETE SET NULL,
  text_decided_at timestamptz,
  -- The observations whose approved texts the export carries, fixed when the table allowed them: a
  -- text approved later never joins (it could be tied to its observation by comparing readings).
  text_observation_ids uuid[],
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (from_month <= to_month)
);
CREATE INDEX research_exports_researcher_idx ON research_exports (researcher_id, created_at DESC);
CREATE INDEX research_exports_created_idx ON research_exports (created_at DESC);

-- A question a research partner proposes to the table, and the table's answer.
CREATE TABLE research_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  researcher_id uuid REFERENCES people (id) ON DELETE SET NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
  note text CHECK (length(note) <= 2000),
  answered_by uuid REFERENCES people (id) ON DELETE SET NULL,
  answered_at timestamptz,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX research_questions_created_idx ON research_questions (researcher_id, created_at DESC);
