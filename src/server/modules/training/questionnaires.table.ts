import type { ColumnType, Generated } from 'kysely';
import type { QuestionnaireKind, QuestionType } from '../../../shared/contracts/questionnaires.values.js';

export {
  QUESTION_TYPES,
  QUESTIONNAIRE_KINDS,
  type QuestionnaireKind,
  type QuestionType,
} from '../../../shared/contracts/questionnaires.values.js';

/** Kysely types of the questionnaire tables (migrations/0009_questionnaires.sql). */

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

/** An option of a choice question: a stable key and its label in both languages. */
export interface QuestionOption {
  key: string;
  fr: string;
  en: string;
}

export interface QuestionnairesTable {
  id: Generated<string>;
  kind: QuestionnaireKind;
  title_fr: string;
  title_en: string;
  intro_fr: Generated<string>;
  intro_en: Generated<string>;
  is_default: Generated<boolean>;
  opens_on: ColumnType<string | null, string | null | undefined, string | null>;
  closes_on: ColumnType<string | null, string | null | undefined, string | null>;
  target_types: TextArray;
  opened_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface QuestionnaireQuestionsTable {
  id: Generated<string>;
  questionnaire_id: string;
  position: number;
  type: QuestionType;
  required: Generated<boolean>;
  text_fr: string;
  text_en: string;
  options: ColumnType<QuestionOption[], string, string>;
}

export interface QuestionnaireAssignmentsTable {
  course_id: string;
  questionnaire_id: string;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface QuestionnaireResponsesTable {
  id: Generated<string>;
  questionnaire_id: string;
  /** The Filet person who answered, or null for an outside participant (migration 0014). */
  person_id: string | null;
  /** The outside participant (no account) who answered a session's evaluation. */
  participant_id: string | null;
  session_id: string | null;
  course_id: string | null;
  organisation_id: string | null;
  organisation_type: string;
  submitted_at: CreatedAt;
}

export interface QuestionnaireAnswersTable {
  response_id: string;
  question_id: string;
  scale: number | null;
  choices: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  text: string | null;
}

export interface QuestionnaireEvaluationNoticesTable {
  session_id: string;
  person_id: string;
  notified_at: CreatedAt;
}

export interface QuestionnaireTables {
  questionnaires: QuestionnairesTable;
  questionnaire_questions: QuestionnaireQuestionsTable;
  questionnaire_assignments: QuestionnaireAssignmentsTable;
  questionnaire_responses: QuestionnaireResponsesTable;
  questionnaire_answers: QuestionnaireAnswersTable;
  questionnaire_evaluation_notices: QuestionnaireEvaluationNoticesTable;
}

// The tables of the training module's questionnaires join the database type the platform declares, without the platform knowing them.
declare module '../../platform/db/schema.js' {
  interface DB extends QuestionnaireTables {}
}
