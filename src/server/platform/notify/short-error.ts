/**
 * How the notifier names a failure in its logs and in the outbox: a code, never an address, so a log
 * line or an outbox row tells the operator what went wrong without saying to whom.
 */

/** A short, address-free description of a delivery error, fit for a log line and the outbox row. */
export function shortError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts: string[] = [];
  if (typeof e?.code === 'string') parts.push(e.code);
  if (typeof e?.responseCode === 'number') parts.push(String(e.responseCode));
  if (parts.length === 0) parts.push(typeof e?.message === 'string' ? e.message : String(error));
  return parts
    .join(' ')
    .replace(/[^\s<>@]+@[^\s<>@]+/g, '<address>')
    .slice(0, 200);
}
