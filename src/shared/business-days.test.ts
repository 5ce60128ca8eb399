import { describe, expect, it } from 'vitest';
import {
  dueAfterBusinessDays,
  dueAfterWorkingHours,
  isBusinessDay,
  regionHolidays,
} from './business-days.js';

describe('business days of the region', () => {
  it('knows Québec statutory holidays, including the movable ones', () => {
    expect([...regionHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-05-18',
      '2026-06-24',
      '2026-07-01',
      '2026-09-07',
      '2026-10-12',
      '2026-12-25',
    ]);
    // Easter 2027 is 28 March; 24 May 2027 is itself the Monday before 25 May.
    expect(regionHolidays(2027).has('2027-03-26')).toBe(true);
    expect(regionHolidays(2027).has('2027-05-24')).toBe(true);
    expect(regionHolidays(2027).has('2027-05-17')).toBe(false);
    // 2025: Easter 20 April, Patriots' Day 19 May, Thanksgiving 13 October.
    expect(regionHolidays(2025).has('2025-04-18')).toBe(true);
    expect(regionHolidays(2025).has('2025-05-19')).toBe(true);
    expect(regionHolidays(2025).has('2025-10-13')).toBe(true);
  });

  it('skips weekends and holidays', () => {
    expect(isBusinessDay('2026-12-07')).toBe(true);
    expect(isBusinessDay('2026-12-05')).toBe(false);
    expect(isBusinessDay('2026-12-25')).toBe(false);
  });

  it('is due at the end of the n-th working day, in the region time zone', () => {
    // Friday 4 December 2026, 15:00 in Montréal (20:00 UTC): two business days → end of Tuesday.
    const friday = new Date('2026-12-04T20:00:00Z');
    expect(dueAfterBusinessDays(friday, 2).toISOString()).toBe('2026-12-09T05:00:00.000Z');
    // Thursday 2 April 2026 (before Good Friday): one business day → end of Monday 6 April (EDT).
    expect(dueAfterBusinessDays(new Date('2026-04-02T14:00:00Z'), 1).toISOString()).toBe(
      '2026-04-07T04:00:00.000Z',
    );
    // Late evening local time is still that local day (23:30 in Montréal is 04:30 UTC the next day).
    expect(dueAfterBusinessDays(new Date('2026-12-08T04:30:00Z'), 1).toISOString()).toBe(
      '2026-12-09T05:00:00.000Z',
    );
  });
});

describe('working hours of the region', () => {
  it('counts only the working hours of business days', () => {
    // Monday 7 December 2026, 10:00 in Montréal (15:00 UTC) + 4 h → 14:00 the same day.
    expect(dueAfterWorkingHours(new Date('2026-12-07T15:00:00Z'), 4).toISOString()).toBe(
      '2026-12-07T19:00:00.000Z',
    );
    // Friday 4 December, 15:00 (20:00 UTC) + 4 h: 1 h 30 that day, 2 h 30 on Monday → Monday 11:00.
    expect(dueAfterWorkingHours(new Date('2026-12-04T20:00:00Z'), 4).toISOString()).toBe(
      '2026-12-07T16:00:00.000Z',
    );
    // Asked at 20:00 on Tuesday: counting starts Wednesday at 8:30 → 12:30.
    expect(dueAfterWorkingHours(new Date('2026-12-09T01:00:00Z'), 4).toISOString()).toBe(
      '2026-12-09T17:30:00.000Z',
    );
    // Thursday 24 December 2026, 16:00 + 1 h: 30 min that day, Christmas skipped, then the weekend and
    // Monday 28 at 9:00.
    expect(dueAfterWorkingHours(new Date('2026-12-24T21:00:00Z'), 1).toISOString()).toBe(
      '2026-12-28T14:00:00.000Z',
    );
  });

  it('keeps the wall clock across a change of time (8:30 stays 8:30)', () => {
    // Friday 6 March 2026, 16:00 EST + 2 h: 30 min, then Monday 9 March (EDT, UTC−4) 8:30 + 1 h 30 → 10:00.
    expect(dueAfterWorkingHours(new Date('2026-03-06T21:00:00Z'), 2).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });
});
