-- Consultations (the expertise cell): a front-line worker asks the pivots for advice on a de-identified
-- situation; Filet routes it to available pivots, one takes it, they converse in a thread, the lead pivot
-- closes it with a summary and may turn it into an anonymised knowledge entry. Threads are destroyed after
-- the table's retention period; a tombstone keeps the non-identifying facts the figures need.
-- Append-only once landed: change the schema with a new migration file.

-- The table's settings: the due times by urgency and the retention of closed threads. No row until the
-- table's coordination changes a setting: the module reads these defaults until then.
CREATE TABLE consultation_settings (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  urgent_due_hours integer NOT NULL DEFAULT 4 CHECK (urgent_due_hours BETWEEN 1 AND 40),
  normal_due_days integer NOT NULL DEFAULT 2 CHECK (normal_due_days BETWEEN 1 AND 15),
  retention_months integer NOT NULL DEFAULT 24 CHECK (retention_months BETWEEN 6 AND 120),
  updated_by uuid REFERENCES people (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- An anonymised piece of know-how drawn from a closed consultation by its lead pivot, searchable by every
-- staff member (French full text, accents ignored). It never names the consultation it came from.
CREATE TABLE consultation_knowledge (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  question text NOT NULL CHECK (length(question) BETWEEN 1 AND 4000),
  answer text NOT NULL CHECK (length(answer) BETWEEN 1 AND 8000),
  tags text[] NOT NULL DEFAULT '{}'
    CHECK (tags <@ ARRAY['boys', 'online_exploitation', 'schools', 'hotels', 'youth_centres',
      'substance_use', 'indigenous_youth', 'lgbtq', 'legal']),
  language text NOT NULL CHECK (language IN ('fr', 'en')),
  author_person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  author_organisation_id uuid REFERENCES organisations (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES people (id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('filet_french'::regconfig, question), 'A') ||
    setweight(to_tsvector('filet_french'::regconfig, answer), 'B')
  ) STORED
);
CREATE INDEX consultation_knowledge_search_idx ON consultation_knowledge USING gin (search_document);
CREATE INDEX consultation_knowledge_tags_idx ON consultation_knowledge USING gin (tags);
CREATE INDEX consultation_knowledge_created_idx ON consultation_knowledge (created_at DESC);

-- A consultation. What was observed, what was tried and the question are sealed together (context
-- `consultations.texts:<id>`), the lead pivot's summary apart (`consultations.summary:<id>`). The plain
-- columns are the structured, non-identifying facts routing and figures need. `status`: open (waiting
-- for a pivot to take it), taken, closed, withdrawn (by the asker before anyone took it).
CREATE TABLE consultations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  asker_person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  asker_organisation_id uuid NOT NULL REFERENCES organisations (id),
  age_range text NOT NULL CHECK (age_range IN ('under_12', '12_13', '14_15', '16_17', '18_plus', 'unknown')),
  gender text NOT NULL CHECK (gender IN ('girl', 'boy', 'gender_diverse', 'unknown')),
  setting text NOT NULL CHECK (setting IN (
    'school', 'youth_centre', 'home', 'street', 'online', 'hotel', 'shopping_centre', 'group_home',
    'community_organisation', 'other'
  )),
  urgency text NOT NULL CHECK (urgency IN ('urgent', 'normal')),
  language text NOT NULL CHECK (language IN ('fr', 'en')),
  -- What the asker aimed at: a pivot, an organisation, an expertise, or Filet's routing.
  target_kind text NOT NULL CHECK (target_kind IN ('pivot', 'organisation', 'expertise', 'automatic')),
  target_person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  target_organisation_id uuid REFERENCES organisations (id),
  -- The subjects of the question (pivot expertise tags): routing matches them, figures count them.
  expertise text[] NOT NULL DEFAULT '{}'
    CHECK (expertise <@ ARRAY['boys', 'online_exploitation', 'schools', 'hotels', 'youth_centres',
      'substance_use', 'indigenous_youth', 'lgbtq', 'legal']),
  sealed_texts text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'closed', 'withdrawn')),
  -- Routing found nobody: the consultation waits for the table's and the asker's coordinators.
  unrouted boolean NOT NULL DEFAULT false,
  lead_person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  lead_organisation_id uuid REFERENCES organisations (id),
  sealed_summary text,
  -- Services of the resources directory the lead pivot suggested at the close (no foreign key: the
  -- directory may drop a service; readers see only the ones still there).
  suggested_service_ids uuid[] NOT NULL DEFAULT '{}',
  knowledge_id uuid REFERENCES consultation_knowledge (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  taken_at timestamptz,
  -- The first answer of a pivot (a message or the close): meets the due time.
  first_answer_at timestamptz,
  escalated_at timestamptz,
  closed_at timestamptz,
  withdrawn_at timestamptz,
  -- Set by the retention job: texts, summary and thread destroyed; the row stays as a tombstone.
  destroyed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (status = 'open' OR status = 'withdrawn' OR lead_person_id IS NOT NULL OR destroyed_at IS NOT NULL),
  CHECK (destroyed_at IS NOT NULL OR sealed_texts IS NOT NULL)
);
CREATE INDEX consultations_asker_idx ON consultations (asker_person_id, created_at DESC);
CREATE INDEX consultations_asker_organisation_idx ON consultations (asker_organisation_id, created_at DESC);
CREATE INDEX consultations_lead_idx ON consultations (lead_person_id) WHERE status = 'taken';
CREATE INDEX consultations_lead_organisation_idx ON consultations (lead_organisation_id, created_at DESC);
CREATE INDEX consultations_due_idx ON consultations (due_at)
  WHERE status IN ('open', 'taken') AND first_answer_at IS NULL AND escalated_at IS NULL;
CREATE INDEX consultations_closed_idx ON consultations (closed_at) WHERE destroyed_at IS NULL;
CREATE INDEX consultations_created_idx ON consultations (created_at);

-- The pivots routing asked (until one took it they see it; afterwards a "taken" stub). `rank`: the
-- routing's order (own organisation first, then the region).
CREATE TABLE consultation_recipients (
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  rank integer NOT NULL,
  notified_at timestamptz NOT NULL,
  PRIMARY KEY (consultation_id, person_id)
);
CREATE INDEX consultation_recipients_person_idx ON consultation_recipients (person_id);

-- The pivots in the thread: the lead (who took it or received it by hand-over) and those brought in.
-- A lead handing over stays a participant.
CREATE TABLE consultation_participants (
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  added_at timestamptz NOT NULL,
  added_by uuid REFERENCES people (id) ON DELETE SET NULL,
  PRIMARY KEY (consultation_id, person_id)
);
CREATE INDEX consultation_participants_person_idx ON consultation_participants (person_id);

-- The thread: messages between the asker and the pivots, sealed (context `consultation_messages.body:<id>`).
CREATE TABLE consultation_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  author_person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  author_side text NOT NULL CHECK (author_side IN ('asker', 'pivot')),
  at timestamptz NOT NULL,
  sealed_body text NOT NULL
);
CREATE INDEX consultation_messages_consultation_idx ON consultation_messages (consultation_id, seq);
