-- What several Filet processes must agree on, moved out of process memory: request throttles, the
-- tip line's receipt hand-off and its spent form tokens; and the tip line's receiving police service,
-- now an explicit setting of the table. Append-only once landed: change it with a new migration.

-- The two throttle tables are UNLOGGED: they hold nothing worth a disk flush per request. A restart of
-- Filet keeps them; a crash of PostgreSQL empties them, which only resets the limits. Being unlogged,
-- they are copied neither to replicas nor by `filet backup`, so no backup holds a throttle key.

-- One random value per hour. The throttle key of that hour is an HMAC of it under a secret derived from
-- the master key; the row is deleted once the hour is over, after which nobody (not even with the
-- master key) can tell which client address a counter of that hour belonged to.
CREATE UNLOGGED TABLE throttle_keys (
  period_start timestamptz PRIMARY KEY,
  nonce text NOT NULL
);

-- Fixed-window request counters. `subject` is a keyed hash of the client address (never the address),
-- or '*' for the ceiling shared by every client of a bucket.
CREATE UNLOGGED TABLE throttle_counters (
  bucket text NOT NULL CHECK (length(bucket) BETWEEN 1 AND 200),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 64),
  window_start timestamptz NOT NULL,
  hits integer NOT NULL CHECK (hits > 0),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (bucket, subject, window_start)
);
CREATE INDEX throttle_counters_expiry ON throttle_counters (expires_at);

-- The page that shows a tipster's receipt after sending a tip, for a few minutes. The address of the
-- page holds a random ticket; the row holds only its SHA-256 and the receipt sealed with a key derived
-- from the ticket, so the database alone never reveals a receipt.
CREATE TABLE tip_receipt_tickets (
  id text PRIMARY KEY CHECK (length(id) = 64),
  receipt text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX tip_receipt_tickets_expiry ON tip_receipt_tickets (expires_at);

-- Nonces of the public form's tokens already spent, written in the transaction that stores the tip.
-- Kept until the token would have expired anyway, rounded up to the hour (the moment a form was
-- opened must not point at a tip).
CREATE TABLE tip_form_tokens_spent (
  nonce text PRIMARY KEY CHECK (length(nonce) BETWEEN 1 AND 40),
  expires_at timestamptz NOT NULL
);
CREATE INDEX tip_form_tokens_spent_expiry ON tip_form_tokens_spent (expires_at);

-- The tip line's settings (at most one row). Without a receiving police service the public form says
-- the line is not open and stores nothing.
CREATE TABLE tip_line_settings (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  receiving_service_id uuid REFERENCES organisations (id),
  updated_by uuid REFERENCES people (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
