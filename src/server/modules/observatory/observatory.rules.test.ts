import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  cleanCodeWords,
  currentMonth,
  facetsOf,
  monthsBetween,
  periodOf,
  periodsBetween,
  spanLength,
} from './observatory.rules.js';

describe('months and quarters', () => {
  it('adds months across years, both ways', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-06', -23)).toBe('2024-07');
  });

  it('counts the months of a span inclusively', () => {
    expect(spanLength('2025-11', '2026-02')).toBe(4);
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });

  it('names quarters and lists the periods of a span once each', () => {
    expect(periodOf('2026-03', 'quarter')).toBe('2026-Q1');
    expect(periodOf('2026-04', 'quarter')).toBe('2026-Q2');
    expect(periodOf('2026-12', 'quarter')).toBe('2026-Q4');
    expect(periodsBetween('2025-11', '2026-04', 'quarter')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('reads the current month in the region, not in UTC', () => {
    // 1 July 2026 at 02:00 UTC is still 30 June in Montréal.
    expect(currentMonth(new Date('2026-07-01T02:00:00Z'), 'America/Toronto')).toBe('2026-06');
  });
});

describe('facets and code words', () => {
  it('counts an observation once overall and once under each value it names', () => {
    const facets = facetsOf({
      placeType: 'online',
      platformId: 'p1',
      recruitmentMethods: ['gang', 'gang', 'debt'],
      modusOperandi: [],
      ageRanges: ['14_15'],
      genders: ['girls'],
    });
    expect(facets.map((f) => `${f.dimension}:${f.value}`).sort()).toEqual(
      [
        'all:',
        'place_type:online',
        'platform:p1',
        'method:gang',
        'method:debt',
        'age_range:14_15',
        'gender:girls',
      ].sort(),
    );
  });

  it('keeps each code word once, ignoring case, accents and spacing', () => {
    expect(cleanCodeWords(['  Bébé   lune ', 'bebe lune', 'BÉBÉ LUNE', 'zèbre', ' '])).toEqual([
      'Bébé lune',
      'zèbre',
    ]);
  });
});

describe('labels of the codes', () => {
  // The CSV, the annual report and the PDF say what the web app says: one label per code.
  const read = (file: string) =>
    JSON.parse(readFileSync(new URL(`../../../../locales/${file}`, import.meta.url), 'utf8'));
  const WEB_GROUPS = {
    place_type: 'placeTypes',
    method: 'methods',
    modus_operandi: 'modusOperandi',
    age_range: 'ageRanges',
    gender: 'genders',
  } as const;
  for (const locale of ['fr-CA', 'en-CA'])
    it(`are the web app's in the server's outputs (${locale})`, () => {
      const server = read(`${locale}/server.observatory.json`).observatory.values;
      const web = read(`${locale}/web.observatory.json`).values;
      for (const [dimension, group] of Object.entries(WEB_GROUPS)) {
        expect(Object.keys(server[dimension]).sort(), dimension).toEqual(Object.keys(web[group]).sort());
        expect(server[dimension], dimension).toEqual(web[group]);
      }
    });
});
