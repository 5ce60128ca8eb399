/**
 * The contract of the resources module (the directory of help resources and its referrals): request
 * and response schemas, the types derived from them, and (from `resources.values.ts`) the allowed
 * values; shared by the server and the web app. Each group of use cases keeps its own section.
 */
import { type Static, Type } from '@sinclair/typebox';
import { IsoDateTime, literals, Nullable, Strict, Uuid } from './common.js';
import {
  LOCATION_TYPES,
  PHONE_KINDS,
  RESOURCE_AUDIENCES,
  RESOURCE_GENDERS,
  RESOURCE_TAXONOMY,
  SERVICE_STATUSES,
} from './resources.values.js';

export * from './resources.values.js';

/** PostgreSQL's largest integer: a version or count beyond it is bad input, not a server fault. */
const MAX_INT4 = 2_147_483_647;
/** The version of a record the client saw, for a conditional update. */
const Version = Type.Integer({ minimum: 1, maximum: MAX_INT4 });

export const TaxonomySchema = literals(RESOURCE_TAXONOMY);
export const AudienceSchema = literals(RESOURCE_AUDIENCES);
export const GenderSchema = literals(RESOURCE_GENDERS);
export const ServiceStatusSchema = literals(SERVICE_STATUSES);
/** An ISO 639-1 language code. */
export const LanguageCode = Type.String({ pattern: '^[a-z]{2}$' });

// ------------------------------------------------------------------------------------------------
// Search (staff: GET /api/resources/services; the public pages read the same search, public subset)

/**
 * What a search asks. `q` forgives French: accents, case, plurals and small typos. Services of the
 * searcher's region come first. `openNow` reads schedules in the region's time zone; `placesAvailable`
 * keeps safe places with at least one free place.
 */
export const ServiceSearchQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  taxonomy: Type.Optional(Type.Array(TaxonomySchema, { maxItems: RESOURCE_TAXONOMY.length })),
  audience: Type.Optional(AudienceSchema),
  gender: Type.Optional(GenderSchema),
  age: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  language: Type.Optional(LanguageCode),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  openNow: Type.Optional(Type.Boolean()),
  placesAvailable: Type.Optional(Type.Boolean()),
  /** Keeper organisation (staff only): "our services". */
  keeperOrganisationId: Type.Optional(Uuid),
  /** Only entries not confirmed for the table's staleness period (staff only). */
  stale: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type ServiceSearchQuery = Static<typeof ServiceSearchQuery>;

/** A safe place's capacity at one location, as its staff last said. */
export const Capacity = Type.Object({
  serviceLocationId: Uuid,
  available: Nullable(Type.Integer()),
  maximum: Nullable(Type.Integer()),
  updatedAt: Nullable(IsoDateTime),
  /** For the conditional update (409 when someone else changed it in between). */
  version: Type.Integer(),
});
export type Capacity = Static<typeof Capacity>;

/** One line of a search result. Texts are in the reader's language, French when no English exists. */
export const ServiceSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  organisationId: Uuid,
  organisationName: Type.String(),
  description: Type.String(),
  taxonomy: Type.Array(TaxonomySchema),
  audiences: Type.Array(AudienceSchema),
  genders: Type.Array(GenderSchema),
  languages: Type.Array(Type.String()),
  minAge: Nullable(Type.Integer()),
  maxAge: Nullable(Type.Integer()),
  region: Type.String(),
  /** Cities of its locations (never a confidential street address). */
  cities: Type.Array(Type.String()),
  status: ServiceStatusSchema,
  safePlace: Type.Boolean(),
  public: Type.Boolean(),
  acceptsReferrals: Type.Boolean(),
  openNow: Nullable(Type.Boolean()),
  /** Safe places: one entry per location; empty otherwise. */
  capacity: Type.Array(Capacity),
  confirmedAt: IsoDateTime,
  stale: Type.Boolean(),
});
export type ServiceSummary = Static<typeof ServiceSummary>;

export const ServiceSearchResult = Type.Object({
  total: Type.Integer(),
  items: Type.Array(ServiceSummary),
});
export type ServiceSearchResult = Static<typeof ServiceSearchResult>;

// ------------------------------------------------------------------------------------------------
// Directory (keeping entries: organisations, services, locations, phones, schedules, capacity,
// sealed addresses, the table's settings)

const Text = (maxLength: number) => Type.String({ maxLength });
const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));
/** A web address a page may link to: http or https only (never `javascript:` or `data:`), or none. */
const WebAddress = Type.Optional(
  Nullable(Type.String({ maxLength: 500, pattern: '^(|[Hh][Tt][Tt][Pp][Ss]?://\\S+)$' })),
);

/** What a keeper writes about an organisation that gives services. */
export const ResourceOrganisationBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  alternateName: OptionalText(200),
  descriptionFr: Type.Optional(Text(4000)),
  descriptionEn: OptionalText(4000),
  email: OptionalText(254),
  website: WebAddress,
  public: Type.Optional(Type.Boolean()),
  /** The partner that keeps the entry; null: the table's coordination. */
  keeperOrganisationId: Nullable(Uuid),
  /** The partner of the table this organisation is, if it is one. */
  partnerOrganisationId: Type.Optional(Nullable(Uuid)),
});
export type ResourceOrganisationBody = Static<typeof ResourceOrganisationBody>;

export const ResourceOrganisationUpdateBody = Strict({
  ...ResourceOrganisationBody.properties,
  version: Version,
});
export type ResourceOrganisationUpdateBody = Static<typeof ResourceOrganisationUpdateBody>;

/** A line of the organisations list (pickers). */
export const ResourceOrganisationLine = Type.Object({
  id: Uuid,
  name: Type.String(),
  public: Type.Boolean(),
  keeperOrganisationId: Nullable(Uuid),
  canKeep: Type.Boolean(),
});
export const ResourceOrganisationList = Type.Object({ items: Type.Array(ResourceOrganisationLine) });
export type ResourceOrganisationList = Static<typeof ResourceOrganisationList>;

/** A location as every member of the table sees it: never a confidential street address. */
export const ResourceLocation = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  locationType: Type.String(),
  name: Nullable(Type.String()),
  description: Nullable(Type.String()),
  confidential: Type.Boolean(),
  /** Plain addresses only (null for a confidential location). */
  address1: Nullable(Type.String()),
  address2: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  city: Nullable(Type.String()),
  /** The contact that opens a confidential location's door. */
  frontGate: Nullable(Type.String()),
  transportation: Nullable(Type.String()),
  accessibility: Nullable(Type.String()),
  /** Both languages, for the edit form. */
  texts: Type.Object({
    descriptionFr: Nullable(Type.String()),
    descriptionEn: Nullable(Type.String()),
    frontGateFr: Nullable(Type.String()),
    frontGateEn: Nullable(Type.String()),
    transportationFr: Nullable(Type.String()),
    transportationEn: Nullable(Type.String()),
    accessibilityFr: Nullable(Type.String()),
    accessibilityEn: Nullable(Type.String()),
  }),
  version: Type.Integer(),
  /** Whether the reader may ask for the sealed address (an audited reveal). */
  canReveal: Type.Boolean(),
});
export type ResourceLocation = Static<typeof ResourceLocation>;

export const ResourceOrganisation = Type.Object({
  id: Uuid,
  name: Type.String(),
  alternateName: Nullable(Type.String()),
  description: Type.String(),
  descriptionFr: Type.String(),
  descriptionEn: Nullable(Type.String()),
  email: Nullable(Type.String()),
  website: Nullable(Type.String()),
  public: Type.Boolean(),
  keeperOrganisationId: Nullable(Uuid),
  partnerOrganisationId: Nullable(Uuid),
  version: Type.Integer(),
  canKeep: Type.Boolean(),
  locations: Type.Array(ResourceLocation),
  services: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), status: ServiceStatusSchema, stale: Type.Boolean() }),
  ),
});
export type ResourceOrganisation = Static<typeof ResourceOrganisation>;

/** The sealed part of a confidential location: its street address and coordinates. */
export const SealedAddress = Strict({
  address1: Type.String({ minLength: 1, maxLength: 200 }),
  address2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  postalCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
});
export type SealedAddress = Static<typeof SealedAddress>;

export const LocationBody = Strict({
  organisationId: Uuid,
  locationType: Type.Optional(literals(LOCATION_TYPES)),
  name: OptionalText(200),
  descriptionFr: OptionalText(2000),
  descriptionEn: OptionalText(2000),
  confidential: Type.Boolean(),
  /** Plain address (a location that is not confidential). */
  address1: OptionalText(200),
  address2: OptionalText(200),
  postalCode: OptionalText(20),
  city: OptionalText(100),
  latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  /** A confidential location's street address, sealed at rest; omitted on edit: kept as it is. */
  sealedAddress: Type.Optional(SealedAddress),
  frontGateFr: OptionalText(1000),
  frontGateEn: OptionalText(1000),
  transportationFr: OptionalText(1000),
  transportationEn: OptionalText(1000),
  accessibilityFr: OptionalText(1000),
  accessibilityEn: OptionalText(1000),
});
export type LocationBody = Static<typeof LocationBody>;

export const LocationUpdateBody = Strict({
  ...LocationBody.properties,
  version: Version,
});
export type LocationUpdateBody = Static<typeof LocationUpdateBody>;

/** Why a person opens a sealed address (kept in the audit log). */
/** Why the address is opened, kept in the audit entry: at least three characters that are not spaces. */
export const RevealBody = Strict({
  purpose: Type.String({ minLength: 3, maxLength: 300, pattern: '\\S[\\s\\S]*\\S[\\s\\S]*\\S' }),
});
export type RevealBody = Static<typeof RevealBody>;
export const RevealedAddress = Type.Object({
  address1: Type.String(),
  address2: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  city: Nullable(Type.String()),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
});
export type RevealedAddress = Static<typeof RevealedAddress>;

/** What a keeper writes about a service. */
const serviceFields = {
  keeperOrganisationId: Nullable(Uuid),
  nameFr: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: OptionalText(200),
  descriptionFr: Type.Optional(Text(4000)),
  descriptionEn: OptionalText(4000),
  eligibilityFr: OptionalText(2000),
  eligibilityEn: OptionalText(2000),
  applicationFr: OptionalText(2000),
  applicationEn: OptionalText(2000),
  feesFr: OptionalText(1000),
  feesEn: OptionalText(1000),
  free: Type.Optional(Type.Boolean()),
  url: WebAddress,
  email: OptionalText(254),
  taxonomy: Type.Array(TaxonomySchema, {
    minItems: 1,
    maxItems: RESOURCE_TAXONOMY.length,
    uniqueItems: true,
  }),
  audiences: Type.Optional(
    Type.Array(AudienceSchema, { maxItems: RESOURCE_AUDIENCES.length, uniqueItems: true }),
  ),
  genders: Type.Optional(Type.Array(GenderSchema, { maxItems: RESOURCE_GENDERS.length, uniqueItems: true })),
  languages: Type.Optional(Type.Array(LanguageCode, { maxItems: 20, uniqueItems: true })),
  minAge: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 120 }))),
  maxAge: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 120 }))),
  region: Type.String({ minLength: 1, maxLength: 200 }),
  alwaysOpen: Type.Optional(Type.Boolean()),
  safePlace: Type.Optional(Type.Boolean()),
  public: Type.Optional(Type.Boolean()),
  acceptsReferrals: Type.Optional(Type.Boolean()),
  responseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 14 })),
};

export const ServiceStatusBody = Strict({
  status: ServiceStatusSchema,
  version: Version,
});
export type ServiceStatusBody = Static<typeof ServiceStatusBody>;
export const VersionBody = Strict({ version: Version });
export type VersionBody = Static<typeof VersionBody>;

export const PhoneKindSchema = literals(PHONE_KINDS);
export const PhoneInput = Strict({
  number: Type.String({ minLength: 3, maxLength: 40 }),
  extension: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 99_999_999 }))),
  kind: Type.Optional(PhoneKindSchema),
  descriptionFr: OptionalText(500),
  descriptionEn: OptionalText(500),
  languages: Type.Optional(Type.Array(LanguageCode, { maxItems: 20, uniqueItems: true })),
});
export const PhonesBody = Strict({
  phones: Type.Array(PhoneInput, { maxItems: 20 }),
  version: Version,
});
export type PhonesBody = Static<typeof PhonesBody>;

/** `HH:MM` (24 h). */
export const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export const ScheduleInput = Strict({
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  opensAt: TimeOfDay,
  closesAt: TimeOfDay,
  noteFr: OptionalText(300),
  noteEn: OptionalText(300),
});
export const SchedulesBody = Strict({
  schedules: Type.Array(ScheduleInput, { maxItems: 50 }),
  alwaysOpen: Type.Optional(Type.Boolean()),
  version: Version,
});
export type SchedulesBody = Static<typeof SchedulesBody>;

/**
 * A service as its form sends it: its fields and, when given, its phone lines and weekly hours, saved
 * together in one transaction (nothing half-saved when one part is refused).
 */
const serviceParts = {
  phones: Type.Optional(Type.Array(PhoneInput, { maxItems: 20 })),
  schedules: Type.Optional(Type.Array(ScheduleInput, { maxItems: 50 })),
};
export const ServiceBody = Strict({ organisationId: Uuid, ...serviceFields, ...serviceParts });
export type ServiceBody = Static<typeof ServiceBody>;
export const ServiceUpdateBody = Strict({ ...serviceFields, ...serviceParts, version: Version });
export type ServiceUpdateBody = Static<typeof ServiceUpdateBody>;

/** A service given at one of its organisation's locations, with a safe place's counts. */
export const ServiceLocationBody = Strict({
  locationId: Uuid,
  placesMaximum: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
  placesAvailable: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
  version: Version,
});
export type ServiceLocationBody = Static<typeof ServiceLocationBody>;

/**
 * Two taps: `step` −1 / +1, or a set value (`available`, and `maximum` to change the maximum). Always
 * conditional on the count the person saw (`version`).
 */
export const CapacityBody = Strict({
  version: Type.Integer({ minimum: 0, maximum: MAX_INT4 }),
  step: Type.Optional(Type.Union([Type.Literal(-1), Type.Literal(1)])),
  available: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  maximum: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
});
export type CapacityBody = Static<typeof CapacityBody>;

/** One location of a service, as the service page shows it. */
export const ServiceAtLocation = Type.Object({
  serviceLocationId: Uuid,
  location: ResourceLocation,
  /** Null when the place counts nothing. */
  capacity: Nullable(Capacity),
});

export const ServiceDetail = Type.Object({
  id: Uuid,
  organisation: Type.Object({ id: Uuid, name: Type.String(), public: Type.Boolean() }),
  keeperOrganisationId: Nullable(Uuid),
  name: Type.String(),
  description: Type.String(),
  eligibility: Nullable(Type.String()),
  application: Nullable(Type.String()),
  fees: Nullable(Type.String()),
  /** Both languages, for the edit form. */
  texts: Type.Object({
    nameFr: Type.String(),
    nameEn: Nullable(Type.String()),
    descriptionFr: Type.String(),
    descriptionEn: Nullable(Type.String()),
    eligibilityFr: Nullable(Type.String()),
    eligibilityEn: Nullable(Type.String()),
    applicationFr: Nullable(Type.String()),
    applicationEn: Nullable(Type.String()),
    feesFr: Nullable(Type.String()),
    feesEn: Nullable(Type.String()),
  }),
  free: Type.Boolean(),
  url: Nullable(Type.String()),
  email: Nullable(Type.String()),
  status: ServiceStatusSchema,
  taxonomy: Type.Array(TaxonomySchema),
  audiences: Type.Array(AudienceSchema),
  genders: Type.Array(GenderSchema),
  languages: Type.Array(Type.String()),
  minAge: Nullable(Type.Integer()),
  maxAge: Nullable(Type.Integer()),
  region: Type.String(),
  alwaysOpen: Type.Boolean(),
  safePlace: Type.Boolean(),
  public: Type.Boolean(),
  acceptsReferrals: Type.Boolean(),
  responseDays: Type.Integer(),
  confirmedAt: IsoDateTime,
  stale: Type.Boolean(),
  updatedAt: IsoDateTime,
  version: Type.Integer(),
  phones: Type.Array(
    Type.Object({
      number: Type.String(),
      extension: Nullable(Type.Integer()),
      kind: PhoneKindSchema,
      description: Nullable(Type.String()),
      descriptionFr: Nullable(Type.String()),
      descriptionEn: Nullable(Type.String()),
      languages: Type.Array(Type.String()),
    }),
  ),
  schedules: Type.Array(
    Type.Object({
      weekday: Type.Integer(),
      opensAt: Type.String(),
      closesAt: Type.String(),
      note: Nullable(Type.String()),
      noteFr: Nullable(Type.String()),
      noteEn: Nullable(Type.String()),
    }),
  ),
  locations: Type.Array(ServiceAtLocation),
  /** What the reader may do. */
  canKeep: Type.Boolean(),
  canUpdateCapacity: Type.Boolean(),
});
export type ServiceDetail = Static<typeof ServiceDetail>;

/** "Our entries": the services a keeper keeps, stale ones first. */
export const KeptService = Type.Object({
  id: Uuid,
  name: Type.String(),
  organisationName: Type.String(),
  status: ServiceStatusSchema,
  safePlace: Type.Boolean(),
  confirmedAt: IsoDateTime,
  stale: Type.Boolean(),
  version: Type.Integer(),
});
export const KeptServices = Type.Object({
  staleAfterDays: Type.Integer(),
  items: Type.Array(KeptService),
});
export type KeptServices = Static<typeof KeptServices>;

export const ResourceSettings = Type.Object({
  staleAfterDays: Type.Integer(),
  canEdit: Type.Boolean(),
});
export type ResourceSettings = Static<typeof ResourceSettings>;
export const ResourceSettingsBody = Strict({ staleAfterDays: Type.Integer({ minimum: 30, maximum: 730 }) });
export type ResourceSettingsBody = Static<typeof ResourceSettingsBody>;

export const ResourceIdResponse = Type.Object({ id: Uuid });
export type ResourceIdResponse = Static<typeof ResourceIdResponse>;

// ── Open Referral (HSDS 3.0) import ──────────────────────────────────────────────────────────────

/** The largest HSDS file the import takes (the body of POST /api/resources/hsds/import). */
export const HSDS_IMPORT_MAX_BYTES = 25 * 1024 * 1024;
export const HSDS_IMPORT_MODES = ['dry-run', 'apply'] as const;
export const HSDS_IMPORT_ACTIONS = ['create', 'update', 'unchanged', 'skip'] as const;
export type HsdsImportAction = (typeof HSDS_IMPORT_ACTIONS)[number];
/** Why an entry of the file is left as it is in Filet. */
export const HSDS_IMPORT_SKIP_REASONS = [
  'kept_by_partner',
  'confidential_in_filet',
  'no_organisation',
] as const;
export type HsdsImportSkipReason = (typeof HSDS_IMPORT_SKIP_REASONS)[number];

/** `mode`: a dry run (nothing stored) or the apply of what the dry run showed (its `digest`). */
export const HsdsImportQuery = Strict({
  mode: literals(HSDS_IMPORT_MODES),
  region: Type.Optional(Type.String({ maxLength: 200 })),
  lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  digest: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
});
export type HsdsImportQuery = Static<typeof HsdsImportQuery>;

const ImportCounts = Type.Object({
  create: Type.Integer(),
  update: Type.Integer(),
  unchanged: Type.Integer(),
  skip: Type.Integer(),
});

export const HsdsImportLine = Type.Object({
  kind: literals(['organisation', 'service', 'location'] as const),
  id: Uuid,
  /** The file's identifier when it was not a UUID (the entry got `id`, derived from it). */
  sourceId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  action: literals(HSDS_IMPORT_ACTIONS),
  /** The columns (or `phones`, `schedules`, `locations`) an update changes. */
  fields: Type.Array(Type.String()),
  reason: Nullable(literals(HSDS_IMPORT_SKIP_REASONS)),
  /** Paths in the file of what Filet does not keep (another taxonomy's terms, monthly schedules...). */
  ignored: Type.Array(Type.String()),
});
export type HsdsImportLine = Static<typeof HsdsImportLine>;

export const HsdsImportReport = Type.Object({
  mode: literals(HSDS_IMPORT_MODES),
  applied: Type.Boolean(),
  digest: Type.String(),
  region: Type.String(),
  lang: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
  services: Type.Integer(),
  counts: Type.Object({
    organisations: ImportCounts,
    services: ImportCounts,
    locations: ImportCounts,
  }),
  lines: Type.Array(HsdsImportLine),
});
export type HsdsImportReport = Static<typeof HsdsImportReport>;
