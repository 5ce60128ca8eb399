import { readFileSync } from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import { AppError } from '../../platform/errors.js';
import { RETRY_AFTER_SECONDS, toAppError } from '../../platform/http/errors.plugin.js';
import { acceptFormPosts } from '../../platform/http/form-body.js';
import type { Limit } from '../../platform/throttle/throttles.js';
import { addTipsterMessage, type FollowUpView, openFollowUp, refreshFollowUp } from './follow-up.service.js';
import { ATTACHMENT_LIMITS, submitPublicTip } from './intake.service.js';
import * as line from './tips.line.service.js';
import {
  ASSET_CSS,
  ASSET_JS,
  type FormValues,
  PATHS,
  type PageProblem,
  pt,
  renderClosed,
  renderFollowUp,
  renderForm,
  renderProblem,
  renderReceipt,
  renderThanks,
} from './tips.pages.js';
import { ANSWER_MAX, allAnswerFields } from './tips.questions.js';
import { FormTokens, formatReceipt, newReceipt } from './tips.secrets.js';
import { CHANNELS, type Channel } from './tips.table.js';

/** Reads a form (urlencoded or multipart): its text fields, its files, and what went wrong with files. */
async function readForm(
  request: FastifyRequest,
): Promise<{ body: Record<string, string>; files: Buffer[]; fileProblem: 'too_large' | 'too_many' | null }> {
  if (!request.isMultipart()) {
    const body: Record<string, string> = {};
    const raw = request.body;
    if (raw && typeof raw === 'object') {
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value === 'string') body[key] = value;
      }
    }
    return { body, files: [], fileProblem: null };
  }
  const body: Record<string, string> = {};
  const files: Buffer[] = [];
  let fileProblem: 'too_large' | 'too_many' | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (content.length > 0) files.push(content);
      } else if (typeof part.value === 'string') {
        body[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') fileProblem = 'too_large';
    else if (code === 'FST_FILES_LIMIT') fileProblem = 'too_many';
    // Anything else is a body that is not the multipart it claims to be (no boundary, cut short).
    else throw new AppError('validation_failed', 400);
  }
  return { body, files, fileProblem };
}

/** A form must be at least this old when sent: people take longer, floods have to wait. */
export const FORM_MIN_AGE_MS = 5_000;
const FORM_MAX_AGE_MS = 4 * 3_600_000;
/** Sending tips: 10 per client in ten minutes, and a ceiling for everyone together. */
const INTAKE_LIMIT: Limit = { max: 10, windowMs: 10 * 60_000, globalMax: 200_000 };
/** Entering a receipt: 10 per client in ten minutes, 300 for everyone (receipts cannot be tried in bulk). */
const FOLLOW_UP_LIMIT: Limit = { max: 10, windowMs: 10 * 60_000, globalMax: 300 };

type TextField = Exclude<keyof FormValues, 'answers'>;

const LIMITS: Record<TextField, number> = {
  channel: 40,
  facts: 8000,
  who: 2000,
  where: 2000,
  when: 2000,
  how: 2000,
  online: 2000,
  contact: 500,
};

const css = readFileSync(new URL('./public/tips.css', import.meta.url));
const js = readFileSync(new URL('./public/tips.js', import.meta.url));

type FormBody = Record<string, string | string[] | undefined>;

function field(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as FormBody)[name];
  return typeof value === 'string' ? value : undefined;
}

function localeOf(request: FastifyRequest): Locale {
  return request.url.startsWith('/en/') ? 'en-CA' : 'fr-CA';
}

function html(reply: FastifyReply, page: string, status = 200) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page);
}

/**
 * The public tip line: server-rendered pages that work without JavaScript, in French and English.
 * No cookie at all: a signed, time-stamped, single-use token in the form stands in for both a
 * forgery guard and a proof of work. What must hold across requests (throttles, spent tokens, the
 * receipt page) lives in PostgreSQL, so any process may answer any request; no address is stored.
 */
export const tipsPublicRoutes: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  acceptFormPosts(app, { bodyLimit: 160 * 1024 });
  // Multipart for the form with attachments, parsed in this context only, with hard limits.
  await app.register(multipart, {
    limits: {
      fileSize: ATTACHMENT_LIMITS.maxBytes,
      files: ATTACHMENT_LIMITS.count,
      fields: 60,
      fieldSize: 40 * 1024,
      parts: 70,
    },
  });
  const tokens = new FormTokens(platform.keyring.derive('tip-form'), FORM_MIN_AGE_MS, FORM_MAX_AGE_MS);

  // Browsers send `Origin: null` with a form posted from a no-referrer page, which the platform's
  // origin check refuses; same-origin still sends nothing to other sites (the quick exit included).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  // Whatever goes wrong on a public page is answered with a page in the tipster's language.
  // A database out of reach is a 503 page that says where to turn in an emergency, quick exit included.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const locale = localeOf(request);
    const problem = toAppError(error);
    const status = problem.code === 'internal' ? (error.statusCode ?? 500) : problem.status;
    if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (status >= 500) platform.logger.error({ code: problem.code }, 'tip line error');
    const key =
      status === 503 ? 'errors.unavailable' : status === 429 ? 'errors.rate_limited' : 'errors.generic';
    return html(
      reply,
      renderProblem(locale, pt(locale, key)),
      status >= 500 ? status : status >= 400 ? status : 400,
    );
  });

  const publicConfig = { access: 'public' as const, csrf: false as const };

  app.get(ASSET_CSS, { config: { access: 'public' } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(css),
  );
  app.get(ASSET_JS, { config: { access: 'public' } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(js),
  );

  for (const locale of ['fr-CA', 'en-CA'] as const) {
    const paths = PATHS[locale];
    const msg = (key: string, params?: Record<string, string | number>) =>
      pt(locale, `errors.${key}`, params);

    app.get(paths.form, { config: { access: 'public' } }, async (_request, reply) =>
      (await line.isLineOpen(platform))
        ? html(reply, renderForm(locale, { token: tokens.issue('tip', platform.now()) }))
        : html(reply, renderClosed(locale)),
    );

    app.post(paths.form, { config: publicConfig }, async (request, reply) => {
      const { body, files, fileProblem } = await readForm(request);
      const values: FormValues = {};
      for (const name of Object.keys(LIMITS) as TextField[]) values[name] = field(body, name);
      values.answers = {};
      for (const answer of allAnswerFields()) {
        const value = field(body, answer.name);
        if (value !== undefined) values.answers[answer.name] = value;
      }
      const problems: PageProblem[] = [];
      const now = platform.now();
      const token = field(body, 'token') ?? '';
      const rerender = (status: number) =>
        html(reply, renderForm(locale, { token: tokens.issue('tip', now), values, problems }), status);

      // A line without a receiving police service takes nothing (its form is not even shown).
      if (!(await line.isLineOpen(platform))) return html(reply, renderClosed(locale), 409);
      const tokenState = tokens.check(token, 'tip', now);
      if (tokenState !== 'ok') {
        problems.push({ field: null, message: msg(tokenState === 'too_early' ? 'too_early' : 'token') });
        return rerender(400);
      }
      if (!(await platform.throttles.take('tips.intake', request.ip, INTAKE_LIMIT)).allowed) {
        problems.push({ field: null, message: msg('rate_limited') });
        return rerender(429);
      }
      const channel = values.channel;
      if (!channel || !CHANNELS.includes(channel as Channel))
        problems.push({ field: 'channel', message: msg('channel') });
      if (!values.facts?.trim()) problems.push({ field: 'facts', message: msg('required') });
      for (const name of Object.keys(LIMITS) as TextField[]) {
        if ((values[name]?.length ?? 0) > LIMITS[name]) {
          problems.push({ field: name, message: msg('too_long', { max: LIMITS[name] }) });
        }
      }
      // The generic online field is no longer on the form; an old page may still send it.
      if (channel !== 'online' && values.online?.trim())
        problems.push({ field: null, message: msg('online_only') });
      const answers: Record<string, string> = {};
      for (const answer of allAnswerFields()) {
        const value = values.answers[answer.name] ?? '';
        if (value.length > ANSWER_MAX) {
          problems.push({ field: answer.name, message: msg('too_long', { max: ANSWER_MAX }) });
        } else if (value.trim() && answer.channel !== channel) {
          problems.push({
            field: answer.name,
            message: msg('other_channel', {
              section: pt(locale, `questions.${answer.channel}.legend`),
            }),
          });
        } else if (value.trim()) answers[answer.key] = value;
      }
      if (fileProblem === 'too_large') {
        problems.push({
          field: 'attachments',
          message: msg('file_too_large', { max: ATTACHMENT_LIMITS.maxBytes / 1024 / 1024 }),
        });
      } else if (fileProblem === 'too_many') {
        problems.push({
          field: 'attachments',
          message: msg('too_many_files', { max: ATTACHMENT_LIMITS.count }),
        });
      } else if (channel === 'online' && files.length > 0) {
        problems.push({ field: 'attachments', message: msg('no_files_online') });
      }
      if (problems.length > 0) {
        if (files.length > 0 || fileProblem) problems.push({ field: null, message: msg('reattach') });
        return rerender(400);
      }

      // The token is spent with the tip, in one transaction: a failed write leaves it usable.
      const formToken = tokens.spendable(token);
      let receipt: string;
      try {
        if (field(body, 'website')) {
          // The honeypot was filled: answer exactly as for a real tip (token spent), store no tip.
          await line.spendFormToken(platform, formToken);
          receipt = newReceipt();
        } else {
          ({ receipt } = await submitPublicTip(
            platform,
            {
              channel: channel as Channel,
              facts: values.facts!,
              who: values.who,
              where: values.where,
              when: values.when,
              how: values.how,
              online: values.online,
              answers,
              contact: values.contact,
              attachments: files,
            },
            { formToken },
          ));
        }
      } catch (error) {
        if (line.isFormTokenSpent(error)) {
          // Sent twice (a double click, a back-and-resend): the first one was received.
          problems.push({ field: null, message: msg('token_used') });
          return rerender(409);
        }
        if (line.isLineClosed(error)) return html(reply, renderClosed(locale), 409);
        const problem = error instanceof AppError ? error.details?.[0] : undefined;
        if (!problem?.field.startsWith('attachments')) throw error;
        problems.push({
          field: 'attachments',
          message:
            problem.rule === 'file_too_large'
              ? msg('file_too_large', { max: ATTACHMENT_LIMITS.maxBytes / 1024 / 1024 })
              : problem.rule === 'file_unreadable'
                ? msg('file_unreadable')
                : msg('file_type'),
        });
        problems.push({ field: null, message: msg('reattach') });
        return rerender(400);
      }
      // POST-redirect-GET: the receipt is never in an address; the ticket opens it for a few minutes.
      const ticket = await line.openReceiptPage(platform, receipt);
      return reply.redirect(`${paths.receipt}/${ticket}`, 303);
    });

    app.get<{ Params: { token: string } }>(
      `${paths.receipt}/:token`,
      { config: { access: 'public' } },
      async (request, reply) => {
        // Shown again on a reload within the window; afterwards (or for any other address) the same
        // kind page, which says nothing of whether a tip exists.
        const ticket = String(request.params.token ?? '').slice(0, 100);
        const receipt = await line.showReceipt(platform, ticket);
        return html(
          reply,
          renderReceipt(
            locale,
            receipt ? { receipt: formatReceipt(receipt), ticket } : null,
            line.RECEIPT_SHOWN_MS / 60_000,
          ),
          receipt ? 200 : 404,
        );
      },
    );

    // "I have noted it": the receipt page stops showing the receipt at once.
    app.post(paths.receipt, { config: publicConfig }, async (request, reply) => {
      const ticket = field(request.body, 'ticket');
      if (ticket) await line.closeReceiptPage(platform, ticket.slice(0, 100));
      return reply.redirect(paths.thanks, 303);
    });

    app.get(paths.thanks, { config: { access: 'public' } }, async (_request, reply) =>
      html(reply, renderThanks(locale)),
    );

    app.get(paths.followUp, { config: { access: 'public' } }, async (_request, reply) =>
      html(reply, renderFollowUp(locale, { token: tokens.issue('follow-up', platform.now()) })),
    );

    app.post(paths.followUp, { config: publicConfig }, async (request, reply) => {
      const body = request.body;
      const now = platform.now();
      const token = tokens.issue('follow-up', now);
      const session = field(body, 'session');
      /** The conversation as the page shows it, questions dated in the region's time. */
      const sessionView = (view: FollowUpView, sent: boolean) => ({
        token: view.session,
        sent,
        questions: view.questions.map((q) => ({
          body: q.body,
          askedAt: new Intl.DateTimeFormat(locale, {
            dateStyle: 'long',
            timeZone: platform.config.timeZone,
          }).format(q.askedAt),
        })),
      });
      const present = (view: FollowUpView, sent: boolean) =>
        html(reply, renderFollowUp(locale, { token, session: sessionView(view, sent) }));
      const failed = (problem: PageProblem, status = 400) =>
        html(reply, renderFollowUp(locale, { token, problems: [problem] }), status);

      if (session !== undefined) {
        const message = field(body, 'message') ?? '';
        if (message.length > 4000) {
          return failed({ field: null, message: msg('too_long', { max: 4000 }) });
        }
        try {
          return present(await addTipsterMessage(platform, session, message), true);
        } catch (error) {
          if (error instanceof AppError && error.details?.[0]?.field === 'message') {
            // Re-open the session view with the problem, without losing the session.
            try {
              const view = await refreshFollowUp(platform, session);
              return html(
                reply,
                renderFollowUp(locale, {
                  token,
                  problems: [{ field: 'message', message: msg('message_required') }],
                  session: sessionView(view, false),
                }),
                400,
              );
            } catch {
              return failed({ field: 'receipt', message: msg('session_expired') });
            }
          }
          if (error instanceof AppError && error.status === 400) {
            return failed({ field: 'receipt', message: msg('session_expired') });
          }
          throw error;
        }
      }

      const receipt = field(body, 'receipt') ?? '';
      if (tokens.check(field(body, 'token') ?? '', 'follow-up', now) === 'invalid') {
        return failed({ field: null, message: msg('token') });
      }
      if (!(await platform.throttles.take('tips.follow-up', request.ip, FOLLOW_UP_LIMIT)).allowed) {
        return failed({ field: null, message: msg('rate_limited') }, 429);
      }
      try {
        const view = await openFollowUp(platform, receipt.slice(0, 40));
        return present(view, false);
      } catch (error) {
        if (error instanceof AppError && error.status === 400) {
          return failed({ field: 'receipt', message: msg('receipt_unknown') });
        }
        throw error;
      }
    });
  }
};
