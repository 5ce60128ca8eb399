import type { ColumnType, Generated } from 'kysely';
import type {
  LocationType,
  PhoneKind,
  ResourceAudience,
  ResourceGender,
  ResourceTaxonomy,
  ServiceStatus,
} from '../../../shared/contracts/resources.values.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type Version = ColumnType<number, number | undefined, number>;
/** A column the database computes (generated always): read only. */
type Computed<T> = ColumnType<T, never, never>;

/** Kysely types of the directory of help resources (migrations/0019_resources.sql). */
export interface ResourceSettingsTable {
  id: ColumnType<number, number | undefined, never>;
  stale_after_days: number;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface ResourceOrganisationsTable {
  id: Generated<string>;
  partner_organisation_id: string | null;
  keeper_organisation_id: string | null;
  name: string;
  alternate_name: string | null;
  description_fr: ColumnType<string, string | undefined, string>;
  description_en: string | null;
  email: string | null;
  website: string | null;
  public: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  version: Version;
}

export interface ResourceServicesTable {
  id: Generated<string>;
  organisation_id: string;
  keeper_organisation_id: string | null;
  name_fr: string;
  name_en: string | null;
  description_fr: ColumnType<string, string | undefined, string>;
  description_en: string | null;
  eligibility_fr: string | null;
  eligibility_en: string | null;
  application_fr: string | null;
  application_en: string | null;
  fees_fr: string | null;
  fees_en: string | null;
  free: ColumnType<boolean, boolean | undefined, boolean>;
  url: string | null;
  email: string | null;
  status: ColumnType<ServiceStatus, ServiceStatus | undefined, ServiceStatus>;
  taxonomy: ColumnType<ResourceTaxonomy[], ResourceTaxonomy[] | undefined, ResourceTaxonomy[]>;
  audiences: ColumnType<ResourceAudience[], ResourceAudience[] | undefined, ResourceAudience[]>;
  genders: ColumnType<ResourceGender[], ResourceGender[] | undefined, ResourceGender[]>;
  /** ISO 639-1 codes. */
  languages: ColumnType<string[], string[] | undefined, string[]>;
  min_age: number | null;
  max_age: number | null;
  region: string;
  always_open: ColumnType<boolean, boolean | undefined, boolean>;
  safe_place: ColumnType<boolean, boolean | undefined, boolean>;
  public: ColumnType<boolean, boolean | undefined, boolean>;
  accepts_referrals: ColumnType<boolean, boolean | undefined, boolean>;
  response_days: ColumnType<number, number | undefined, number>;
  confirmed_at: ColumnType<Date, Date | undefined, Date>;
  confirmed_by: string | null;
  stale_notified_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_at: UpdatedAt;
  version: Version;
  search_document: Computed<string>;
  search_name: Computed<string>;
}

export interface ResourceLocationsTable {
  id: Generated<string>;
  organisation_id: string;
  location_type: ColumnType<LocationType, LocationType | undefined, LocationType>;
  name: string | null;
  description_fr: string | null;
  description_en: string | null;
  /** A safe place: its street address is sealed, only the city stays plain. */
  confidential: ColumnType<boolean, boolean | undefined, boolean>;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  state_province: ColumnType<string, string | undefined, string>;
  postal_code: string | null;
  country: ColumnType<string, string | undefined, string>;
  latitude: number | null;
  longitude: number | null;
  /** Sealed JSON of the street address and coordinates (context `resource_locations.address:<id>`). */
  sealed_address: string | null;
  front_gate_fr: string | null;
  front_gate_en: string | null;
  transportation_fr: string | null;
  transportation_en: string | null;
  accessibility_fr: string | null;
  accessibility_en: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  version: Version;
}

export interface ResourceServiceLocationsTable {
  id: Generated<string>;
  service_id: string;
  location_id: string;
  places_available: number | null;
  places_maximum: number | null;
  capacity_updated_at: Date | null;
  capacity_updated_by: string | null;
  capacity_version: Version;
  created_at: CreatedAt;
}

export interface ResourcePhonesTable {
  id: Generated<string>;
  organisation_id: string | null;
  service_id: string | null;
  location_id: string | null;
  number: string;
  extension: number | null;
  kind: ColumnType<PhoneKind, PhoneKind | undefined, PhoneKind>;
  description_fr: string | null;
  description_en: string | null;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  position: ColumnType<number, number | undefined, number>;
}

export interface ResourceSchedulesTable {
  id: Generated<string>;
  service_id: string | null;
  service_location_id: string | null;
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** `HH:MM:SS` in the region's time zone. */
  opens_at: string;
  closes_at: string;
  note_fr: string | null;
  note_en: string | null;
}

/** Tables of the directory (migration 0019). */
export interface ResourceTables {
  resource_settings: ResourceSettingsTable;
  resource_organisations: ResourceOrganisationsTable;
  resource_services: ResourceServicesTable;
  resource_locations: ResourceLocationsTable;
  resource_service_locations: ResourceServiceLocationsTable;
  resource_phones: ResourcePhonesTable;
  resource_schedules: ResourceSchedulesTable;
}

// The tables of the resources module join the database type the platform declares, without the platform knowing them.
declare module '../../platform/db/schema.js' {
  interface DB extends ResourceTables {}
}
