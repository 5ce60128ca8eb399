-- Filet alerts module: archiving and destroying young people's profiles.
-- A profile is archived when the young person leaves care, reaches majority or moves out of the region:
-- it leaves the list, cannot raise an alert and gets no review reminder, and can be restored. The
-- retention job destroys archived profiles after the table's period (alert_settings); the youth centre's
-- coordination may destroy one at once. What survives a profile is de-identified: the alert facts (they
-- keep the episode count, never a link to the profile) and audit entries without personal content.
-- Append-only once landed: change it with a new migration.

-- How long an archived profile is kept before the retention job destroys it (table-wide).
ALTER TABLE alert_settings
  ADD COLUMN profile_retention_days integer NOT NULL DEFAULT 365
    CHECK (profile_retention_days BETWEEN 30 AND 1825);

ALTER TABLE alert_profiles
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN archived_by uuid REFERENCES people (id),
  ADD COLUMN archive_reason text
    CHECK (archive_reason IN ('left_care', 'reached_majority', 'moved_out', 'other')),
  -- Encrypted (alert_profiles.archive_note:<id>): the explanation given with the reason "other".
  ADD COLUMN archive_note text,
  ADD CONSTRAINT alert_profiles_archived_with_reason CHECK ((archived_at IS NULL) = (archive_reason IS NULL)),
  ADD CONSTRAINT alert_profiles_other_reason_detailed CHECK (archive_reason <> 'other' OR archive_note IS NOT NULL);

-- The default list (active profiles of an organisation) and the retention job's scan.
CREATE INDEX alert_profiles_archived_idx ON alert_profiles (archived_at) WHERE archived_at IS NOT NULL;
