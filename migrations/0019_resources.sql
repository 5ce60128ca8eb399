-- The directory of help resources (the service trajectory), shaped after Open Referral HSDS 3.0:
-- organisations hold services and locations, a service is given at locations (where a safe place keeps
-- its capacity), with phones and weekly schedules. Texts are bilingual (_fr required, _en optional).
-- Append-only once landed: change the schema with a new migration file.

CREATE TABLE resource_settings (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  stale_after_days integer NOT NULL DEFAULT 182 CHECK (stale_after_days BETWEEN 30 AND 730),
  updated_by uuid REFERENCES people (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- No row until the table's coordination changes a setting: the module reads these defaults until then.

-- An organisation that gives services: a partner of the table (partner_organisation_id) or not.
-- keeper_organisation_id is the partner that keeps the entry up to date; null: the table's coordination.
CREATE TABLE resource_organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  keeper_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  alternate_name text CHECK (length(alternate_name) <= 200),
  description_fr text NOT NULL DEFAULT '' CHECK (length(description_fr) <= 4000),
  description_en text CHECK (length(description_en) <= 4000),
  email text CHECK (length(email) <= 254),
  website text CHECK (length(website) <= 500),
  public boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX resource_organisations_keeper_idx ON resource_organisations (keeper_organisation_id);
CREATE INDEX resource_organisations_name_trgm_idx ON resource_organisations USING gin (filet_fold(name) gin_trgm_ops);

CREATE TABLE resource_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES resource_organisations (id) ON DELETE CASCADE,
  -- The partner that keeps the service and answers its referrals; null: kept by the table's
  -- coordination (a service off the platform, to which referrals are only logged).
  keeper_organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  name_fr text NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 200),
  name_en text CHECK (length(name_en) <= 200),
  description_fr text NOT NULL DEFAULT '' CHECK (length(description_fr) <= 4000),
  description_en text CHECK (length(description_en) <= 4000),
  eligibility_fr text CHECK (length(eligibility_fr) <= 2000),
  eligibility_en text CHECK (length(eligibility_en) <= 2000),
  application_fr text CHECK (length(application_fr) <= 2000),
  application_en text CHECK (length(application_en) <= 2000),
  fees_fr text CHECK (length(fees_fr) <= 1000),
  fees_en text CHECK (length(fees_en) <= 1000),
  free boolean NOT NULL DEFAULT true,
  url text CHECK (length(url) <= 500),
  email text CHECK (length(email) <= 254),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  taxonomy text[] NOT NULL DEFAULT '{}',
  audiences text[] NOT NULL DEFAULT '{}',
  genders text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{fr}',
  min_age integer CHECK (min_age BETWEEN 0 AND 120),
  max_age integer CHECK (max_age BETWEEN 0 AND 120),
  region text NOT NULL CHECK (length(region) BETWEEN 1 AND 200),
  always_open boolean NOT NULL DEFAULT false,
  safe_place boolean NOT NULL DEFAULT false,
  public boolean NOT NULL DEFAULT false,
  accepts_referrals boolean NOT NULL DEFAULT false,
  response_days integer NOT NULL DEFAULT 2 CHECK (response_days BETWEEN 1 AND 14),
  confirmed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_by uuid REFERENCES people (id) ON DELETE SET NULL,
  stale_notified_at timestamptz,
  created_by uuid REFERENCES people (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES people (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  -- French full-text (stemmed, accents ignored) and folded text for typo-tolerant trigram matching.
  search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('filet_french'::regconfig, coalesce(name_fr, '') || ' ' || coalesce(name_en, '')), 'A') ||
    setweight(to_tsvector('filet_french'::regconfig, coalesce(description_fr, '') || ' ' || coalesce(description_en, '')), 'B')
  ) STORED,
  search_name text GENERATED ALWAYS AS (filet_fold(name_fr || ' ' || coalesce(name_en, ''))) STORED,
  CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age),
  CHECK (NOT accepts_referrals OR keeper_organisation_id IS NOT NULL)
);
CREATE INDEX resource_services_organisation_idx ON resource_services (organisation_id);
CREATE INDEX resource_services_keeper_idx ON resource_services (keeper_organisation_id);
CREATE INDEX resource_services_taxonomy_idx ON resource_services USING gin (taxonomy);
CREATE INDEX resource_services_search_idx ON resource_services USING gin (search_document);
CREATE INDEX resource_services_name_trgm_idx ON resource_services USING gin (search_name gin_trgm_ops);
CREATE INDEX resource_services_region_idx ON resource_services (region);
CREATE INDEX resource_services_confirmed_idx ON resource_services (confirmed_at) WHERE status <> 'defunct';

-- A place. A confidential one (a safe place) keeps its street address and coordinates sealed in
-- sealed_address (context resource_locations.address:<id>) and its plain address columns empty; only
-- the city is plain. What the public and unauthorised roles see is the "front gate": a contact.
CREATE TABLE resource_locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES resource_organisations (id) ON DELETE CASCADE,
  location_type text NOT NULL DEFAULT 'physical' CHECK (location_type IN ('physical', 'postal', 'virtual')),
  name text CHECK (length(name) <= 200),
  description_fr text CHECK (length(description_fr) <= 2000),
  description_en text CHECK (length(description_en) <= 2000),
  confidential boolean NOT NULL DEFAULT false,
  address_1 text CHECK (length(address_1) <= 200),
  address_2 text CHECK (length(address_2) <= 200),
  city text CHECK (length(city) <= 100),
  state_province text NOT NULL DEFAULT 'QC' CHECK (length(state_province) <= 100),
  postal_code text CHECK (length(postal_code) <= 20),
  country text NOT NULL DEFAULT 'CA' CHECK (length(country) = 2),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  sealed_address text,
  front_gate_fr text CHECK (length(front_gate_fr) <= 1000),
  front_gate_en text CHECK (length(front_gate_en) <= 1000),
  transportation_fr text CHECK (length(transportation_fr) <= 1000),
  transportation_en text CHECK (length(transportation_en) <= 1000),
  accessibility_fr text CHECK (length(accessibility_fr) <= 1000),
  accessibility_en text CHECK (length(accessibility_en) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (NOT confidential OR (address_1 IS NULL AND address_2 IS NULL AND postal_code IS NULL
    AND latitude IS NULL AND longitude IS NULL)),
  CHECK (confidential OR sealed_address IS NULL)
);
CREATE INDEX resource_locations_organisation_idx ON resource_locations (organisation_id);

-- A service given at a location. A safe place counts its beds or places here: what is free, the
-- maximum, and when its staff last said so.
CREATE TABLE resource_service_locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES resource_services (id) ON DELETE CASCADE,
  location_id uuid NOT NULL REFERENCES resource_locations (id) ON DELETE CASCADE,
  places_available integer CHECK (places_available >= 0),
  places_maximum integer CHECK (places_maximum BETWEEN 0 AND 10000),
  capacity_updated_at timestamptz,
  capacity_updated_by uuid REFERENCES people (id) ON DELETE SET NULL,
  capacity_version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (service_id, location_id),
  CHECK (places_available IS NULL OR places_maximum IS NULL OR places_available <= places_maximum)
);
CREATE INDEX resource_service_locations_location_idx ON resource_service_locations (location_id);

-- Phone lines of an organisation, a service or a location (exactly one of them).
CREATE TABLE resource_phones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid REFERENCES resource_organisations (id) ON DELETE CASCADE,
  service_id uuid REFERENCES resource_services (id) ON DELETE CASCADE,
  location_id uuid REFERENCES resource_locations (id) ON DELETE CASCADE,
  number text NOT NULL CHECK (length(number) BETWEEN 3 AND 40),
  extension integer CHECK (extension BETWEEN 0 AND 99999999),
  kind text NOT NULL DEFAULT 'voice' CHECK (kind IN ('voice', 'text', 'hotline', 'fax')),
  description_fr text CHECK (length(description_fr) <= 500),
  description_en text CHECK (length(description_en) <= 500),
  languages text[] NOT NULL DEFAULT '{}',
  position integer NOT NULL DEFAULT 0,
  CHECK (num_nonnulls(organisation_id, service_id, location_id) = 1)
);
CREATE INDEX resource_phones_service_idx ON resource_phones (service_id);
CREATE INDEX resource_phones_organisation_idx ON resource_phones (organisation_id);
CREATE INDEX resource_phones_location_idx ON resource_phones (location_id);

-- Weekly opening hours of a service, or of a service at one location. closes_at before opens_at runs
-- past midnight; a service open around the clock says so with always_open instead.
CREATE TABLE resource_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid REFERENCES resource_services (id) ON DELETE CASCADE,
  service_location_id uuid REFERENCES resource_service_locations (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens_at time NOT NULL,
  closes_at time NOT NULL,
  note_fr text CHECK (length(note_fr) <= 300),
  note_en text CHECK (length(note_en) <= 300),
  CHECK (num_nonnulls(service_id, service_location_id) = 1),
  CHECK (opens_at <> closes_at)
);
CREATE INDEX resource_schedules_service_idx ON resource_schedules (service_id);
CREATE INDEX resource_schedules_service_location_idx ON resource_schedules (service_location_id);
