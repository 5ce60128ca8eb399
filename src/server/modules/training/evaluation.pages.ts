import type { FastifyPluginAsync } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import { AppError } from '../../platform/errors.js';
import { acceptFormPosts } from '../../platform/http/form-body.js';
import { html, joinHtml, type SafeHtml } from '../../platform/http/html.js';
import { t } from '../../platform/i18n/i18n.js';
import {
  type OutsideEvaluation,
  outsideEvaluationForm,
  submitOutsideEvaluation,
} from './outside-evaluations.service.js';
import type { AnswerInput } from './questionnaire.rules.js';
import type { QuestionRow } from './questionnaire-design.repository.js';
import {
  answerErrorsWithPages,
  FORM_ROUTE,
  PAGE_ROUTE,
  page,
  sendPage,
  sessionStart,
  tokenOf,
} from './registration.pages.js';
import { LINK_PATHS } from './training.links.js';

/**
 * The evaluation form of outside professionals, opened by the personal link they receive by e-mail
 * once the session has ended: plain HTML without script, in French and English, checked by the same
 * questionnaire rules as members' answers. Bad input re-renders the form with the values kept and
 * translated messages; nothing is stored half. No cookie, no IP address; requests are rate-limited.
 */

const PATHS = LINK_PATHS['training-evaluation'];
const SITE = 'training.evaluation.site';

/** What the visitor sent, per question: the raw values, kept to fill the form again. */
type Values = Map<string, string[]>;
type Problems = Map<string, string>;

const fieldName = (questionId: string) => `q-${questionId}`;

/** Reads the form's fields into answers for the questionnaire rules (which do all the checking). */
function readAnswers(
  body: unknown,
  questions: readonly QuestionRow[],
): { answers: AnswerInput[]; values: Values } {
  const record =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const answers: AnswerInput[] = [];
  const values: Values = new Map();
  for (const question of questions) {
    const raw = record[fieldName(question.id)];
    const list = (Array.isArray(raw) ? raw : [raw])
      .filter((v): v is string => typeof v === 'string')
      .slice(0, 50)
      .map((v) => v.slice(0, 5000));
    values.set(question.id, list);
    if (question.type === 'single' || question.type === 'multiple') {
      const choices = list.filter((v) => v !== '');
      if (choices.length > 0) answers.push({ questionId: question.id, choices });
    } else if (question.type === 'scale') {
      const value = list[0]?.trim();
      if (value) answers.push({ questionId: question.id, scale: Number(value) });
    } else if (list[0] !== undefined) {
      answers.push({ questionId: question.id, text: list[0] });
    }
  }
  return { answers, values };
}

function questionField(locale: Locale, question: QuestionRow, values: Values, problems: Problems): SafeHtml {
  const text = locale === 'en-CA' ? question.text_en : question.text_fr;
  const id = fieldName(question.id);
  const given = values.get(question.id) ?? [];
  const problem = problems.get(question.id);
  const required = t(locale, `training.evaluation.${question.required ? 'required' : 'optional'}`);
  const error = problem ? html`<p id="${id}-error"><strong>${problem}</strong></p>\n` : '';
  const invalid = problem ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  if (question.type === 'short_text' || question.type === 'long_text') {
    const value = given[0] ?? '';
    const control =
      question.type === 'short_text'
        ? html`<input id="${id}" name="${id}" type="text" maxlength="300" value="${value}"${question.required ? ' required' : ''}${invalid}>`
        : html`<textarea id="${id}" name="${id}" rows="6" cols="60" maxlength="4000"${question.required ? ' required' : ''}${invalid}>${value}</textarea>`;
    return html`<p><label for="${id}">${text} <span>${required}</span></label></p>\n${error}<p>${control}</p>`;
  }
  const options =
    question.type === 'scale'
      ? [1, 2, 3, 4, 5].map((n) => ({ key: String(n), label: String(n) }))
      : question.options.map((o) => ({ key: o.key, label: locale === 'en-CA' ? o.en : o.fr }));
  const type = question.type === 'multiple' ? 'checkbox' : 'radio';
  const hint =
    question.type === 'scale'
      ? html`<p>${t(locale, 'training.evaluation.scaleHint')}</p>\n`
      : question.type === 'multiple'
        ? html`<p>${t(locale, 'training.evaluation.multipleHint')}</p>\n`
        : '';
  return html`<fieldset id="${id}"${problem ? html` aria-describedby="${id}-error"` : ''}>
<legend>${text} <span>${required}</span></legend>
${hint}${error}${joinHtml(
  options.map(
    (o, n) =>
      html`<p><input id="${id}-${n}" name="${id}" type="${type}" value="${o.key}"${given.includes(o.key) ? ' checked' : ''}> <label for="${id}-${n}">${o.label}</label></p>`,
  ),
  '\n',
)}
</fieldset>`;
}

type Found = Extract<OutsideEvaluation, { state: 'open' | 'answered' | 'too_early' }>;

function heading(locale: Locale, found: Found): SafeHtml {
  const s = found.session;
  const course = locale === 'en-CA' ? s.title_en : s.title_fr;
  return html`<p>${t(locale, 'training.evaluation.session', { course, date: sessionStart(locale, s.first_start ? new Date(s.first_start) : null) })}</p>`;
}

function renderForm(
  locale: Locale,
  token: string,
  found: Found,
  values: Values = new Map(),
  problems: Problems = new Map(),
): SafeHtml {
  const q = found.questionnaire;
  const title = locale === 'en-CA' ? q.title_en : q.title_fr;
  const intro = locale === 'en-CA' ? q.intro_en : q.intro_fr;
  const summary =
    problems.size > 0
      ? html`<div role="alert"><p>${t(locale, 'training.evaluation.problems')}</p><ul>${[
          ...(problems.has('') ? [html`<li>${problems.get('')!}</li>`] : []),
          ...found.questions
            .filter((question) => problems.has(question.id))
            .map(
              (question) =>
                html`<li><a href="#${fieldName(question.id)}">${problems.get(question.id)!}</a></li>`,
            ),
        ]}</ul></div>`
      : '';
  return page(
    locale,
    title,
    html`<h1>${title}</h1>
${heading(locale, found)}
${intro ? html`<p>${intro}</p>` : ''}
<p>${t(locale, 'training.evaluation.anonymous')}</p>
${summary}
<form method="post" action="${PATHS[locale]}/${encodeURIComponent(token)}">
${joinHtml(
  found.questions.map((question) => questionField(locale, question, values, problems)),
  '\n',
)}
<p><button type="submit">${t(locale, 'training.evaluation.submit')}</button></p>
</form>`,
    token,
    PATHS,
    SITE,
  );
}

/** A page that only says where things stand (thanks, already answered, too early, invalid link). */
function renderState(locale: Locale, token: string, state: string, found: Found | null): SafeHtml {
  const title = t(locale, `training.evaluation.${state}Title`);
  return page(
    locale,
    title,
    html`<h1>${title}</h1>
${found ? heading(locale, found) : ''}
<p>${t(locale, `training.evaluation.${state}Lead`)}</p>`,
    token,
    PATHS,
    SITE,
  );
}

const STATUS = { answered: 409, too_early: 409, invalid: 404 } as const;

export const evaluationPages: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  // Long answers (4,000 characters each, percent-encoded) fit; anything larger is refused.
  acceptFormPosts(app, { bodyLimit: 128 * 1024 });

  answerErrorsWithPages(app, PATHS, SITE, 'evaluation page error');

  for (const locale of ['fr-CA', 'en-CA'] as const) {
    const path = `${PATHS[locale]}/:token`;

    app.get<{ Params: { token: string } }>(path, PAGE_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const found = await outsideEvaluationForm(platform, token);
      if (found.state === 'open') return sendPage(reply, renderForm(locale, token, found), 200);
      return sendPage(
        reply,
        renderState(locale, token, found.state, found.state === 'invalid' ? null : found),
        STATUS[found.state],
      );
    });

    app.post<{ Params: { token: string } }>(path, FORM_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const found = await outsideEvaluationForm(platform, token);
      if (found.state !== 'open') {
        return sendPage(
          reply,
          renderState(locale, token, found.state, found.state === 'invalid' ? null : found),
          STATUS[found.state],
        );
      }
      const { answers, values } = readAnswers(request.body, found.questions);
      try {
        await submitOutsideEvaluation(platform, token, answers);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'token_invalid')
          return sendPage(reply, renderState(locale, token, 'invalid', null), 404);
        const rule = error.details?.[0]?.rule;
        if (rule === 'questionnaire_already_answered' || rule === 'questionnaire_too_early') {
          const state = rule === 'questionnaire_too_early' ? 'too_early' : 'answered';
          return sendPage(reply, renderState(locale, token, state, found), 409);
        }
        if (error.code !== 'validation_failed') throw error;
        const byId = new Map(found.questions.map((q) => [q.id, q]));
        const problems: Problems = new Map();
        for (const detail of error.details ?? []) {
          const question = byId.get(detail.field.replace(/^answers\./, ''));
          if (!question || problems.has(question.id)) continue;
          problems.set(
            question.id,
            t(locale, `validation.${detail.rule}`, {
              ...(detail.params ?? {}),
              field: locale === 'en-CA' ? question.text_en : question.text_fr,
            }),
          );
        }
        if (problems.size === 0) problems.set('', t(locale, 'errors.validation_failed'));
        return sendPage(reply, renderForm(locale, token, found, values, problems), 400);
      }
      return sendPage(reply, renderState(locale, token, 'thanks', found), 201);
    });
  }
};
