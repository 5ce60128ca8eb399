-- Stored files (signed agreements, minutes attachments, later tip attachments and photos).
-- Restricted files are sealed with field encryption before they reach this table.
CREATE TABLE files (
  id uuid PRIMARY KEY,
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  mime_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  restricted boolean NOT NULL DEFAULT false,
  content bytea NOT NULL,
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
