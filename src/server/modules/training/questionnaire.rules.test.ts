import { describe, expect, it } from 'vitest';
import {
  aggregate,
  checkQuestions,
  cumulate,
  type QuestionDef,
  type StoredAnswer,
  surveyState,
  validateAnswers,
} from './questionnaire.rules.js';

const yesNo = [
  { key: 'yes', fr: 'Oui', en: 'Yes' },
  { key: 'no', fr: 'Non', en: 'No' },
];
const topics = [
  { key: 'a', fr: 'A', en: 'A' },
  { key: 'b', fr: 'B', en: 'B' },
  { key: 'c', fr: 'C', en: 'C' },
];
const QUESTIONS: QuestionDef[] = [
  { id: 'q-scale', type: 'scale', required: true, options: [] },
  { id: 'q-single', type: 'single', required: true, options: yesNo },
  { id: 'q-multi', type: 'multiple', required: false, options: topics },
  { id: 'q-short', type: 'short_text', required: false, options: [] },
  { id: 'q-long', type: 'long_text', required: false, options: [] },
];
const valid = [
  { questionId: 'q-scale', scale: 4 },
  { questionId: 'q-single', choices: ['yes'] },
];

function rules(answers: Parameters<typeof validateAnswers>[1]): string[] {
  const result = validateAnswers(QUESTIONS, answers);
  return result.ok ? [] : result.problems.map((p) => `${p.field}:${p.rule}`);
}

describe('validateAnswers', () => {
  it('accepts the required answers and stores them in the questionnaire order', () => {
    const result = validateAnswers(QUESTIONS, [
      { questionId: 'q-multi', choices: ['c', 'a'] },
      ...valid,
      { questionId: 'q-long', text: '  Très utile  ' },
    ]);
    expect(result).toEqual({
      ok: true,
      answers: [
        { questionId: 'q-scale', scale: 4, choices: null, text: null },
        { questionId: 'q-single', scale: null, choices: ['yes'], text: null },
        { questionId: 'q-multi', scale: null, choices: ['a', 'c'], text: null },
        { questionId: 'q-long', scale: null, choices: null, text: 'Très utile' },
      ],
    });
  });

  it('refuses a missing required answer, and counts blanks as missing', () => {
    expect(rules([{ questionId: 'q-scale', scale: 3 }])).toEqual([
      'answers.q-single:questionnaire_answer_required',
    ]);
    expect(
      rules([
        { questionId: 'q-scale', scale: 3 },
        { questionId: 'q-single', choices: [] },
      ]),
    ).toEqual(['answers.q-single:questionnaire_answer_required']);
    expect(rules([...valid, { questionId: 'q-short', text: '   ' }])).toEqual([]);
  });

  it('refuses values of the wrong type or out of range', () => {
    expect(rules([{ questionId: 'q-scale', choices: ['yes'] }, valid[1]!])).toEqual([
      'answers.q-scale:questionnaire_answer_type',
    ]);
    expect(rules([{ questionId: 'q-scale', scale: 6 }, valid[1]!])).toEqual([
      'answers.q-scale:questionnaire_scale_range',
    ]);
    expect(rules([{ questionId: 'q-scale', scale: 2.5 }, valid[1]!])).toEqual([
      'answers.q-scale:questionnaire_scale_range',
    ]);
    expect(rules([valid[0]!, { questionId: 'q-single', text: 'oui' }])).toEqual([
      'answers.q-single:questionnaire_answer_type',
    ]);
    expect(rules([{ questionId: 'q-scale', scale: 2, text: 'x' }, valid[1]!])).toEqual([
      'answers.q-scale:questionnaire_answer_type',
    ]);
  });

  it('refuses options that do not belong to the question, two options for a single choice, repeats', () => {
    expect(rules([valid[0]!, { questionId: 'q-single', choices: ['maybe'] }])).toEqual([
      'answers.q-single:questionnaire_unknown_option',
    ]);
    expect(rules([valid[0]!, { questionId: 'q-single', choices: ['yes', 'no'] }])).toEqual([
      'answers.q-single:questionnaire_single_choice',
    ]);
    expect(rules([...valid, { questionId: 'q-multi', choices: ['a', 'a'] }])).toEqual([
      'answers.q-multi:questionnaire_answer_duplicate',
    ]);
  });

  it('refuses unknown questions, a question answered twice and texts over their length', () => {
    expect(rules([...valid, { questionId: 'other', scale: 1 }])).toEqual([
      'answers.2.questionId:questionnaire_unknown_question',
    ]);
    expect(rules([...valid, { questionId: 'q-scale', scale: 1 }])).toEqual([
      'answers.q-scale:questionnaire_answer_duplicate',
    ]);
    expect(rules([...valid, { questionId: 'q-short', text: 'x'.repeat(301) }])).toEqual([
      'answers.q-short:too_long',
    ]);
    expect(rules([...valid, { questionId: 'q-long', text: 'x'.repeat(4000) }])).toEqual([]);
  });
});

describe('checkQuestions', () => {
  it('needs two distinct options on choice questions and none elsewhere', () => {
    const problems = checkQuestions([
      { type: 'single', textFr: 'Q', textEn: 'Q', options: [{ key: 'a', fr: 'A', en: 'A' }] },
      {
        type: 'multiple',
        textFr: 'Q',
        textEn: 'Q',
        options: [
          { key: 'a', fr: 'A', en: 'A' },
          { key: 'a', fr: 'B', en: ' ' },
        ],
      },
      { type: 'scale', textFr: ' ', textEn: 'Q', options: [{ key: 'a', fr: 'A', en: 'A' }] },
    ]).map((p) => `${p.field}:${p.rule}`);
    expect(problems).toEqual([
      'questions.0.options:questionnaire_options_needed',
      'questions.1.options.1.key:questionnaire_option_duplicate',
      'questions.1.options.1.en:required',
      'questions.2.textFr:required',
      'questions.2.options:questionnaire_options_unexpected',
    ]);
  });
});

describe('aggregate', () => {
  const answersOf = (n: number): StoredAnswer[] =>
    Array.from({ length: n }, (_, i) => [
      { responseId: `r${i}`, questionId: 'q-scale', scale: (i % 5) + 1, choices: null, text: null },
      {
        responseId: `r${i}`,
        questionId: 'q-single',
        scale: null,
        choices: [i % 2 ? 'no' : 'yes'],
        text: null,
      },
      { responseId: `r${i}`, questionId: 'q-multi', scale: null, choices: ['a', 'c'], text: null },
      { responseId: `r${i}`, questionId: 'q-long', scale: null, choices: null, text: `Texte ${n - i}` },
    ]).flat();

  it('shows only the count under three answer sets', () => {
    expect(aggregate(QUESTIONS, 2, answersOf(2))).toEqual({ responses: 2, detailed: false, questions: [] });
    expect(aggregate(QUESTIONS, 0, [])).toEqual({ responses: 0, detailed: false, questions: [] });
  });

  it('gives means, distributions, counts per option and sorted texts from three answer sets', () => {
    const result = aggregate(QUESTIONS, 4, answersOf(4));
    expect(result.detailed).toBe(true);
    expect(result.questions).toEqual([
      { questionId: 'q-scale', type: 'scale', answered: 4, mean: 2.5, distribution: [1, 1, 1, 1, 0] },
      {
        questionId: 'q-single',
        type: 'single',
        answered: 4,
        counts: [
          { key: 'yes', count: 2 },
          { key: 'no', count: 2 },
        ],
      },
      {
        questionId: 'q-multi',
        type: 'multiple',
        answered: 4,
        counts: [
          { key: 'a', count: 4 },
          { key: 'b', count: 0 },
          { key: 'c', count: 4 },
        ],
      },
      { questionId: 'q-short', type: 'short_text', answered: 0, texts: [] },
      {
        questionId: 'q-long',
        type: 'long_text',
        answered: 4,
        texts: ['Texte 1', 'Texte 2', 'Texte 3', 'Texte 4'],
      },
    ]);
  });

  it('gives no mean for a scale nobody answered', () => {
    const result = aggregate(QUESTIONS, 3, []);
    expect(result.questions[0]).toEqual({
      questionId: 'q-scale',
      type: 'scale',
      answered: 0,
      mean: null,
      distribution: [0, 0, 0, 0, 0],
    });
  });
});

describe('surveyState and cumulate', () => {
  it('reads a survey as draft until opened, then scheduled, open, closed', () => {
    const survey = { opened_at: null, opens_on: '2026-03-01', closes_on: '2026-03-31' };
    expect(surveyState(survey, '2026-02-01')).toBe('draft');
    const opened = { ...survey, opened_at: new Date() };
    expect(surveyState(opened, '2026-02-01')).toBe('scheduled');
    expect(surveyState(opened, '2026-03-01')).toBe('open');
    expect(surveyState(opened, '2026-03-31')).toBe('open');
    expect(surveyState(opened, '2026-04-01')).toBe('closed');
    expect(surveyState(survey, '2026-04-01')).toBe('closed');
  });

  it('adds up people trained for the first time, year after year', () => {
    expect(
      cumulate([
        { year: 2011, first_time: 40 },
        { year: 2012, first_time: 0 },
        { year: 2013, first_time: 65 },
      ]).map((r) => r.cumulative),
    ).toEqual([40, 40, 105]);
  });
});
