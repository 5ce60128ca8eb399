import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { AppError } from '../../platform/errors.js';
import { RETRY_AFTER_SECONDS, toAppError } from '../../platform/http/errors.plugin.js';
import { acceptFormPosts } from '../../platform/http/form-body.js';
import { html, joinHtml, type SafeHtml } from '../../platform/http/html.js';
import { t } from '../../platform/i18n/i18n.js';
import { type InvitedInput, invitationSession, registerInvited } from './invitations.service.js';
import {
  answerOutsideOffer,
  cancelOutsideRegistration,
  type OutsideOffer,
  outsideCancellation,
  outsideOffer,
} from './outside-links.service.js';
import type { DayRow, SessionRow } from './sessions.repository.js';
import { LINK_PATHS } from './training.links.js';
import { OUTSIDE_TYPES } from './training.rules.js';

/**
 * The public registration form of outside professionals, opened by a signed invitation link, the page
 * where they cancel through the personal link of their confirmation e-mail, and the page where they
 * accept or decline a seat offered from the wait list through the personal link of their offer
 * e-mail: plain HTML without script, in French and English. No account is created, no cookie set and
 * nothing of the visitor stored; requests are rate-limited and a forged, expired, replaced or used
 * link gets a clear page and changes nothing.
 */

export const INVITATION_PATHS: Record<Locale, string> = LINK_PATHS['training-invitation'];
const CANCELLATION_PATHS = LINK_PATHS['training-cancellation'];
const OFFER_PATHS = LINK_PATHS['training-offer'];

type Values = Partial<Record<keyof InvitedInput, string>>;

/**
 * A public page of the training programme: its title, the site's name, a link to the same page in the
 * other language (`paths` + token) and the body.
 */
export function page(
  locale: Locale,
  title: string,
  body: SafeHtml,
  token: string,
  paths: Record<Locale, string> = INVITATION_PATHS,
  siteKey = 'training.invitation.site',
): SafeHtml {
  const other: Locale = locale === 'fr-CA' ? 'en-CA' : 'fr-CA';
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} — Filet</title>
</head>
<body>
<header><p>Filet — ${t(locale, siteKey)}</p>
<nav aria-label="${t(locale, 'training.public.language')}"><a href="${paths[other]}/${encodeURIComponent(token)}" lang="${other}">${t(other, 'training.public.otherLanguage')}</a></nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function renderForm(
  locale: Locale,
  token: string,
  session: SessionRow,
  values: Values = {},
  problems: Array<{ field: string | null; message: string }> = [],
): SafeHtml {
  const m = (key: string, params?: Record<string, unknown>) =>
    t(locale, `training.invitation.${key}`, params);
  const title = locale === 'en-CA' ? session.course_title_en : session.course_title_fr;
  const when = sessionStart(locale, session.starts_at);
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const input = (field: keyof InvitedInput, type = 'text', autocomplete = 'off') => {
    const problem = problemOf(field);
    return html`<p>
<label for="${field}">${m(`fields.${field}`)}</label><br>
${problem ? html`<span id="${field}-error">${problem}</span><br>` : ''}
<input id="${field}" name="${field}" type="${type}" autocomplete="${autocomplete}" required maxlength="200" value="${values[field] ?? ''}"${problem ? html` aria-invalid="true" aria-describedby="${field}-error"` : ''}>
</p>`;
  };
  const typeProblem = problemOf('organisationType');
  const summary =
    problems.length > 0
      ? html`<div role="alert"><p>${m('problems')}</p><ul>${problems.map(
          (p) => html`<li>${p.field ? html`<a href="#${p.field}">${p.message}</a>` : p.message}</li>`,
        )}</ul></div>`
      : '';
  return page(
    locale,
    title,
    html`<h1>${title}</h1>
<p>${m('lead', { date: when, place: session.place ?? session.video_url ?? '' })}</p>
<p>${m('privacy')}</p>
${summary}
<form method="post" action="${INVITATION_PATHS[locale]}/${encodeURIComponent(token)}">
${input('fullName', 'text', 'name')}
${input('email', 'email', 'email')}
${input('organisationName', 'text', 'organization')}
<p>
<label for="organisationType">${m('fields.organisationType')}</label><br>
${typeProblem ? html`<span id="organisationType-error">${typeProblem}</span><br>` : ''}
<select id="organisationType" name="organisationType" required${typeProblem ? html` aria-invalid="true" aria-describedby="organisationType-error"` : ''}>
<option value="">${m('chooseType')}</option>
${joinHtml(
  OUTSIDE_TYPES.map(
    (type) =>
      html`<option value="${type}"${values.organisationType === type ? ' selected' : ''}>${t(locale, `training.documents.organisationTypes.${type}`)}</option>`,
  ),
  '\n',
)}
</select>
</p>
${input('profession', 'text', 'organization-title')}
<p><button type="submit">${m('submit')}</button></p>
</form>`,
    token,
  );
}

/** A link's page: public, 30 requests a minute. */
export const PAGE_ROUTE = {
  config: { access: 'public' as const, rateLimit: { max: 30, timeWindow: 60_000 } },
};

/** A link's form: public and without the CSRF token (there is no session), 10 posts a minute. */
export const FORM_ROUTE = {
  config: { access: 'public' as const, csrf: false as const, rateLimit: { max: 10, timeWindow: 60_000 } },
};

/** The visitor's language, from the page's path. */
export function localeOf(request: FastifyRequest): Locale {
  return request.url.startsWith('/en/') ? 'en-CA' : 'fr-CA';
}

/** The signed token of the link, as the path gives it (bounded). */
export function tokenOf(request: FastifyRequest<{ Params: { token: string } }>): string {
  return String(request.params.token ?? '').slice(0, 300);
}

/** Sends a rendered page with its status, never cached nor referred. */
export function sendPage(reply: FastifyReply, body: SafeHtml, status: number) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .send(body.toString());
}

/**
 * Whatever goes wrong on the public pages of a plugin is answered with a page in the visitor's language
 * naming the problem as the API would (too many requests, a form too large, badly encoded characters,
 * a link no longer valid...), with its status; nothing internal is shown.
 */
export function answerErrorsWithPages(
  app: FastifyInstance,
  paths: Record<Locale, string>,
  siteKey: string,
  logMessage: string,
): void {
  app.setErrorHandler((error: Error, request, reply) => {
    const locale = localeOf(request);
    const problem = toAppError(error);
    if (problem.status >= 500) {
      app.platform.logger.error({ code: (error as { code?: unknown }).code ?? problem.code }, logMessage);
    }
    const title = t(locale, `errors.${problem.code}`, problem.params);
    const unavailable = problem.status === 503;
    // The database is out of reach: say when to come back, and where to turn meanwhile.
    if (unavailable) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    const body = html`<h1>${title}</h1>${unavailable ? html`\n<p>${t(locale, 'training.public.unavailableLead')}</p>` : ''}`;
    return sendPage(reply, page(locale, title, body, '', paths, siteKey), problem.status);
  });
}

/** When a session starts, in the reader's language and the region's time zone. */
export function sessionStart(locale: Locale, startsAt: Date | null): string {
  return startsAt
    ? new Intl.DateTimeFormat(locale, {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: REGION_TIME_ZONE,
      }).format(startsAt)
    : '';
}

/** Each day of a session with its hours, in the reader's language and the region's time zone. */
function dayRanges(locale: Locale, timeZone: string, days: readonly DayRow[]): string[] {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone });
  return days.map((d) => format.formatRange(d.starts_at, d.ends_at));
}

type OfferPageState = OutsideOffer['state'] | 'unanswered';

const OFFER_STATUS: Record<OfferPageState, number> = {
  open: 200,
  accepted: 200,
  declined: 200,
  unanswered: 400,
  alreadyAccepted: 410,
  alreadyDeclined: 410,
  expired: 410,
  closed: 410,
  replaced: 410,
  invalid: 404,
};

/**
 * The page of a seat offered to an outside professional, in each of its states: the course, its days
 * and hours, the place and the deadline, and while it is open, a form with two buttons (accept,
 * decline). `unanswered`: the form came back without a choice.
 */
function renderOffer(
  locale: Locale,
  timeZone: string,
  token: string,
  offer: OutsideOffer,
  shown: OfferPageState,
) {
  const m = (key: string) => t(locale, `training.offer.${key}`);
  const formOpen = shown === 'open' || shown === 'unanswered';
  let summary = html``;
  if ('session' in offer) {
    const { session, days, deadline } = offer;
    const rows: Array<[string, SafeHtml | string]> = [
      ['course', locale === 'en-CA' ? session.course_title_en : session.course_title_fr],
      ['dates', html`<ul>${dayRanges(locale, timeZone, days).map((d) => html`<li>${d}</li>`)}</ul>`],
    ];
    if (session.place) rows.push(['place', session.place]);
    if (session.video_url) rows.push(['videoUrl', session.video_url]);
    if (formOpen || shown === 'expired') {
      const format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
      rows.push(['deadline', format.format(deadline)]);
    }
    summary = html`<dl>\n${joinHtml(
      rows.map(([key, value]) => html`<dt>${m(key)}</dt><dd>${value}</dd>`),
      '\n',
    )}\n</dl>`;
  }
  const titleKey = formOpen ? 'title' : `${shown}Title`;
  const body = formOpen
    ? html`<h1>${m('title')}</h1>
${shown === 'unanswered' ? html`<div role="alert"><p>${m('unanswered')}</p></div>` : ''}
${summary}
<p>${m('lead')}</p>
<form method="post" action="${OFFER_PATHS[locale]}/${encodeURIComponent(token)}">
<p><button type="submit" name="answer" value="accept">${m('accept')}</button></p>
<p><button type="submit" name="answer" value="decline">${m('decline')}</button></p>
</form>`
    : html`<h1>${m(titleKey)}</h1>
${summary}
<p>${m(`${shown}Lead`)}</p>`;
  return page(
    locale,
    t(locale, `training.offer.${titleKey}`),
    body,
    token,
    OFFER_PATHS,
    'training.offer.site',
  );
}

/** The cancellation page of an outside professional's registration, in each of its states. */
function renderCancellation(
  locale: Locale,
  token: string,
  session: SessionRow | null,
  state: 'open' | 'done' | 'inactive' | 'replaced' | 'invalid',
): SafeHtml {
  const m = (key: string, params?: Record<string, unknown>) =>
    t(locale, `training.cancellation.${key}`, params);
  const summary = session
    ? html`<dl>
<dt>${m('course')}</dt><dd>${locale === 'en-CA' ? session.course_title_en : session.course_title_fr}</dd>
<dt>${m('date')}</dt><dd>${sessionStart(locale, session.starts_at)}</dd>
<dt>${m('place')}</dt><dd>${session.place ?? session.video_url ?? ''}</dd>
</dl>`
    : '';
  const body =
    state === 'open'
      ? html`<h1>${m('title')}</h1>
${summary}
<p>${m('lead')}</p>
<form method="post" action="${CANCELLATION_PATHS[locale]}/${encodeURIComponent(token)}">
<p><button type="submit">${m('submit')}</button></p>
</form>`
      : html`<h1>${m(`${state}Title`)}</h1>
${summary}
<p>${m(`${state}Lead`)}</p>`;
  return page(
    locale,
    t(locale, `training.cancellation.${state === 'open' ? 'title' : `${state}Title`}`),
    body,
    token,
    CANCELLATION_PATHS,
    'training.cancellation.site',
  );
}

function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, 1000) : '';
}

export const registrationPages: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  acceptFormPosts(app, { bodyLimit: 16 * 1024 });
  const invalid = (locale: Locale, token: string) =>
    page(
      locale,
      t(locale, 'training.invitation.invalidTitle'),
      html`<h1>${t(locale, 'training.invitation.invalidTitle')}</h1>
<p>${t(locale, 'training.invitation.invalidLead')}</p>`,
      token,
    );

  answerErrorsWithPages(app, INVITATION_PATHS, 'training.invitation.site', 'invitation page error');

  for (const locale of ['fr-CA', 'en-CA'] as const) {
    const cancelPath = `${CANCELLATION_PATHS[locale]}/:token`;
    const statusOf = { open: 200, done: 200, inactive: 410, replaced: 410, invalid: 404 } as const;

    app.get<{ Params: { token: string } }>(cancelPath, PAGE_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const found = await outsideCancellation(platform, token);
      const session = 'session' in found ? found.session : null;
      return sendPage(reply, renderCancellation(locale, token, session, found.state), statusOf[found.state]);
    });

    app.post<{ Params: { token: string } }>(cancelPath, FORM_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const result = await cancelOutsideRegistration(platform, token);
      const state = result.cancelled ? 'done' : result.state;
      const session = 'session' in result ? result.session : null;
      return sendPage(reply, renderCancellation(locale, token, session, state), statusOf[state]);
    });

    const offerPath = `${OFFER_PATHS[locale]}/:token`;
    const timeZone = platform.config.timeZone;

    app.get<{ Params: { token: string } }>(offerPath, PAGE_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const offer = await outsideOffer(platform, token);
      return sendPage(
        reply,
        renderOffer(locale, timeZone, token, offer, offer.state),
        OFFER_STATUS[offer.state],
      );
    });

    app.post<{ Params: { token: string } }>(offerPath, FORM_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const answer = field(request.body, 'answer');
      if (answer !== 'accept' && answer !== 'decline') {
        // Without a choice nothing is done: the form again while the offer stands, else its state.
        const offer = await outsideOffer(platform, token);
        const shown = offer.state === 'open' ? 'unanswered' : offer.state;
        return sendPage(reply, renderOffer(locale, timeZone, token, offer, shown), OFFER_STATUS[shown]);
      }
      const offer = await answerOutsideOffer(platform, token, answer);
      return sendPage(
        reply,
        renderOffer(locale, timeZone, token, offer, offer.state),
        OFFER_STATUS[offer.state],
      );
    });

    const path = `${INVITATION_PATHS[locale]}/:token`;
    app.get<{ Params: { token: string } }>(path, PAGE_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const session = await invitationSession(platform, token);
      if (!session) return sendPage(reply, invalid(locale, token), 404);
      return sendPage(reply, renderForm(locale, token, session), 200);
    });

    app.post<{ Params: { token: string } }>(path, FORM_ROUTE, async (request, reply) => {
      const token = tokenOf(request);
      const session = await invitationSession(platform, token);
      if (!session) return sendPage(reply, invalid(locale, token), 404);
      const values: Values = {
        fullName: field(request.body, 'fullName'),
        email: field(request.body, 'email'),
        organisationName: field(request.body, 'organisationName'),
        organisationType: field(request.body, 'organisationType'),
        profession: field(request.body, 'profession'),
      };
      try {
        await registerInvited(
          platform,
          token,
          {
            fullName: values.fullName ?? '',
            email: values.email ?? '',
            organisationName: values.organisationName ?? '',
            organisationType: values.organisationType ?? '',
            profession: values.profession ?? '',
          },
          locale,
        );
        // The same page whatever became of the request: the outcome goes to the address by e-mail.
        const title = t(locale, 'training.invitation.receivedTitle');
        return sendPage(
          reply,
          page(
            locale,
            title,
            html`<h1>${title}</h1>\n<p>${t(locale, 'training.invitation.receivedLead')}</p>`,
            token,
          ),
          202,
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
        const problems = (error.details ?? []).map((detail) => ({
          field: ['fullName', 'email', 'organisationName', 'organisationType', 'profession'].includes(
            detail.field,
          )
            ? detail.field
            : null,
          message: t(locale, `validation.${detail.rule}`, {
            field: t(locale, `training.invitation.fields.${detail.field}`),
            ...(detail.params ?? {}),
          }),
        }));
        return sendPage(reply, renderForm(locale, token, session, values, problems), 400);
      }
    });
  }
};
