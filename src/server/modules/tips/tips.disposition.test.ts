import { describe, expect, it } from 'vitest';
import { validateTipInput } from './intake.service.js';
import { allAnswerFields, answerFieldName, isQuestionOf, QUESTIONS } from './tips.questions.js';
import { dispositionChange } from './triage.service.js';

describe('disposition rule', () => {
  const open = { status: 'assigned' as const, disposition: null };
  const closed = { status: 'closed' as const, disposition: 'duplicate' as const };

  it('requires a disposition to end a tip, and its text for “other”', () => {
    expect(dispositionChange(open, 'closed', {}).problems).toEqual([
      { field: 'disposition', rule: 'tips_disposition_required' },
    ]);
    expect(
      dispositionChange(open, 'unfounded', { disposition: 'other', dispositionNote: '  ' }).problems,
    ).toEqual([{ field: 'dispositionNote', rule: 'tips_disposition_note_required' }]);
    expect(
      dispositionChange(open, 'closed', { disposition: 'no_offence', dispositionNote: ' Vu. ' }),
    ).toEqual({
      problems: [],
      set: { disposition: 'no_offence', note: 'Vu.' },
    });
  });

  it('keeps an ended tip’s disposition, refuses one on an open tip and clears it on reopening', () => {
    expect(dispositionChange(closed, 'closed', {})).toEqual({ problems: [], set: null });
    expect(dispositionChange(open, 'triaged', { disposition: 'duplicate' }).problems).toEqual([
      { field: 'disposition', rule: 'tips_disposition_open' },
    ]);
    expect(dispositionChange(closed, 'assigned', {})).toEqual({
      problems: [],
      set: { disposition: null, note: null },
    });
  });
});

describe('channel questions', () => {
  it('belong to one channel each, with flat form names', () => {
    expect(isQuestionOf('online', 'links')).toBe(true);
    expect(isQuestionOf('place', 'links')).toBe(false);
    expect(QUESTIONS.other).toEqual([]);
    expect(answerFieldName('youth_at_risk', 'seenWhere')).toBe('q_youth_at_risk_seenWhere');
    const names = allAnswerFields().map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses another channel’s answers and overlong answers', () => {
    expect(() =>
      validateTipInput({ channel: 'online', facts: 'x', answers: { links: 'https://exemple.test' } }),
    ).not.toThrow();
    expect(() => validateTipInput({ channel: 'place', facts: 'x', answers: { links: 'y' } })).toThrow();
    expect(() =>
      validateTipInput({ channel: 'place', facts: 'x', answers: { hours: 'a'.repeat(1001) } }),
    ).toThrow();
  });
});
