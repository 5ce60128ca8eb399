const TIME_ZONE = 'America/Toronto';

/** Minutes the region's clock is ahead of UTC at an instant (negative in Toronto). */
function offsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - instant) / 60_000);
}

/** A `datetime-local` value read as the region's time ('2026-10-14T09:30') → ISO instant, or null. */
export function regionLocalToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const first = naive - offsetMinutes(naive) * 60_000;
  const instant = naive - offsetMinutes(first) * 60_000;
  return new Date(instant).toISOString();
}

/** An ISO instant as a `datetime-local` value in the region's time. */
export function isoToRegionLocal(iso: string): string {
  const instant = new Date(iso).getTime();
  const local = new Date(instant + offsetMinutes(instant) * 60_000);
  return local.toISOString().slice(0, 16);
}
