/**
 * The allowed values of questionnaires (course evaluations and needs surveys), as plain lists the web
 * app imports without bundling the schema builder.
 */

export const QUESTIONNAIRE_KINDS = ['evaluation', 'survey'] as const;
export type QuestionnaireKind = (typeof QUESTIONNAIRE_KINDS)[number];
export const QUESTION_TYPES = ['scale', 'single', 'multiple', 'short_text', 'long_text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
/** Where a needs survey stands, from its dates. */
export const SURVEY_STATES = ['draft', 'scheduled', 'open', 'closed'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];
/** Where a participant's evaluation of a session stands. */
export const EVALUATION_STATES = ['upcoming', 'pending', 'answered', 'unavailable'] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];
/** Longest answer to a long-text question. */
export const LONG_TEXT_MAX = 4000;
