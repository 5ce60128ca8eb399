-- Jobs (recurring schedules and one-off delayed work), the e-mail outbox and in-app notifications.

-- Recurring jobs: the next run time lives in the database, so a restart neither skips nor repeats a
-- run, and several Filet processes share the work (a run is claimed by moving locked_until forward).
CREATE TABLE job_schedules (
  name text PRIMARY KEY,
  cron text NOT NULL,
  next_run_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text
);

-- One-off work to run at or after run_at (an escalation in ten minutes, a wait-list deadline).
CREATE TABLE job_queue (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  run_at timestamptz NOT NULL DEFAULT now(),
  singleton_key text,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  locked_until timestamptz,
  done_at timestamptz,
  failed_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_queue_due_idx ON job_queue (run_at) WHERE done_at IS NULL AND failed_at IS NULL;
CREATE UNIQUE INDEX job_queue_singleton_key ON job_queue (name, singleton_key)
  WHERE singleton_key IS NOT NULL AND done_at IS NULL AND failed_at IS NULL;

-- E-mail is written here inside the transaction of the change that causes it and delivered by a job:
-- nothing is sent for work that rolled back, and a failed delivery is retried. The body may hold a
-- single-use link, so it is encrypted and wiped once delivered.
CREATE TABLE email_outbox (
  id uuid PRIMARY KEY,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text,
  kind text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  failed_at timestamptz,
  last_error text
);
CREATE INDEX email_outbox_pending_idx ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- In-app notifications, pushed live over server-sent events and kept for the notification list.
-- params never carry restricted content: the notification links to the record, which checks access.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_person_idx ON notifications (person_id, created_at DESC);
