-- "Open now" in the directory's search reads the schedules open at one moment: those of today that
-- close later than now (or past midnight) and opened already, and those of yesterday running past
-- midnight. Two indexes serve it without reading every schedule: by closing time, and the overnight ones.
-- Append-only once landed: change the schema with a new migration file.

CREATE INDEX resource_schedules_closing_idx ON resource_schedules (weekday, closes_at)
  INCLUDE (opens_at, service_id, service_location_id);
CREATE INDEX resource_schedules_overnight_idx ON resource_schedules (weekday, opens_at)
  INCLUDE (closes_at, service_id, service_location_id)
  WHERE closes_at < opens_at;
