import type { ColumnType, Generated } from 'kysely';
import type {
  ConsultationAgeRange,
  ConsultationExpertise,
  ConsultationGender,
  ConsultationLanguage,
  ConsultationSetting,
  ConsultationStatus,
  ConsultationTarget,
  ConsultationUrgency,
} from '../../../shared/contracts/consultations.values.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type Version = ColumnType<number, number | undefined, number>;
type List<T> = ColumnType<T[], T[] | undefined, T[]>;

/** Kysely types of the consultations (migrations/0022_consultations.sql). */
export interface ConsultationSettingsTable {
  id: ColumnType<number, number | undefined, never>;
  urgent_due_hours: number;
  normal_due_days: number;
  retention_months: number;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface ConsultationKnowledgeTable {
  id: Generated<string>;
  question: string;
  answer: string;
  tags: List<ConsultationExpertise>;
  language: ConsultationLanguage;
  author_person_id: string | null;
  author_organisation_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  updated_by: string | null;
  version: Version;
  search_document: ColumnType<string, never, never>;
}

export interface ConsultationsTable {
  id: Generated<string>;
  asker_person_id: string | null;
  asker_organisation_id: string;
  age_range: ConsultationAgeRange;
  gender: ConsultationGender;
  setting: ConsultationSetting;
  urgency: ConsultationUrgency;
  language: ConsultationLanguage;
  target_kind: ConsultationTarget;
  target_person_id: string | null;
  target_organisation_id: string | null;
  expertise: List<ConsultationExpertise>;
  /** Sealed JSON of observed, tried and question (context `consultations.texts:<id>`); null once destroyed. */
  sealed_texts: string | null;
  status: ColumnType<ConsultationStatus, ConsultationStatus | undefined, ConsultationStatus>;
  unrouted: ColumnType<boolean, boolean | undefined, boolean>;
  lead_person_id: string | null;
  lead_organisation_id: string | null;
  /** Sealed summary of the close (context `consultations.summary:<id>`). */
  sealed_summary: string | null;
  suggested_service_ids: List<string>;
  knowledge_id: string | null;
  created_at: CreatedAt;
  due_at: Date;
  taken_at: Date | null;
  first_answer_at: Date | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  withdrawn_at: Date | null;
  destroyed_at: Date | null;
  updated_at: UpdatedAt;
  version: Version;
}

export interface ConsultationRecipientsTable {
  consultation_id: string;
  person_id: string;
  organisation_id: string;
  rank: number;
  notified_at: Date;
}

export interface ConsultationParticipantsTable {
  consultation_id: string;
  person_id: string;
  organisation_id: string;
  added_at: Date;
  added_by: string | null;
}

export interface ConsultationMessagesTable {
  id: Generated<string>;
  seq: Generated<string>;
  consultation_id: string;
  author_person_id: string | null;
  author_side: 'asker' | 'pivot';
  at: Date;
  /** Sealed (context `consultation_messages.body:<id>`). */
  sealed_body: string;
}

/** Tables of the consultations (migration 0022). */
export interface ConsultationTables {
  consultation_settings: ConsultationSettingsTable;
  consultation_knowledge: ConsultationKnowledgeTable;
  consultations: ConsultationsTable;
  consultation_recipients: ConsultationRecipientsTable;
  consultation_participants: ConsultationParticipantsTable;
  consultation_messages: ConsultationMessagesTable;
}

declare module '../../platform/db/schema.js' {
  interface DB extends ConsultationTables {}
}
