import { describe, expect, it } from 'vitest';
import {
  certificateCode,
  expiryDate,
  freeSeats,
  intervalsOverlap,
  missingPrerequisites,
  nextInLine,
  normaliseCode,
  offerDeadline,
  placeRegistration,
  sessionChanges,
  wouldCreateCycle,
} from './training.rules.js';

describe('prerequisites', () => {
  const edges = [
    { courseId: 'c2', prerequisiteId: 'c1' },
    { courseId: 'c3', prerequisiteId: 'c1' },
    { courseId: 'c4', prerequisiteId: 'c2' },
    { courseId: 'c4', prerequisiteId: 'c3' },
  ];

  it('refuses a course requiring itself, directly or through others', () => {
    expect(wouldCreateCycle(edges, 'c1', ['c1'])).toBe(true);
    expect(wouldCreateCycle(edges, 'c1', ['c2'])).toBe(true);
    expect(wouldCreateCycle(edges, 'c1', ['c4'])).toBe(true);
    expect(wouldCreateCycle(edges, 'c2', ['c3'])).toBe(false);
    expect(wouldCreateCycle(edges, 'c5', ['c4', 'c1'])).toBe(false);
  });

  it('judges the new list, not the one it replaces', () => {
    // c4 drops c2: c2 may now require c4's other prerequisite chain without a loop.
    expect(wouldCreateCycle(edges, 'c4', ['c3'])).toBe(false);
    expect(wouldCreateCycle([...edges, { courseId: 'c1', prerequisiteId: 'c5' }], 'c5', ['c4'])).toBe(true);
  });

  it('lists the missing prerequisites in order', () => {
    expect(missingPrerequisites(['c1', 'c2', 'c3'], new Set(['c2']))).toEqual(['c1', 'c3']);
    expect(missingPrerequisites([], new Set())).toEqual([]);
  });
});

describe('seats and the wait list', () => {
  it('confirms while seats are free and nobody waits; otherwise the wait list', () => {
    expect(placeRegistration(2, { confirmed: 1, offered: 0, waitlisted: 0 })).toBe('confirmed');
    expect(placeRegistration(2, { confirmed: 1, offered: 1, waitlisted: 0 })).toBe('waitlisted');
    expect(placeRegistration(3, { confirmed: 1, offered: 0, waitlisted: 2 })).toBe('waitlisted');
    expect(freeSeats(5, { confirmed: 7, offered: 0 })).toBe(0);
  });

  it('offers free seats to the first in line by queue number, never skipping', () => {
    const line = [{ queueNumber: 7 }, { queueNumber: 3 }, { queueNumber: 5 }];
    expect(nextInLine(line, 2).map((w) => w.queueNumber)).toEqual([3, 5]);
    expect(nextInLine(line, 0)).toEqual([]);
    expect(nextInLine(line, 10)).toHaveLength(3);
  });

  it('bounds an offer by the start of the session', () => {
    const now = new Date('2026-10-01T12:00:00Z');
    expect(offerDeadline(now, new Date('2026-10-10T12:00:00Z'))?.toISOString()).toBe(
      '2026-10-03T12:00:00.000Z',
    );
    expect(offerDeadline(now, new Date('2026-10-02T00:00:00Z'))?.toISOString()).toBe(
      '2026-10-02T00:00:00.000Z',
    );
    expect(offerDeadline(now, now)).toBeNull();
  });
});

describe('days, certificates', () => {
  const at = (s: string, e: string) => ({ startsAt: new Date(s), endsAt: new Date(e) });
  it('detects overlapping days, not touching ones', () => {
    expect(
      intervalsOverlap(
        [at('2026-10-01T13:00Z', '2026-10-01T20:00Z')],
        [at('2026-10-01T19:00Z', '2026-10-01T21:00Z')],
      ),
    ).toBe(true);
    expect(
      intervalsOverlap(
        [at('2026-10-01T13:00Z', '2026-10-01T20:00Z')],
        [at('2026-10-01T20:00Z', '2026-10-01T21:00Z')],
      ),
    ).toBe(false);
  });

  it('computes expiry by calendar months, clamped to the month end', () => {
    expect(expiryDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(expiryDate('2026-03-15', 24)).toBe('2028-03-15');
    expect(expiryDate('2026-03-15', null)).toBeNull();
  });

  it('makes codes of four groups from an unambiguous alphabet, and reads them back as typed', () => {
    let n = 0;
    const code = certificateCode((max) => (n++ * 7) % max);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(normaliseCode(` ${code.toLowerCase()} `)).toBe(code);
    expect(normaliseCode('<script>')).toBeNull();
  });
});

describe('what registrants are told changed in a session', () => {
  const day = (d: number, from: number, to: number) => ({
    startsAt: new Date(Date.UTC(2026, 9, d, from)),
    endsAt: new Date(Date.UTC(2026, 9, d, to)),
  });
  const before = { days: [day(5, 13, 20), day(6, 13, 20)], place: 'Salle A', videoUrl: null };

  it('is nothing when the days come back the same, in any order, and the place is unchanged', () => {
    expect(sessionChanges(before, { ...before, days: [day(6, 13, 20), day(5, 13, 20)] })).toEqual([]);
    expect(sessionChanges(before, { ...before, videoUrl: '' })).toEqual([]);
  });

  it('names the days when a day or an hour moves, is added or removed', () => {
    expect(sessionChanges(before, { ...before, days: [day(5, 13, 20), day(7, 13, 20)] })).toEqual(['days']);
    expect(sessionChanges(before, { ...before, days: [day(5, 14, 20), day(6, 13, 20)] })).toEqual(['days']);
    expect(sessionChanges(before, { ...before, days: [day(5, 13, 20)] })).toEqual(['days']);
  });

  it('names the place and the video link, in a fixed order', () => {
    expect(
      sessionChanges(before, {
        days: [day(9, 13, 20)],
        place: null,
        videoUrl: 'https://video.example/salle',
      }),
    ).toEqual(['days', 'place', 'videoUrl']);
    expect(sessionChanges(before, { ...before, place: 'Salle B' })).toEqual(['place']);
  });
});
