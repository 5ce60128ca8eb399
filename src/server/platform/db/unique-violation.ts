/**
 * Recognising a unique index's refusal (SQLSTATE 23505), the same from PostgreSQL and PGlite: two
 * people giving the same name or address at the same moment, where the loser gets a field error.
 */

/** True when `error` is PostgreSQL's refusal of a row that a unique index already holds. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
