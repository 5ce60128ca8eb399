import type { Locale } from '../../../shared/roles.js';
import type { EvaluationSessionRow } from './evaluations.repository.js';
import type { TrainingFigures } from './figures.service.js';
import type {
  QuestionnaireRow,
  QuestionnaireSummaryRow,
  QuestionRow,
} from './questionnaire-design.repository.js';
import type { QuestionnaireDetail } from './questionnaire-design.service.js';
import type { ResultBlock } from './results.service.js';

const pick = (locale: Locale, fr: string, en: string) => (locale === 'en-CA' ? en : fr);

export function presentQuestionnaireSummary(
  locale: Locale,
  row: QuestionnaireSummaryRow & { state: QuestionnaireDetail['state'] },
) {
  return {
    id: row.id,
    kind: row.kind,
    title: pick(locale, row.title_fr, row.title_en),
    isDefault: row.is_default,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    targetTypes: row.target_types,
    state: row.state,
    questionCount: row.question_count,
    responseCount: row.response_count,
  };
}

export function presentQuestionnaireDetail(detail: QuestionnaireDetail) {
  const q = detail.questionnaire;
  return {
    id: q.id,
    kind: q.kind,
    titleFr: q.title_fr,
    titleEn: q.title_en,
    introFr: q.intro_fr,
    introEn: q.intro_en,
    isDefault: q.is_default,
    opensOn: q.opens_on,
    closesOn: q.closes_on,
    targetTypes: q.target_types,
    state: detail.state,
    responseCount: detail.responses,
    questions: detail.questions.map((question) => ({
      id: question.id,
      type: question.type,
      required: question.required,
      textFr: question.text_fr,
      textEn: question.text_en,
      options: question.options,
    })),
  };
}

/** A questionnaire to fill, in the reader's language. */
export function presentForm(locale: Locale, questionnaire: QuestionnaireRow, questions: QuestionRow[]) {
  return {
    id: questionnaire.id,
    title: pick(locale, questionnaire.title_fr, questionnaire.title_en),
    intro: pick(locale, questionnaire.intro_fr, questionnaire.intro_en),
    questions: questions.map((question) => ({
      id: question.id,
      type: question.type,
      required: question.required,
      text: pick(locale, question.text_fr, question.text_en),
      options: question.options.map((o) => ({ key: o.key, label: pick(locale, o.fr, o.en) })),
    })),
  };
}

export function presentSession(
  locale: Locale,
  session: Pick<
    EvaluationSessionRow,
    'id' | 'course_id' | 'course_code' | 'title_fr' | 'title_en' | 'first_start' | 'last_end'
  >,
) {
  return {
    id: session.id,
    courseId: session.course_id,
    courseCode: session.course_code,
    courseTitle: pick(locale, session.title_fr, session.title_en),
    startsAt: session.first_start ? new Date(session.first_start).toISOString() : null,
    endsAt: session.last_end ? new Date(session.last_end).toISOString() : null,
  };
}

/** Aggregated results: texts of questions and options in the reader's language, no respondent. */
export function presentBlock(locale: Locale, block: ResultBlock) {
  const byId = new Map(block.questions.map((q) => [q.id, q]));
  return {
    questionnaireId: block.questionnaire.id,
    title: pick(locale, block.questionnaire.title_fr, block.questionnaire.title_en),
    responses: block.aggregate.responses,
    detailed: block.aggregate.detailed,
    questions: block.aggregate.questions.map((result) => {
      const question = byId.get(result.questionId)!;
      const base = {
        id: question.id,
        type: question.type,
        text: pick(locale, question.text_fr, question.text_en),
        answered: result.answered,
      };
      if (result.type === 'scale') return { ...base, mean: result.mean, distribution: result.distribution };
      if (result.type === 'single' || result.type === 'multiple') {
        const labels = new Map(question.options.map((o) => [o.key, pick(locale, o.fr, o.en)]));
        return {
          ...base,
          options: result.counts.map((c) => ({
            key: c.key,
            label: labels.get(c.key) ?? c.key,
            count: c.count,
          })),
        };
      }
      return { ...base, texts: 'texts' in result ? result.texts : [] };
    }),
  };
}

export function presentFigures(locale: Locale, figures: TrainingFigures) {
  return {
    ...figures,
    courses: figures.courses.map((c) => ({
      id: c.id,
      code: c.code,
      title: pick(locale, c.titleFr, c.titleEn),
      trained: c.trained,
    })),
  };
}
