/**
 * The region's clock, for the server and the web app alike: its time zone, the offset from UTC at an
 * instant, local calendar days and wall-clock values. No date library: Intl knows the zone rules.
 */

/** The time zone of the region the table serves: dates people see and jobs' schedules follow it. */
export const REGION_TIME_ZONE = 'America/Toronto';

/** The offset of `timeZone` from UTC at `instant`, in milliseconds. */
export function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The offset of `timeZone` from UTC at `instant` (ms since the epoch), in whole minutes. */
function offsetMinutes(instant: number, timeZone: string): number {
  return Math.round(offsetMs(new Date(instant), timeZone) / 60_000);
}

/** The instant a local day starts in `timeZone` (midnight never falls in a DST gap in North America). */
export function zonedMidnightUtc(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

/** The calendar day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The local calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** `2025-03-09T03:30:00-04:00`: the region's wall-clock time with its offset, unambiguous in a spreadsheet. */
export function localDateTime(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const offset = offsetMs(instant, timeZone);
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A `datetime-local` value read as the region's time ('2026-10-14T09:30') → ISO instant, or null. */
export function regionLocalToIso(value: string, timeZone: string = REGION_TIME_ZONE): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const first = naive - offsetMinutes(naive, timeZone) * 60_000;
  const instant = naive - offsetMinutes(first, timeZone) * 60_000;
  return new Date(instant).toISOString();
}

/** An ISO instant as a `datetime-local` value in the region's time. */
export function isoToRegionLocal(iso: string, timeZone: string = REGION_TIME_ZONE): string {
  const instant = new Date(iso).getTime();
  const local = new Date(instant + offsetMinutes(instant, timeZone) * 60_000);
  return local.toISOString().slice(0, 16);
}
