import { describe, expect, it } from 'vitest';
import {
  consentProblem,
  destroyAfter,
  everyMonth,
  median,
  restrictTo,
  reviewDue,
  sharedFields,
} from './alerts.rules.js';

describe('alert rules', () => {
  it('shows pivots who to look for and the risks, never contacts or medical needs', () => {
    const content = {
      givenName: 'A',
      medicalNeeds: 'B',
      phones: ['C'],
      immediateRisks: 'D',
      circumstances: 'E',
    };
    expect(restrictTo('pivot', content)).toEqual({ givenName: 'A', immediateRisks: 'D' });
    expect(restrictTo('police', content)).toEqual(content);
    expect(sharedFields('pivot', new Set(['givenName', 'photo', 'medicalNeeds']))).toEqual([
      'givenName',
      'photo',
    ]);
  });

  it('asks an override role and a justification to share without consent', () => {
    const base = {
      legalBasis: 'serious_risk' as const,
      withoutConsent: true,
      justification: 'Danger grave et immédiat',
      mayOverride: true,
    };
    expect(consentProblem(base)).toBeNull();
    expect(consentProblem({ ...base, mayOverride: false })?.rule).toBe('alerts_override_role');
    expect(consentProblem({ ...base, justification: 'court' })?.rule).toBe('alerts_justification');
    expect(consentProblem({ ...base, legalBasis: 'consent' })?.rule).toBe('alerts_consent_contradiction');
    expect(consentProblem({ ...base, withoutConsent: false, mayOverride: false })).toBeNull();
  });

  it('computes medians and the 90-day review', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const now = new Date('2026-11-01T12:00:00Z');
    expect(reviewDue(new Date('2026-08-03T12:00:00Z'), now)).toBe(true);
    expect(reviewDue(new Date('2026-08-04T12:00:00Z'), now)).toBe(false);
  });

  it('dates the destruction of an archived profile from its archiving', () => {
    expect(destroyAfter(new Date('2026-01-01T05:00:00Z'), 365).toISOString()).toBe(
      '2027-01-01T05:00:00.000Z',
    );
  });

  it('lists every month of the figures, the quiet ones at zero', () => {
    expect(everyMonth([], '2026-11')).toEqual([]);
    expect(
      everyMonth(
        [
          { month: '2026-01', alerts: 2 },
          { month: '2025-11', alerts: 1 },
        ],
        '2026-02',
      ),
    ).toEqual([
      { month: '2025-11', alerts: 1 },
      { month: '2025-12', alerts: 0 },
      { month: '2026-01', alerts: 2 },
      { month: '2026-02', alerts: 0 },
    ]);
    // A month counted after `until` (a clock behind the data) still closes the range.
    expect(everyMonth([{ month: '2026-03', alerts: 4 }], '2026-01')).toEqual([
      { month: '2026-03', alerts: 4 },
    ]);
  });
});
