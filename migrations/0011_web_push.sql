-- Web push, opted into device by device, and one signal per notification fan-out.

-- A device (browser profile) that asked to be woken up when its person gets a notification. The
-- endpoint is a capability URL of the browser vendor's push service and the keys decrypt what is sent
-- there, so both are sealed with the keyring (context `push_subscriptions.<column>:<id>`). The SHA-256
-- of the endpoint finds a device again (subscribe twice, unsubscribe from the browser) without
-- decrypting every row. Payloads never carry personal data: "new item" and a link.
CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people (id),
  endpoint_hash bytea NOT NULL,
  endpoint text NOT NULL,
  keys text NOT NULL,
  label text NOT NULL,
  locale text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  last_failure_at timestamptz,
  failures integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX push_subscriptions_endpoint_idx ON push_subscriptions (endpoint_hash);
CREATE INDEX push_subscriptions_person_idx ON push_subscriptions (person_id);

-- One row per `notify` call: the event every recipient gets and who they are. It is written in the
-- caller's transaction and signalled with ONE pg_notify naming it, so the streams are served as soon
-- as it commits. Recipients are packed 16 bytes per person id, in order, stored uncompressed (random
-- ids do not compress; EXTERNAL also lets a slice be read without the rest): 19,000 recipients cost
-- one 300 KB value instead of 19,000 rows in the transaction an alert waits for. Recipient i's
-- notification id is the fan-out id with its last 8 hex digits replaced by i. A large fan-out's rows
-- in `notifications` are written right after the delivery (materialized_at); one left unmaterialized
-- by a crash is taken over by the outbox flush. Materialized fan-outs are deleted after a day.
CREATE TABLE notification_fanouts (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  link text,
  created_at timestamptz NOT NULL,
  recipient_count integer NOT NULL CHECK (recipient_count > 0),
  recipients bytea NOT NULL CHECK (octet_length(recipients) = 16 * recipient_count),
  materialized_at timestamptz
);
ALTER TABLE notification_fanouts ALTER COLUMN recipients SET STORAGE EXTERNAL;
CREATE INDEX notification_fanouts_pending_idx ON notification_fanouts (created_at) WHERE materialized_at IS NULL;
CREATE INDEX notification_fanouts_done_idx ON notification_fanouts (materialized_at) WHERE materialized_at IS NOT NULL;
