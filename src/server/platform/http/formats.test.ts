import { describe, expect, it } from 'vitest';
import { isFiletDate, isFiletDateTime } from './formats.js';

describe('date formats', () => {
  it('accepts real dates of the years Filet deals with', () => {
    for (const date of ['2025-03-10', '2024-02-29', '1900-01-01', '2999-12-31'])
      expect(isFiletDate(date)).toBe(true);
  });

  it('refuses dates that do not exist or that date arithmetic would carry out of range', () => {
    for (const date of [
      '2025-02-30',
      '2023-02-29',
      '0000-01-01',
      '9999-12-31',
      '1899-12-31',
      '3000-01-01',
      '2025-13-01',
      '10000-01-01',
      '2025-3-10',
      ' 2025-03-10',
    ]) {
      expect(isFiletDate(date), date).toBe(false);
    }
  });

  it('accepts date-times with an offset that JavaScript reads as the same instant', () => {
    for (const value of [
      '2025-03-10T14:00:00Z',
      '2025-03-10T14:00:00.123Z',
      '2025-03-10t14:00:00-04:00',
      '2025-03-10T14:00:00+14:00',
    ]) {
      expect(isFiletDateTime(value), value).toBe(true);
    }
  });

  it('refuses leap seconds, missing offsets, far offsets and years out of range', () => {
    for (const value of [
      '2016-12-31T23:59:60Z',
      '2025-03-10T14:00:00',
      '2025-03-10T24:00:00Z',
      '2025-03-10T14:00:00+23:59',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      '+275760-09-13T00:00:00.001Z',
      '1900-01-01T00:00:00+01:00',
      '2025-03-10 14:00:00Z',
    ]) {
      expect(isFiletDateTime(value), value).toBe(false);
    }
  });
});
