import { describe, expect, it } from 'vitest';
import { dueEndOfDay } from '../src/web/modules/consultations/due-time';

describe('the due time of a consultation on its page', () => {
  it('reads a due at midnight (region time) as the end of the day before', () => {
    // 10 December 2026 at 00:00 in Québec City (EST, UTC−5): due at the end of 9 December.
    expect(dueEndOfDay('2026-12-10T05:00:00.000Z', 'fr-CA')).toBe('9 décembre');
    expect(dueEndOfDay('2026-12-10T05:00:00.000Z', 'en-CA')).toBe('December 9');
  });

  it('leaves any other time to the relative wording', () => {
    expect(dueEndOfDay('2026-12-10T18:00:00.000Z', 'fr-CA')).toBeNull();
  });
});
