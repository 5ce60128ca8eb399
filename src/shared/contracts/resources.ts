/**
 * The contract of the resources module (the directory of help resources and its referrals): request
 * and response schemas, the types derived from them, and (from `resources.values.ts`) the allowed
 * values; shared by the server and the web app. Each group of use cases keeps its own section.
 */
import { type Static, Type } from '@sinclair/typebox';
import { IsoDateTime, literals, Nullable, Strict, Uuid } from './common.js';
import {
  RESOURCE_AUDIENCES,
  RESOURCE_GENDERS,
  RESOURCE_TAXONOMY,
  SERVICE_STATUSES,
} from './resources.values.js';

export * from './resources.values.js';

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
