/** Kysely types of the web-push subscription tables (migrations/0011_web_push.sql). */
// biome-ignore lint/complexity/noBannedTypes: filled in by the web-push work
export type PushTables = {};
