/** Kysely types of the alert tables (migrations/0010_alerts.sql). */
// biome-ignore lint/complexity/noBannedTypes: filled in by the alerts module
export type AlertTables = {};
