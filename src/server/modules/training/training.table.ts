/** Kysely types of the training tables (migrations/0008_training.sql). */
// biome-ignore lint/complexity/noBannedTypes: filled in by the training module
export type TrainingTables = {};
