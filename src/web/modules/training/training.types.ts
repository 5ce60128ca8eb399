/** Helpers of the training pages; the response types and allowed values come from `shared/contracts/training`. */

/** The address of an outside participant's record (the table and their trainers correct it there). */
export function participantPath(participantId: string): string {
  return `/formation/participants/${encodeURIComponent(participantId)}`;
}

/** A calendar day (YYYY-MM-DD) in the reader's language, without time zone shifts. */
export function formatDay(day: string | null, locale: string): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}
