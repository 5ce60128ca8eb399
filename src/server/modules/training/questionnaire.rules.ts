import type { AnswersBody } from '../../../shared/contracts/questionnaires.js';
import { LONG_TEXT_MAX } from '../../../shared/contracts/questionnaires.values.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { QuestionOption, QuestionType } from './questionnaires.table.js';

export { LONG_TEXT_MAX } from '../../../shared/contracts/questionnaires.values.js';

/** Below this many answer sets, results show the count only: a handful of answers points at people. */
export const SMALL_COUNT = 3;
export const SHORT_TEXT_MAX = 300;

/** A question as the rules see it. */
export interface QuestionDef {
  id: string;
  type: QuestionType;
  required: boolean;
  options: readonly QuestionOption[];
}

/** One answer as a client sends it: exactly one of scale, choices or text. */
export type AnswerInput = AnswersBody['answers'][number];

/** One answer ready to store. */
export interface CleanAnswer {
  questionId: string;
  scale: number | null;
  choices: string[] | null;
  text: string | null;
}

const isChoice = (type: QuestionType) => type === 'single' || type === 'multiple';
const isText = (type: QuestionType) => type === 'short_text' || type === 'long_text';

/**
 * Checks a questionnaire's questions as the table writes them: choice questions need at least two
 * options with distinct keys; other types carry none. Returns the problems (empty when valid).
 */
export function checkQuestions(
  questions: ReadonlyArray<{
    type: QuestionType;
    textFr: string;
    textEn: string;
    options?: ReadonlyArray<{ key: string; fr: string; en: string }> | undefined;
  }>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  questions.forEach((question, index) => {
    const path = `questions.${index}`;
    if (!question.textFr.trim()) problems.push({ field: `${path}.textFr`, rule: 'required' });
    if (!question.textEn.trim()) problems.push({ field: `${path}.textEn`, rule: 'required' });
    const options = question.options ?? [];
    if (isChoice(question.type)) {
      if (options.length < 2)
        problems.push({ field: `${path}.options`, rule: 'questionnaire_options_needed' });
      const keys = new Set<string>();
      options.forEach((option, o) => {
        if (keys.has(option.key))
          problems.push({ field: `${path}.options.${o}.key`, rule: 'questionnaire_option_duplicate' });
        keys.add(option.key);
        if (!option.fr.trim()) problems.push({ field: `${path}.options.${o}.fr`, rule: 'required' });
        if (!option.en.trim()) problems.push({ field: `${path}.options.${o}.en`, rule: 'required' });
      });
    } else if (options.length > 0) {
      problems.push({ field: `${path}.options`, rule: 'questionnaire_options_unexpected' });
    }
  });
  return problems;
}

/**
 * Checks an answer set against its questions: every answer names a question of the questionnaire
 * once, carries the value its type expects (scale 1–5, one option, several distinct options, text
 * within its length), every required question is answered. Blank texts and empty choice lists count
 * as unanswered. Returns the answers to store, or the problems (field `answers.<questionId>`).
 */
export function validateAnswers(
  questions: readonly QuestionDef[],
  answers: readonly AnswerInput[],
): { ok: true; answers: CleanAnswer[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const given = new Map<string, CleanAnswer>();
  answers.forEach((answer, index) => {
    const question = byId.get(answer.questionId);
    if (!question) {
      problems.push({ field: `answers.${index}.questionId`, rule: 'questionnaire_unknown_question' });
      return;
    }
    const field = `answers.${question.id}`;
    if (given.has(question.id)) {
      problems.push({ field, rule: 'questionnaire_answer_duplicate' });
      return;
    }
    const present = [answer.scale, answer.choices, answer.text].filter((v) => v !== undefined).length;
    if (present > 1) {
      problems.push({ field, rule: 'questionnaire_answer_type' });
      return;
    }
    if (question.type === 'scale') {
      if (answer.scale === undefined) {
        if (present > 0) problems.push({ field, rule: 'questionnaire_answer_type' });
        return;
      }
      if (!Number.isInteger(answer.scale) || answer.scale < 1 || answer.scale > 5) {
        problems.push({ field, rule: 'questionnaire_scale_range' });
        return;
      }
      given.set(question.id, { questionId: question.id, scale: answer.scale, choices: null, text: null });
      return;
    }
    if (isChoice(question.type)) {
      if (answer.choices === undefined) {
        if (present > 0) problems.push({ field, rule: 'questionnaire_answer_type' });
        return;
      }
      if (answer.choices.length === 0) return;
      const keys = new Set(question.options.map((o) => o.key));
      if (answer.choices.some((choice) => !keys.has(choice))) {
        problems.push({ field, rule: 'questionnaire_unknown_option' });
        return;
      }
      if (new Set(answer.choices).size !== answer.choices.length) {
        problems.push({ field, rule: 'questionnaire_answer_duplicate' });
        return;
      }
      if (question.type === 'single' && answer.choices.length > 1) {
        problems.push({ field, rule: 'questionnaire_single_choice' });
        return;
      }
      // Stored in the questionnaire's order, so equal answers compare equal.
      const ordered = question.options.map((o) => o.key).filter((key) => answer.choices!.includes(key));
      given.set(question.id, { questionId: question.id, scale: null, choices: ordered, text: null });
      return;
    }
    if (isText(question.type)) {
      if (answer.text === undefined) {
        if (present > 0) problems.push({ field, rule: 'questionnaire_answer_type' });
        return;
      }
      const text = answer.text.trim();
      if (!text) return;
      const max = question.type === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
      if (text.length > max) {
        problems.push({ field, rule: 'too_long', params: { max } });
        return;
      }
      given.set(question.id, { questionId: question.id, scale: null, choices: null, text });
    }
  });
  for (const question of questions) {
    const field = `answers.${question.id}`;
    if (question.required && !given.has(question.id) && !problems.some((p) => p.field === field)) {
      problems.push({ field, rule: 'questionnaire_answer_required' });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, answers: questions.flatMap((q) => (given.has(q.id) ? [given.get(q.id)!] : [])) };
}

/** A stored answer, as aggregation reads it. */
export interface StoredAnswer {
  responseId: string;
  questionId: string;
  scale: number | null;
  choices: string[] | null;
  text: string | null;
}

export type QuestionResult =
  | {
      questionId: string;
      type: 'scale';
      answered: number;
      mean: number | null;
      /** Counts of 1, 2, 3, 4 and 5. */
      distribution: number[];
    }
  | {
      questionId: string;
      type: 'single' | 'multiple';
      answered: number;
      counts: Array<{ key: string; count: number }>;
    }
  | { questionId: string; type: 'short_text' | 'long_text'; answered: number; texts: string[] };

export interface Aggregate {
  responses: number;
  /** False under SMALL_COUNT answer sets: only `responses` is shown. */
  detailed: boolean;
  questions: QuestionResult[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Aggregates answer sets: mean and distribution of scales, counts per option, texts listed alone
 * (sorted, so their order tells nothing about who or when). Under SMALL_COUNT answer sets, nothing
 * but the number of answer sets comes out.
 */
export function aggregate(
  questions: readonly QuestionDef[],
  responseCount: number,
  answers: readonly StoredAnswer[],
): Aggregate {
  if (responseCount < SMALL_COUNT) return { responses: responseCount, detailed: false, questions: [] };
  const byQuestion = new Map<string, StoredAnswer[]>();
  for (const answer of answers) {
    const list = byQuestion.get(answer.questionId) ?? [];
    list.push(answer);
    byQuestion.set(answer.questionId, list);
  }
  const results = questions.map((question): QuestionResult => {
    const list = byQuestion.get(question.id) ?? [];
    if (question.type === 'scale') {
      const values = list.map((a) => a.scale).filter((v): v is number => v !== null);
      const distribution = [1, 2, 3, 4, 5].map((n) => values.filter((v) => v === n).length);
      const mean = values.length ? round2(values.reduce((s, v) => s + v, 0) / values.length) : null;
      return { questionId: question.id, type: 'scale', answered: values.length, mean, distribution };
    }
    if (question.type === 'single' || question.type === 'multiple') {
      const chosen = list.flatMap((a) => a.choices ?? []);
      return {
        questionId: question.id,
        type: question.type,
        answered: list.filter((a) => (a.choices ?? []).length > 0).length,
        counts: question.options.map((o) => ({
          key: o.key,
          count: chosen.filter((c) => c === o.key).length,
        })),
      };
    }
    const texts = list
      .map((a) => a.text)
      .filter((v): v is string => !!v)
      .sort((a, b) => a.localeCompare(b, 'fr'));
    return { questionId: question.id, type: question.type, answered: texts.length, texts };
  });
  return { responses: responseCount, detailed: true, questions: results };
}

/** A calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function regionDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Where a survey stands on a day: not opened by the table yet, waiting for its first day, open, closed. */
export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';

export function surveyState(
  survey: { opened_at: Date | null; opens_on: string | null; closes_on: string | null },
  today: string,
): SurveyState {
  if (survey.closes_on !== null && today > survey.closes_on) return 'closed';
  if (survey.opened_at === null) return 'draft';
  if (survey.opens_on !== null && today < survey.opens_on) return 'scheduled';
  return 'open';
}

/**
 * The running total of people trained since the start: each year adds those trained for the first
 * time, so someone who takes a second course later is not counted twice.
 */
export function cumulate<T extends { first_time: number }>(
  rows: readonly T[],
): Array<T & { cumulative: number }> {
  let total = 0;
  return rows.map((row) => {
    total += row.first_time;
    return { ...row, cumulative: total };
  });
}
