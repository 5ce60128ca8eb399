/** Tables of the tips module (none yet). */
// biome-ignore lint/complexity/noBannedTypes: filled as the module's migrations land.
export type TipsTables = {};
