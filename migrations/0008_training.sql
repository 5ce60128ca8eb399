-- Training programme: catalogue, sessions, registrations and wait lists, attendance, completions and
-- certificates. Append-only once landed: change the schema with a new migration file.

CREATE TABLE training_courses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
  kind text NOT NULL DEFAULT 'course' CHECK (kind IN ('course', 'information_session')),
  title_fr text NOT NULL CHECK (length(title_fr) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  description_fr text NOT NULL DEFAULT '' CHECK (length(description_fr) <= 4000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 4000),
  objectives_fr text NOT NULL DEFAULT '' CHECK (length(objectives_fr) <= 4000),
  objectives_en text NOT NULL DEFAULT '' CHECK (length(objectives_en) <= 4000),
  duration_days numeric(4, 1) NOT NULL CHECK (duration_days > 0 AND duration_days <= 30),
  -- Who the course is for: partner_workers, police, probation, health_social_services, hotel_staff,
  -- shopping_centre_staff, students.
  audiences text[] NOT NULL DEFAULT '{}',
  -- Outside professionals may register through an invitation link.
  open_to_outside boolean NOT NULL DEFAULT false,
  certificate_validity_months integer CHECK (certificate_validity_months BETWEEN 1 AND 240),
  -- The course whose completion makes a pivot "trained" for the network's coverage (one at most).
  network_prerequisite boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX training_courses_network_prerequisite_key
  ON training_courses (network_prerequisite) WHERE network_prerequisite;

-- Cycles are refused by the server (a course can never require itself, even indirectly).
CREATE TABLE training_course_prerequisites (
  course_id uuid NOT NULL REFERENCES training_courses (id),
  prerequisite_id uuid NOT NULL REFERENCES training_courses (id),
  PRIMARY KEY (course_id, prerequisite_id),
  CHECK (course_id <> prerequisite_id)
);
CREATE INDEX training_course_prerequisites_prerequisite_idx
  ON training_course_prerequisites (prerequisite_id);

CREATE TABLE training_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL REFERENCES training_courses (id),
  place text CHECK (length(place) BETWEEN 1 AND 300),
  video_url text CHECK (length(video_url) <= 500 AND video_url LIKE 'https://%'),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  registration_deadline timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled', 'completed')),
  -- Next number handed to a wait-listed registration: the wait list is served in this order.
  next_queue_number integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (place IS NOT NULL OR video_url IS NOT NULL)
);
CREATE INDEX training_sessions_course_idx ON training_sessions (course_id);

CREATE TABLE training_session_days (
  session_id uuid NOT NULL REFERENCES training_sessions (id),
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, day),
  CHECK (ends_at > starts_at)
);
CREATE INDEX training_session_days_starts_idx ON training_session_days (starts_at);

CREATE TABLE training_session_trainers (
  session_id uuid NOT NULL REFERENCES training_sessions (id),
  person_id uuid NOT NULL REFERENCES people (id),
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX training_session_trainers_person_idx ON training_session_trainers (person_id);

-- A Filet person (person_id) or an outside professional registered through an invitation link, and the
-- participants of past years kept for the programme's history. Snapshots: name and e-mail as given.
CREATE TABLE training_participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid UNIQUE REFERENCES people (id),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  organisation_id uuid REFERENCES organisations (id),
  -- Partner organisation types, or for outside professionals: probation, hotel, shopping_centre,
  -- education, other.
  organisation_type text NOT NULL CHECK (length(organisation_type) BETWEEN 1 AND 40),
  -- The employer named by an outside professional (no organisation row for them).
  organisation_name text CHECK (length(organisation_name) <= 200),
  profession text CHECK (length(profession) <= 120),
  locale text NOT NULL DEFAULT 'fr-CA' CHECK (locale IN ('fr-CA', 'en-CA')),
  -- member: a Filet person; invited: an outside professional; history: a participant of past years.
  source text NOT NULL DEFAULT 'member' CHECK (source IN ('member', 'invited', 'history')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'member') = (person_id IS NOT NULL))
);
CREATE INDEX training_participants_organisation_idx ON training_participants (organisation_id);
-- An outside professional registering twice with the same e-mail is the same participant.
CREATE UNIQUE INDEX training_participants_outside_email_key
  ON training_participants (lower(email)) WHERE source = 'invited';

CREATE TABLE training_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES training_sessions (id),
  participant_id uuid NOT NULL REFERENCES training_participants (id),
  status text NOT NULL CHECK (status IN (
    'confirmed', 'waitlisted', 'offered', 'cancelled', 'declined', 'expired'
  )),
  -- Position on the wait list (from training_sessions.next_queue_number), kept once offered.
  queue_number integer,
  waitlisted_at timestamptz,
  offer_expires_at timestamptz,
  reminded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, participant_id),
  CHECK ((status = 'offered') = (offer_expires_at IS NOT NULL))
);
CREATE INDEX training_registrations_participant_idx ON training_registrations (participant_id);
CREATE INDEX training_registrations_queue_idx
  ON training_registrations (session_id, queue_number) WHERE status = 'waitlisted';
CREATE INDEX training_registrations_offers_idx
  ON training_registrations (offer_expires_at) WHERE status = 'offered';

CREATE TABLE training_attendance (
  registration_id uuid NOT NULL REFERENCES training_registrations (id),
  day date NOT NULL,
  status text NOT NULL CHECK (status IN ('present', 'absent', 'late', 'excused')),
  marked_by uuid REFERENCES people (id),
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (registration_id, day)
);

-- One row per course completed. Organisation and its type are snapshots at completion, so the figures of
-- past years do not move when a person changes employer.
CREATE TABLE training_completions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES training_participants (id),
  course_id uuid NOT NULL REFERENCES training_courses (id),
  session_id uuid REFERENCES training_sessions (id),
  completed_on date NOT NULL,
  organisation_id uuid REFERENCES organisations (id),
  organisation_type text NOT NULL CHECK (length(organisation_type) BETWEEN 1 AND 40),
  -- Random, unguessable verification code printed on the certificate.
  certificate_code text UNIQUE CHECK (certificate_code ~ '^[A-Z0-9-]{8,40}$'),
  expires_on date,
  expiry_reminded_at timestamptz,
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (expires_on IS NULL OR expires_on > completed_on)
);
CREATE UNIQUE INDEX training_completions_session_key
  ON training_completions (participant_id, session_id) WHERE session_id IS NOT NULL;
CREATE INDEX training_completions_course_idx ON training_completions (course_id, completed_on);
CREATE INDEX training_completions_participant_idx ON training_completions (participant_id);
CREATE INDEX training_completions_organisation_idx ON training_completions (organisation_id);
CREATE INDEX training_completions_expiry_idx
  ON training_completions (expires_on) WHERE expires_on IS NOT NULL AND expiry_reminded_at IS NULL;
