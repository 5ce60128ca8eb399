/**
 * Pure rules of the training programme: prerequisites, seats, the wait list, session days. No database
 * here: the service loads what they need inside its transaction and applies them.
 */
export { AUDIENCES, OUTSIDE_TYPES } from '../../../shared/contracts/training.values.js';

/** An e-mail address an outside professional can be written to (no account checks it for them). */
export const OUTSIDE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Would giving `courseId` these prerequisites make a course require itself, directly or not? */
export function wouldCreateCycle(
  edges: ReadonlyArray<{ courseId: string; prerequisiteId: string }>,
  courseId: string,
  prerequisiteIds: readonly string[],
): boolean {
  const requires = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.courseId === courseId) continue; // replaced by the new list
    const list = requires.get(edge.courseId) ?? [];
    list.push(edge.prerequisiteId);
    requires.set(edge.courseId, list);
  }
  requires.set(courseId, [...prerequisiteIds]);
  // Walk from the course through what it requires: reaching it again is a cycle.
  const seen = new Set<string>();
  const stack = [...prerequisiteIds];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === courseId) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(requires.get(next) ?? []));
  }
  return false;
}

/** The prerequisites not yet completed, in the order they were listed. */
export function missingPrerequisites(required: readonly string[], completed: ReadonlySet<string>): string[] {
  return required.filter((id) => !completed.has(id));
}

/** Statuses that hold a seat or a place in line; the others are history. */
export const ACTIVE_STATUSES = ['confirmed', 'waitlisted', 'offered'] as const;

const ACTIVE = new Set<string>(ACTIVE_STATUSES);

/** Whether a registration holds a seat or a place in line (confirmed, wait-listed or offered). */
export function isActive(status: string): boolean {
  return ACTIVE.has(status);
}

/** Seats are held by confirmed registrations and by pending offers. */
export function freeSeats(capacity: number, held: { confirmed: number; offered: number }): number {
  return Math.max(0, capacity - held.confirmed - held.offered);
}

/**
 * Where a new registration goes: a free seat confirms at once; otherwise the end of the wait list.
 * Free seats exist only when nobody waits (freed seats are offered at once), so nobody is overtaken.
 */
export function placeRegistration(
  capacity: number,
  held: { confirmed: number; offered: number; waitlisted: number },
): 'confirmed' | 'waitlisted' {
  return held.waitlisted === 0 && freeSeats(capacity, held) > 0 ? 'confirmed' : 'waitlisted';
}

/**
 * Who gets the free seats: the first `seats` people of the wait list by their queue number (their
 * arrival order), never skipping anyone.
 */
export function nextInLine<T extends { queueNumber: number }>(waitlist: readonly T[], seats: number): T[] {
  if (seats <= 0) return [];
  return [...waitlist].sort((a, b) => a.queueNumber - b.queueNumber).slice(0, seats);
}

/** An offer lasts OFFER_HOURS, but never beyond the start of the session. */
export const OFFER_HOURS = 48;

export function offerDeadline(now: Date, sessionStartsAt: Date, hours = OFFER_HOURS): Date | null {
  const deadline = Math.min(now.getTime() + hours * 3_600_000, sessionStartsAt.getTime());
  return deadline > now.getTime() ? new Date(deadline) : null;
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/** Where and when a session takes place, as its registrants know it. */
export interface SessionSetting {
  days: readonly Interval[];
  place: string | null;
  videoUrl: string | null;
}

/** What registrants are told changed: the days or their hours, the place, the video link. */
export type SessionChange = 'days' | 'place' | 'videoUrl';

/**
 * What changed between two settings of a session, in a fixed order. Days compare by their hours, in
 * any order; an empty place or link counts as none. Nothing else of a session (capacity, deadline,
 * trainers) concerns its registrants.
 */
export function sessionChanges(before: SessionSetting, after: SessionSetting): SessionChange[] {
  const hours = (days: readonly Interval[]) =>
    days
      .map((d) => `${d.startsAt.getTime()}-${d.endsAt.getTime()}`)
      .sort()
      .join(',');
  const changes: SessionChange[] = [];
  if (hours(before.days) !== hours(after.days)) changes.push('days');
  if ((before.place || null) !== (after.place || null)) changes.push('place');
  if ((before.videoUrl || null) !== (after.videoUrl || null)) changes.push('videoUrl');
  return changes;
}

/** Do two lists of time intervals overlap anywhere? (Touching ends do not overlap.) */
export function intervalsOverlap(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.some((x) =>
    b.some((y) => x.startsAt.getTime() < y.endsAt.getTime() && y.startsAt.getTime() < x.endsAt.getTime()),
  );
}

/** A certificate's expiry: `months` after completion, or none. */
export function expiryDate(completedOn: string, months: number | null): string | null {
  if (!months) return null;
  const [y, m, d] = completedOn.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Unambiguous characters (no 0/O, 1/I/L) for codes read aloud or typed from paper. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A certificate verification code: 16 characters of a 31-letter alphabet (about 79 bits) drawn with
 * `randomIndex` (crypto.randomInt in production), grouped by four: `K7QM-3XPA-W9RT-CD2F`.
 */
export function certificateCode(randomIndex: (max: number) => number): string {
  let out = '';
  for (let i = 0; i < 16; i += 1) {
    out += CODE_ALPHABET[randomIndex(CODE_ALPHABET.length)];
    if (i % 4 === 3 && i < 15) out += '-';
  }
  return out;
}

/** A code as typed by someone: upper case, spaces removed. Null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const code = input.trim().toUpperCase().replace(/\s+/g, '');
  return /^[A-Z0-9-]{8,40}$/.test(code) ? code : null;
}
