-- The people a partner follows are found by name without opening every sealed record: each holds the
-- keyed hashes of the prefixes of its folded name words (`name_index`, keyed per organisation with a
-- secret derived from the master key, so neither a copy of the database nor another organisation can
-- test a name against it), and the fingerprint of the key that made them (`name_index_key`). A record
-- whose fingerprint is not the current key's is indexed again on the organisation's next search (after
-- this migration, and after a change of master key).
-- Append-only once landed: change the schema with a new migration file.

ALTER TABLE referral_subjects ADD COLUMN name_index text[] NOT NULL DEFAULT '{}';
ALTER TABLE referral_subjects ADD COLUMN name_index_key text;
CREATE INDEX referral_subjects_name_index_idx ON referral_subjects USING gin (name_index);
