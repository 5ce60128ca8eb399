-- Training questionnaires: one engine for session evaluations and training-needs surveys — questions,
-- answer sets, the evaluation questionnaire of each course. Append-only once landed.

-- A questionnaire the table (or, for evaluations, a trainer) writes. A survey also carries its window
-- (open and close dates, inclusive, in the region's time zone) and the organisation types it targets;
-- it is offered to people once the table opens it (opened_at), which notifies them.
CREATE TABLE questionnaires (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('evaluation', 'survey')),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  intro_fr text NOT NULL DEFAULT '' CHECK (length(intro_fr) <= 4000),
  intro_en text NOT NULL DEFAULT '' CHECK (length(intro_en) <= 4000),
  -- The evaluation every course without its own one uses (exactly one at most).
  is_default boolean NOT NULL DEFAULT false,
  opens_on date,
  closes_on date,
  target_types text[] NOT NULL DEFAULT '{}',
  opened_at timestamptz,
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT is_default OR kind = 'evaluation'),
  CHECK ((kind = 'survey') = (opens_on IS NOT NULL AND closes_on IS NOT NULL)),
  CHECK (closes_on IS NULL OR closes_on >= opens_on),
  CHECK (kind = 'survey' OR opened_at IS NULL)
);
CREATE UNIQUE INDEX questionnaires_default_key ON questionnaires (is_default) WHERE is_default;
CREATE INDEX questionnaires_kind_idx ON questionnaires (kind, created_at);

-- Ordered questions. Choice questions carry their options as [{ "key", "fr", "en" }].
CREATE TABLE questionnaire_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  type text NOT NULL CHECK (type IN ('scale', 'single', 'multiple', 'short_text', 'long_text')),
  required boolean NOT NULL DEFAULT true,
  text_fr text NOT NULL CHECK (length(text_fr) BETWEEN 1 AND 500),
  text_en text NOT NULL CHECK (length(text_en) BETWEEN 1 AND 500),
  options jsonb NOT NULL DEFAULT '[]',
  UNIQUE (questionnaire_id, position)
);

-- The evaluation questionnaire of a course (absent: the default evaluation).
CREATE TABLE questionnaire_assignments (
  course_id uuid PRIMARY KEY REFERENCES training_courses (id),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires (id),
  updated_by uuid REFERENCES people (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX questionnaire_assignments_questionnaire_idx ON questionnaire_assignments (questionnaire_id);

-- One answer set. Evaluations are of one session (and its course); survey answers keep the respondent's
-- organisation and its type at the time, so results by organisation type do not move later. The person
-- is kept only to refuse a second answer: results never show who answered.
CREATE TABLE questionnaire_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires (id),
  person_id uuid NOT NULL REFERENCES people (id),
  session_id uuid REFERENCES training_sessions (id),
  course_id uuid REFERENCES training_courses (id),
  organisation_id uuid REFERENCES organisations (id),
  organisation_type text NOT NULL CHECK (length(organisation_type) BETWEEN 1 AND 40),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((session_id IS NULL) = (course_id IS NULL))
);
-- One answer set per person: per session for evaluations, per questionnaire for surveys.
CREATE UNIQUE INDEX questionnaire_responses_session_key
  ON questionnaire_responses (session_id, person_id) WHERE session_id IS NOT NULL;
CREATE UNIQUE INDEX questionnaire_responses_survey_key
  ON questionnaire_responses (questionnaire_id, person_id) WHERE session_id IS NULL;
CREATE INDEX questionnaire_responses_questionnaire_idx ON questionnaire_responses (questionnaire_id);
CREATE INDEX questionnaire_responses_course_idx ON questionnaire_responses (course_id);

CREATE TABLE questionnaire_answers (
  response_id uuid NOT NULL REFERENCES questionnaire_responses (id) ON DELETE CASCADE,
  question_id uuid NOT NULL REFERENCES questionnaire_questions (id),
  scale smallint CHECK (scale BETWEEN 1 AND 5),
  choices text[],
  text text CHECK (length(text) BETWEEN 1 AND 4000),
  PRIMARY KEY (response_id, question_id),
  CHECK (num_nonnulls(scale, choices, text) = 1)
);
CREATE INDEX questionnaire_answers_question_idx ON questionnaire_answers (question_id);

-- Who was told that a session's evaluation is open, so each participant is told once.
CREATE TABLE questionnaire_evaluation_notices (
  session_id uuid NOT NULL REFERENCES training_sessions (id),
  person_id uuid NOT NULL REFERENCES people (id),
  notified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, person_id)
);
