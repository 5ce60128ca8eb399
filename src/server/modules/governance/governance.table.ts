/** Tables of the governance module (none yet). */
// biome-ignore lint/complexity/noBannedTypes: filled as the module's migrations land.
export type GovernanceTables = {};
