-- Field-encryption keys and the hash-chained audit log.

-- Data keys and the audit-chain key, each wrapped (AES-256-GCM) by the master key, which never
-- enters the database. Every encrypted value names the key id it was sealed with.
CREATE TABLE encryption_keys (
  id text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('data', 'audit_chain')),
  wrapped_key text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE UNIQUE INDEX encryption_keys_one_active ON encryption_keys (purpose) WHERE status = 'active';

-- The audit log. `entry` holds the canonical JSON of the event, the exact text covered by `hash`:
-- hash = HMAC-SHA256(chain key, prev_hash || '\n' || entry). The columns used for filtering are
-- generated from `entry`, so they cannot be changed apart from it.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  entry text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  at_utc text GENERATED ALWAYS AS ((entry::jsonb) ->> 'at') STORED,
  actor_id text GENERATED ALWAYS AS ((entry::jsonb) ->> 'actor') STORED,
  action text GENERATED ALWAYS AS ((entry::jsonb) ->> 'action') STORED,
  target_type text GENERATED ALWAYS AS ((entry::jsonb) ->> 'targetType') STORED,
  target_id text GENERATED ALWAYS AS ((entry::jsonb) ->> 'targetId') STORED,
  outcome text GENERATED ALWAYS AS ((entry::jsonb) ->> 'outcome') STORED
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, seq);
CREATE INDEX audit_log_at_idx ON audit_log (at_utc);

-- The database itself refuses to change or remove an entry, whoever asks.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
