/** Kysely types of the questionnaire tables (migrations/0009_questionnaires.sql). */
// biome-ignore lint/complexity/noBannedTypes: filled in by the training module
export type QuestionnaireTables = {};
