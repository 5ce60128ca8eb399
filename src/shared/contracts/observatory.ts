/**
 * The contract of the observatory module: pivots' de-identified observations of the phenomenon, the
 * review of their free text and their verification by the table, the platforms list, the bilingual
 * glossary of recruitment language, trends, and research exports with small-cell suppression.
 * Shared by the server and the web app.
 *
 * Routes (all under /api; "table" = table_coordinator):
 *   GET    /observatory/observations                  pivot (own org), org_coordinator (own org), table
 *   POST   /observatory/observations                  pivot with an active mandate
 *   GET    /observatory/observations/:id              same readers as the list (else 404)
 *   PATCH  /observatory/observations/:id              pivot of the organisation, while not verified
 *   POST   /observatory/observations/:id/verification table
 *   GET    /observatory/reviews                       table: free texts pending review
 *   POST   /observatory/observations/:id/review       table: approve / reject (409 for the loser)
 *   GET    /observatory/platforms                     staff (active; the table also sees retired)
 *   POST   /observatory/platforms                     table
 *   PATCH  /observatory/platforms/:id                 table (rename, retire, reactivate)
 *   DELETE /observatory/platforms/:id                 table, only when no observation names it (else 409)
 *   GET    /observatory/glossary                      staff: published terms (table: every status)
 *   GET    /observatory/glossary/:id                  staff (published), table (any)
 *   POST   /observatory/glossary                      table
 *   PATCH  /observatory/glossary/:id                  table (curate, publish, retire)
 *   GET    /observatory/glossary.pdf                  staff: printable glossary (published terms)
 *   GET    /observatory/trends                        table (all or one org), org_coordinator (own org)
 *   GET    /observatory/trends.csv                    same
 *   GET    /observatory/settings                      table, researcher
 *   PUT    /observatory/settings                      table
 *   POST   /observatory/research/exports              researcher
 *   GET    /observatory/research/exports              researcher (own), table (all)
 *   GET    /observatory/research/exports/:id          researcher (own), table
 *   GET    /observatory/research/exports/:id/texts    researcher (own, once the table allowed them)
 *   POST   /observatory/research/exports/:id/texts    table: allow or refuse the free texts
 *   POST   /observatory/research/questions            researcher
 *   GET    /observatory/research/questions            researcher (own), table (all)
 *   POST   /observatory/research/questions/:id/answer table: accepted / declined with a note
 */
import { type Static, Type } from '@sinclair/typebox';
import { IsoDateTime, literals, Nullable, Strict, Uuid } from './common.js';
import {
  AGE_RANGES,
  EXPLOITER_PROFILES,
  EXPORT_TEXT_STATUSES,
  GLOSSARY_STATUSES,
  MAX_CODE_WORD_LENGTH,
  MAX_CODE_WORDS,
  MAX_COUNT_SEEN,
  MAX_OBSERVATION_TEXT,
  MIN_SUPPRESSION_THRESHOLD,
  MODUS_OPERANDI,
  OBSERVED_GENDERS,
  PLACE_TYPES,
  PLATFORM_STATUSES,
  RECRUITMENT_METHODS,
  RESEARCH_QUESTION_STATUSES,
  TEXT_REVIEW_STATUSES,
  TREND_DIMENSIONS,
  TREND_PERIODS,
  VERIFICATION_STATUSES,
} from './observatory.values.js';

const MAX_INT4 = 2_147_483_647;
const Version = Type.Integer({ minimum: 1, maximum: MAX_INT4 });
/** A short free text that must say something (not only spaces). */
const Said = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength, pattern: '\\S' });
/**
 * A month, `YYYY-MM`: the finest time an observation keeps; from 2000 (the observatory records what is
 * seen now; a year such as 0000 is not a date PostgreSQL keeps).
 */
export const Month = Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$' });

export const PlaceTypeSchema = literals(PLACE_TYPES);
export const RecruitmentMethodSchema = literals(RECRUITMENT_METHODS);
export const ModusOperandiSchema = literals(MODUS_OPERANDI);
export const ExploiterProfileSchema = literals(EXPLOITER_PROFILES);
export const AgeRangeSchema = literals(AGE_RANGES);
export const ObservedGenderSchema = literals(OBSERVED_GENDERS);
export const TextReviewStatusSchema = literals(TEXT_REVIEW_STATUSES);
export const VerificationStatusSchema = literals(VERIFICATION_STATUSES);
export const PlatformStatusSchema = literals(PLATFORM_STATUSES);
export const GlossaryStatusSchema = literals(GLOSSARY_STATUSES);
export const TrendDimensionSchema = literals(TREND_DIMENSIONS);
export const TrendPeriodSchema = literals(TREND_PERIODS);
export const ExportTextStatusSchema = literals(EXPORT_TEXT_STATUSES);
export const ResearchQuestionStatusSchema = literals(RESEARCH_QUESTION_STATUSES);

const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T, maxItems: number) =>
  Type.Array(item, { maxItems, uniqueItems: true });
const CountSeen = Type.Integer({ minimum: 0, maximum: MAX_COUNT_SEEN });
/** A code word or slang term heard: short, no line breaks. */
export const CodeWord = Type.String({
  minLength: 1,
  maxLength: MAX_CODE_WORD_LENGTH,
  pattern: '^[^\\n\\r]*\\S[^\\n\\r]*$',
});
/** A language, as two lower-case letters (fr, en, es, ht…). */
export const LanguageCode = Type.String({ pattern: '^[a-z]{2}$' });

// ------------------------------------------------------------------------------------------------
// Observations

/**
 * An observation of the phenomenon in the pivot's setting. No names, no exact places, no date finer
 * than the month (not in the future). `platformId` is one of the table's active platforms (for an
 * online place). `text` is checked for identifiers (refused with the kinds found, nothing stored),
 * sealed, and waits for the table's review before it is shared beyond the organisation.
 */
export const ObservationInput = Strict({
  month: Month,
  placeType: PlaceTypeSchema,
  platformId: Type.Optional(Nullable(Uuid)),
  recruitmentMethods: Type.Optional(listOf(RecruitmentMethodSchema, RECRUITMENT_METHODS.length)),
  modusOperandi: Type.Optional(listOf(ModusOperandiSchema, MODUS_OPERANDI.length)),
  codeWords: Type.Optional(listOf(CodeWord, MAX_CODE_WORDS)),
  ageRanges: Type.Optional(listOf(AgeRangeSchema, AGE_RANGES.length)),
  genders: Type.Optional(listOf(ObservedGenderSchema, OBSERVED_GENDERS.length)),
  exploiterProfiles: Type.Optional(listOf(ExploiterProfileSchema, EXPLOITER_PROFILES.length)),
  girlsSeen: Type.Optional(Nullable(CountSeen)),
  boysSeen: Type.Optional(Nullable(CountSeen)),
  text: Type.Optional(Nullable(Type.String({ maxLength: MAX_OBSERVATION_TEXT }))),
});
export type ObservationInput = Static<typeof ObservationInput>;

/** A change of an observation (its organisation's pivots, while not verified); conditional on `version`. */
export const ObservationUpdate = Type.Composite(
  [Type.Partial(ObservationInput), Type.Object({ version: Version })],
  { additionalProperties: false },
);
export type ObservationUpdate = Static<typeof ObservationUpdate>;

export const ObservationListQuery = Strict({
  from: Type.Optional(Month),
  to: Type.Optional(Month),
  placeType: Type.Optional(PlaceTypeSchema),
  verification: Type.Optional(VerificationStatusSchema),
  textStatus: Type.Optional(TextReviewStatusSchema),
  /** The table only: one organisation's observations. */
  organisationId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export type ObservationListQuery = Static<typeof ObservationListQuery>;

export const ObservationSummary = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  organisationName: Type.String(),
  month: Month,
  placeType: PlaceTypeSchema,
  platformName: Nullable(Type.String()),
  recruitmentMethods: Type.Array(RecruitmentMethodSchema),
  ageRanges: Type.Array(AgeRangeSchema),
  genders: Type.Array(ObservedGenderSchema),
  verification: VerificationStatusSchema,
  textStatus: TextReviewStatusSchema,
  createdAt: IsoDateTime,
});
export type ObservationSummary = Static<typeof ObservationSummary>;

export const ObservationList = Type.Object({ items: Type.Array(ObservationSummary), total: Type.Integer() });
export type ObservationList = Static<typeof ObservationList>;

/**
 * One observation. `text` is given to its organisation (pivots, org_coordinators) whatever its
 * review, and to the table; `textRejectionReason` says why the table refused it. `canEdit`: the
 * reader is a pivot of the organisation and the observation is not verified.
 */
export const ObservationDetail = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  organisationName: Type.String(),
  authorName: Nullable(Type.String()),
  month: Month,
  placeType: PlaceTypeSchema,
  platformId: Nullable(Uuid),
  platformName: Nullable(Type.String()),
  recruitmentMethods: Type.Array(RecruitmentMethodSchema),
  modusOperandi: Type.Array(ModusOperandiSchema),
  codeWords: Type.Array(Type.String()),
  ageRanges: Type.Array(AgeRangeSchema),
  genders: Type.Array(ObservedGenderSchema),
  exploiterProfiles: Type.Array(ExploiterProfileSchema),
  girlsSeen: Nullable(Type.Integer()),
  boysSeen: Nullable(Type.Integer()),
  text: Nullable(Type.String()),
  textStatus: TextReviewStatusSchema,
  textReviewedAt: Nullable(IsoDateTime),
  textRejectionReason: Nullable(Type.String()),
  verification: VerificationStatusSchema,
  verifiedAt: Nullable(IsoDateTime),
  canEdit: Type.Boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer(),
});
export type ObservationDetail = Static<typeof ObservationDetail>;

/** The table marks an observation verified or not verified (or back to pending); conditional on `version`. */
export const VerificationChange = Strict({
  status: VerificationStatusSchema,
  version: Version,
});
export type VerificationChange = Static<typeof VerificationChange>;

// ------------------------------------------------------------------------------------------------
// Review of free texts (the table)

/** Approve, or reject with a reason (10–500 characters); conditional on the observation's `version`. */
export const TextReviewInput = Strict({
  decision: literals(['approve', 'reject'] as const),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  version: Version,
});
export type TextReviewInput = Static<typeof TextReviewInput>;

export const PendingText = Type.Object({
  observationId: Uuid,
  organisationName: Type.String(),
  month: Month,
  placeType: PlaceTypeSchema,
  text: Type.String(),
  submittedAt: IsoDateTime,
  version: Type.Integer(),
});
export type PendingText = Static<typeof PendingText>;

export const PendingTextList = Type.Object({ items: Type.Array(PendingText), total: Type.Integer() });
export type PendingTextList = Static<typeof PendingTextList>;

export const PendingTextQuery = Strict({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export type PendingTextQuery = Static<typeof PendingTextQuery>;

// ------------------------------------------------------------------------------------------------
// Platforms (kept by the table)

export const PlatformInput = Strict({ name: Said(80) });
export type PlatformInput = Static<typeof PlatformInput>;

export const PlatformUpdate = Strict({
  name: Type.Optional(Said(80)),
  status: Type.Optional(PlatformStatusSchema),
  version: Version,
});
export type PlatformUpdate = Static<typeof PlatformUpdate>;

export const PlatformListQuery = Strict({ includeRetired: Type.Optional(Type.Boolean()) });
export type PlatformListQuery = Static<typeof PlatformListQuery>;

export const Platform = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: PlatformStatusSchema,
  /** How many observations name it (a used platform can be retired, not deleted). */
  observations: Type.Integer(),
  version: Type.Integer(),
});
export type Platform = Static<typeof Platform>;

export const PlatformList = Type.Object({ items: Type.Array(Platform) });
export type PlatformList = Static<typeof PlatformList>;

// ------------------------------------------------------------------------------------------------
// Glossary

/** A term of recruitment language or a code word, with its meaning in French and in English. */
export const GlossaryInput = Strict({
  term: Said(MAX_CODE_WORD_LENGTH),
  language: LanguageCode,
  meaningFr: Type.Optional(Type.String({ maxLength: 1000 })),
  meaningEn: Type.Optional(Type.String({ maxLength: 1000 })),
  placeTypes: Type.Optional(listOf(PlaceTypeSchema, PLACE_TYPES.length)),
  firstSeen: Type.Optional(Nullable(Month)),
  lastSeen: Type.Optional(Nullable(Month)),
});
export type GlossaryInput = Static<typeof GlossaryInput>;

/** Curating a term; `status: published` needs both meanings. Conditional on `version`. */
export const GlossaryUpdate = Type.Composite(
  [
    Type.Partial(GlossaryInput),
    Type.Object({ status: Type.Optional(GlossaryStatusSchema), version: Version }),
  ],
  { additionalProperties: false },
);
export type GlossaryUpdate = Static<typeof GlossaryUpdate>;

export const GlossaryQuery = Strict({
  /** Searched accent- and case-insensitively in the term and both meanings. */
  q: Type.Optional(Type.String({ maxLength: 100 })),
  /** The table only; others see published terms. */
  status: Type.Optional(GlossaryStatusSchema),
  placeType: Type.Optional(PlaceTypeSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export type GlossaryQuery = Static<typeof GlossaryQuery>;

export const GlossaryTerm = Type.Object({
  id: Uuid,
  term: Type.String(),
  language: Type.String(),
  meaningFr: Type.String(),
  meaningEn: Type.String(),
  placeTypes: Type.Array(PlaceTypeSchema),
  firstSeen: Nullable(Month),
  lastSeen: Nullable(Month),
  status: GlossaryStatusSchema,
  /** Observations whose code words named it (the table's coordination only: it moves with recording). */
  sightings: Type.Optional(Type.Integer()),
  /** The table's coordination only: it moves when an observation names the term. */
  updatedAt: Type.Optional(IsoDateTime),
  /** The table's coordination only: never published, so it may be deleted. */
  canDelete: Type.Optional(Type.Boolean()),
  version: Type.Integer(),
});
export type GlossaryTerm = Static<typeof GlossaryTerm>;

export const GlossaryList = Type.Object({ items: Type.Array(GlossaryTerm), total: Type.Integer() });
export type GlossaryList = Static<typeof GlossaryList>;

/** Deleting a term never published: conditional on the version the table saw. */
export const GlossaryDeleteQuery = Strict({ version: Version });
export type GlossaryDeleteQuery = Static<typeof GlossaryDeleteQuery>;

export const GlossaryPdfQuery = Strict({ q: Type.Optional(Type.String({ maxLength: 100 })) });
export type GlossaryPdfQuery = Static<typeof GlossaryPdfQuery>;

// ------------------------------------------------------------------------------------------------
// Trends

/**
 * Counts of observations over a span (`from`..`to`, at most 10 years; default: the last 24 months),
 * by month or quarter, split by one dimension. An observation counts once under each value it names
 * (so a split's values can sum past the period's total). The table may narrow to one organisation;
 * an org_coordinator always sees their own.
 */
export const TrendsQuery = Strict({
  dimension: TrendDimensionSchema,
  period: Type.Optional(TrendPeriodSchema),
  from: Type.Optional(Month),
  to: Type.Optional(Month),
  organisationId: Type.Optional(Uuid),
});
export type TrendsQuery = Static<typeof TrendsQuery>;

export const TrendPoint = Type.Object({
  /** `YYYY-MM` for a month, `YYYY-Qn` for a quarter. */
  period: Type.String(),
  /** Observations of the period. */
  total: Type.Integer(),
  /** Observations naming each value (platform: its id; observations naming none are not counted). */
  counts: Type.Record(Type.String(), Type.Integer()),
});
export type TrendPoint = Static<typeof TrendPoint>;

export const Trends = Type.Object({
  dimension: TrendDimensionSchema,
  period: TrendPeriodSchema,
  from: Month,
  to: Month,
  organisationId: Nullable(Uuid),
  /** The values of the dimension in display order (platforms: ids, with `labels`). */
  values: Type.Array(Type.String()),
  /** Labels for values that are not codes (platform names). */
  labels: Type.Record(Type.String(), Type.String()),
  points: Type.Array(TrendPoint),
  total: Type.Integer(),
});
export type Trends = Static<typeof Trends>;

// ------------------------------------------------------------------------------------------------
// Settings of the table

export const ObservatorySettings = Type.Object({
  /** The smallest count a research export shows (at least 10). */
  suppressionThreshold: Type.Integer(),
  version: Type.Integer(),
  updatedAt: Nullable(IsoDateTime),
});
export type ObservatorySettings = Static<typeof ObservatorySettings>;

/** Below 10 is refused with a translated 400 (checked by the service, so the message is clear). */
export const ObservatorySettingsInput = Strict({
  suppressionThreshold: Type.Integer({ minimum: 0, maximum: 1000 }),
  version: Version,
});
export type ObservatorySettingsInput = Static<typeof ObservatorySettingsInput>;

export { MIN_SUPPRESSION_THRESHOLD };

// ------------------------------------------------------------------------------------------------
// Research exports (researchers: aggregates only)

/**
 * An export: why (10–1000 characters), one or two dimensions, the span. `includeText` asks for the
 * approved free texts of the span; the table allows or refuses it for this export.
 */
export const ResearchExportInput = Strict({
  purpose: Type.String({ minLength: 10, maxLength: 1000, pattern: '\\S' }),
  dimensions: Type.Array(TrendDimensionSchema, { minItems: 1, maxItems: 2, uniqueItems: true }),
  from: Month,
  to: Month,
  includeText: Type.Optional(Type.Boolean()),
});
export type ResearchExportInput = Static<typeof ResearchExportInput>;

/**
 * The suppressed table: rows are the first dimension's values, columns the second's (or one column,
 * `count`, for one dimension). A null cell or margin is suppressed (a count from 1 to threshold − 1,
 * or hidden so that none of those can be recomputed).
 */
export const SuppressedTable = Type.Object({
  rows: Type.Array(Type.String()),
  columns: Type.Array(Type.String()),
  labels: Type.Record(Type.String(), Type.String()),
  cells: Type.Array(Type.Array(Nullable(Type.Integer()))),
  rowTotals: Type.Array(Nullable(Type.Integer())),
  columnTotals: Type.Array(Nullable(Type.Integer())),
  total: Nullable(Type.Integer()),
  threshold: Type.Integer(),
});
export type SuppressedTable = Static<typeof SuppressedTable>;

export const ResearchExportSummary = Type.Object({
  id: Uuid,
  researcherName: Type.String(),
  purpose: Type.String(),
  dimensions: Type.Array(TrendDimensionSchema),
  from: Month,
  to: Month,
  textStatus: ExportTextStatusSchema,
  createdAt: IsoDateTime,
  version: Type.Integer(),
});
export type ResearchExportSummary = Static<typeof ResearchExportSummary>;

export const ResearchExportDetail = Type.Composite([
  ResearchExportSummary,
  Type.Object({ table: SuppressedTable }),
]);
export type ResearchExportDetail = Static<typeof ResearchExportDetail>;

export const ResearchExportList = Type.Object({
  items: Type.Array(ResearchExportSummary),
  total: Type.Integer(),
});
export type ResearchExportList = Static<typeof ResearchExportList>;

export const ResearchListQuery = Strict({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export type ResearchListQuery = Static<typeof ResearchListQuery>;

/** The table allows or refuses an export's free texts; conditional on the export's `version`. */
export const ExportTextDecision = Strict({ allow: Type.Boolean(), version: Version });
export type ExportTextDecision = Static<typeof ExportTextDecision>;

/** The approved free texts of an export's span, in no particular order, with nothing that links them to an observation. */
export const ResearchTexts = Type.Object({ texts: Type.Array(Type.String()) });
export type ResearchTexts = Static<typeof ResearchTexts>;

// ------------------------------------------------------------------------------------------------
// Research questions

export const ResearchQuestionInput = Strict({ title: Said(200, 5), text: Said(4000, 10) });
export type ResearchQuestionInput = Static<typeof ResearchQuestionInput>;

export const ResearchQuestionAnswer = Strict({
  decision: literals(['accepted', 'declined'] as const),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  version: Version,
});
export type ResearchQuestionAnswer = Static<typeof ResearchQuestionAnswer>;

export const ResearchQuestion = Type.Object({
  id: Uuid,
  researcherName: Type.String(),
  title: Type.String(),
  text: Type.String(),
  status: ResearchQuestionStatusSchema,
  note: Nullable(Type.String()),
  answeredAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
  version: Type.Integer(),
});
export type ResearchQuestion = Static<typeof ResearchQuestion>;

export const ResearchQuestionList = Type.Object({
  items: Type.Array(ResearchQuestion),
  total: Type.Integer(),
});
export type ResearchQuestionList = Static<typeof ResearchQuestionList>;
