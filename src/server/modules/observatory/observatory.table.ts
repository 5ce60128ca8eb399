import type { ColumnType, Generated } from 'kysely';
import type {
  ExportTextStatus,
  GlossaryStatus,
  PlaceType,
  PlatformStatus,
  ResearchQuestionStatus,
  TextReviewStatus,
  VerificationStatus,
} from '../../../shared/contracts/observatory.values.js';

type Version = ColumnType<number, number | undefined, number>;
type List<T> = ColumnType<T[], T[] | undefined, T[]>;
/** A `date` column, read as `YYYY-MM-DD` text. */
type Day = ColumnType<string, string, string>;
type GeneratedText = ColumnType<string, never, never>;

/** Kysely types of the observatory (migrations/0023_observatory.sql). */
export interface ObservatoryPlatformsTable {
  id: Generated<string>;
  name: string;
  name_key: GeneratedText;
  status: ColumnType<PlatformStatus, PlatformStatus | undefined, PlatformStatus>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: Version;
}

export interface ObservationsTable {
  id: Generated<string>;
  organisation_id: string;
  author_id: string | null;
  /** The first day of the month observed. */
  month: Day;
  place_type: PlaceType;
  platform_id: string | null;
  recruitment_methods: List<string>;
  modus_operandi: List<string>;
  code_words: List<string>;
  age_ranges: List<string>;
  genders: List<string>;
  exploiter_profiles: List<string>;
  girls_seen: number | null;
  boys_seen: number | null;
  /** Sealed free text (context `observations.text:<id>`). */
  sealed_text: string | null;
  text_status: ColumnType<TextReviewStatus, TextReviewStatus | undefined, TextReviewStatus>;
  text_submitted_at: Date | null;
  text_reviewed_at: Date | null;
  text_reviewed_by: string | null;
  text_rejection_reason: string | null;
  verification: ColumnType<VerificationStatus, VerificationStatus | undefined, VerificationStatus>;
  verified_at: Date | null;
  verified_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: Version;
}

/** One row per (observation, dimension, value); dimension `all` with value '' counts the observation. */
export interface ObservationFacetsTable {
  observation_id: string;
  organisation_id: string;
  month: Day;
  /** The observation's creation (an edit never moves it): exports count what a year's close saw. */
  created_at: Date;
  dimension: string;
  value: string;
}

/** Facets counted by (dimension, month, value, organisation), kept with the facets. */
export interface ObservationCountsTable {
  dimension: string;
  month: Day;
  value: string;
  organisation_id: string;
  n: number;
}

export interface GlossaryTermsTable {
  id: Generated<string>;
  term: string;
  term_key: GeneratedText;
  language: string;
  meaning_fr: ColumnType<string, string | undefined, string>;
  meaning_en: ColumnType<string, string | undefined, string>;
  search_key: GeneratedText;
  place_types: List<string>;
  first_seen: Day | null;
  last_seen: Day | null;
  sightings: ColumnType<number, number | undefined, number>;
  status: ColumnType<GlossaryStatus, GlossaryStatus | undefined, GlossaryStatus>;
  /** First publication (never cleared): a term never published may be deleted. */
  first_published_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: Version;
}

export interface ObservatorySettingsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  suppression_threshold: number;
  updated_by: string | null;
  updated_at: Date | null;
  version: Version;
}

export interface ResearchExportsTable {
  id: Generated<string>;
  researcher_id: string | null;
  purpose: string;
  dimensions: List<string>;
  from_month: Day;
  to_month: Day;
  threshold: number;
  /** The suppressed table (`SuppressedTable` of the contract), as released. */
  result: ColumnType<unknown, string, string>;
  text_status: ColumnType<ExportTextStatus, ExportTextStatus | undefined, ExportTextStatus>;
  text_decided_by: string | null;
  text_decided_at: Date | null;
  /** The observations whose approved texts the export carries, fixed when the table allowed them. */
  text_observation_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  created_at: Date;
  version: Version;
}

export interface ResearchQuestionsTable {
  id: Generated<string>;
  researcher_id: string | null;
  title: string;
  body: string;
  status: ColumnType<ResearchQuestionStatus, ResearchQuestionStatus | undefined, ResearchQuestionStatus>;
  note: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  created_at: Date;
  version: Version;
}

export interface ObservatoryTables {
  observatory_platforms: ObservatoryPlatformsTable;
  observations: ObservationsTable;
  observation_facets: ObservationFacetsTable;
  observation_counts: ObservationCountsTable;
  glossary_terms: GlossaryTermsTable;
  observatory_settings: ObservatorySettingsTable;
  research_exports: ResearchExportsTable;
  research_questions: ResearchQuestionsTable;
}

declare module '../../platform/db/schema.js' {
  interface DB extends ObservatoryTables {}
}
