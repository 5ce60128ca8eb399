-- Governance: the table's meetings, action plan, announcements and calendar feeds.
-- Append-only once landed: change the schema with a new migration file.

CREATE TABLE gov_plan_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES gov_plan_items (id),
  kind text NOT NULL CHECK (kind IN ('mandate', 'means', 'action')),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 300),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 300),
  description text CHECK (length(description) <= 4000),
  start_date date,
  due_date date,
  status text NOT NULL DEFAULT 'not_started'
    CHECK (status IN ('not_started', 'in_progress', 'done', 'blocked', 'abandoned')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date),
  CHECK ((kind = 'mandate') = (parent_id IS NULL))
);
CREATE INDEX gov_plan_items_parent_idx ON gov_plan_items (parent_id);

CREATE TABLE gov_plan_item_organisations (
  item_id uuid NOT NULL REFERENCES gov_plan_items (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (item_id, organisation_id)
);

CREATE TABLE gov_plan_item_people (
  item_id uuid NOT NULL REFERENCES gov_plan_items (id),
  person_id uuid NOT NULL REFERENCES people (id),
  PRIMARY KEY (item_id, person_id)
);
CREATE INDEX gov_plan_item_people_person_idx ON gov_plan_item_people (person_id);

CREATE TABLE gov_plan_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL REFERENCES gov_plan_items (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  due_date date NOT NULL,
  done_date date,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gov_plan_milestones_item_idx ON gov_plan_milestones (item_id);

-- Every change of a plan item, field by field.
CREATE TABLE gov_plan_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id uuid NOT NULL REFERENCES gov_plan_items (id),
  field text NOT NULL,
  old_value text,
  new_value text,
  changed_by uuid REFERENCES people (id),
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gov_plan_history_item_idx ON gov_plan_history (item_id, id);

-- Last overdue reminder per item and person: at most one a week.
CREATE TABLE gov_plan_reminders (
  item_id uuid NOT NULL REFERENCES gov_plan_items (id),
  person_id uuid NOT NULL REFERENCES people (id),
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (item_id, person_id)
);

CREATE TABLE gov_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  place text CHECK (length(place) <= 300),
  video_url text CHECK (length(video_url) <= 500 AND video_url LIKE 'https://%'),
  -- Restricted meetings (closed sessions) are seen by their invitees and the coordination only.
  restricted boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'closed', 'cancelled')),
  minutes text CHECK (length(minutes) <= 50000),
  closed_at timestamptz,
  closed_by uuid REFERENCES people (id),
  minutes_approved_at timestamptz,
  minutes_approved_in uuid REFERENCES gov_meetings (id),
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX gov_meetings_starts_idx ON gov_meetings (starts_at);

CREATE TABLE gov_agenda_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES gov_meetings (id),
  parent_id uuid REFERENCES gov_agenda_items (id),
  position integer NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  presenter_id uuid REFERENCES people (id),
  plan_item_id uuid REFERENCES gov_plan_items (id),
  approves_meeting_id uuid REFERENCES gov_meetings (id)
);
CREATE INDEX gov_agenda_items_meeting_idx ON gov_agenda_items (meeting_id);

CREATE TABLE gov_invitations (
  meeting_id uuid NOT NULL REFERENCES gov_meetings (id),
  person_id uuid NOT NULL REFERENCES people (id),
  attendance text NOT NULL DEFAULT 'unknown' CHECK (attendance IN ('unknown', 'present', 'absent', 'excused')),
  PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX gov_invitations_person_idx ON gov_invitations (person_id);

CREATE TABLE gov_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES gov_meetings (id),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  plan_item_id uuid REFERENCES gov_plan_items (id),
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gov_decisions_meeting_idx ON gov_decisions (meeting_id);

-- Private calendar feeds: only the SHA-256 of the token is kept.
CREATE TABLE gov_calendar_tokens (
  person_id uuid PRIMARY KEY REFERENCES people (id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gov_announcements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  body_fr text NOT NULL CHECK (length(body_fr) BETWEEN 1 AND 10000),
  body_en text NOT NULL CHECK (length(body_en) BETWEEN 1 AND 10000),
  audience text NOT NULL CHECK (audience IN ('all', 'pivots', 'organisation_type', 'organisation')),
  audience_type text,
  audience_organisation_id uuid REFERENCES organisations (id),
  publish_at timestamptz NOT NULL,
  published_at timestamptz,
  author_id uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gov_announcements_publish_idx ON gov_announcements (publish_at);

CREATE TABLE gov_announcement_recipients (
  announcement_id uuid NOT NULL REFERENCES gov_announcements (id),
  person_id uuid NOT NULL REFERENCES people (id),
  read_at timestamptz,
  PRIMARY KEY (announcement_id, person_id)
);
CREATE INDEX gov_announcement_recipients_person_idx ON gov_announcement_recipients (person_id);
