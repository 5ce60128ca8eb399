import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import { AppError } from '../../platform/errors.js';
import { t } from '../../platform/i18n/i18n.js';
import type { SessionRow } from './training.repository.js';
import { type InvitedInput, invitationSession, OUTSIDE_TYPES, registerInvited } from './training.service.js';

/**
 * The public registration form of outside professionals, opened by a signed invitation link: plain
 * HTML without script, in French and English. No account is created and no cookie set; requests are
 * rate-limited and a forged or expired link gets a clear page.
 */

export const INVITATION_PATHS: Record<Locale, string> = {
  'fr-CA': '/inscription-formation',
  'en-CA': '/en/training-registration',
};

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type Values = Partial<Record<keyof InvitedInput, string>>;

function page(locale: Locale, title: string, body: string, token: string): string {
  const other: Locale = locale === 'fr-CA' ? 'en-CA' : 'fr-CA';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} — Filet</title>
</head>
<body>
<header><p>Filet — ${escapeHtml(t(locale, 'training.invitation.site'))}</p>
<nav aria-label="${escapeHtml(t(locale, 'training.public.language'))}"><a href="${INVITATION_PATHS[other]}/${encodeURIComponent(token)}" lang="${other}">${escapeHtml(t(other, 'training.public.otherLanguage'))}</a></nav>
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
): string {
  const m = (key: string, params?: Record<string, unknown>) =>
    escapeHtml(t(locale, `training.invitation.${key}`, params));
  const title = locale === 'en-CA' ? session.course_title_en : session.course_title_fr;
  const when = session.starts_at
    ? new Intl.DateTimeFormat(locale, {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'America/Toronto',
      }).format(session.starts_at)
    : '';
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const input = (field: keyof InvitedInput, type = 'text', autocomplete = 'off') => {
    const problem = problemOf(field);
    return `<p>
<label for="${field}">${m(`fields.${field}`)}</label><br>
${problem ? `<span id="${field}-error">${escapeHtml(problem)}</span><br>` : ''}
<input id="${field}" name="${field}" type="${type}" autocomplete="${autocomplete}" required maxlength="200" value="${escapeHtml(values[field] ?? '')}"${problem ? ` aria-invalid="true" aria-describedby="${field}-error"` : ''}>
</p>`;
  };
  const typeProblem = problemOf('organisationType');
  const summary =
    problems.length > 0
      ? `<div role="alert"><p>${m('problems')}</p><ul>${problems
          .map(
            (p) =>
              `<li>${p.field ? `<a href="#${p.field}">${escapeHtml(p.message)}</a>` : escapeHtml(p.message)}</li>`,
          )
          .join('')}</ul></div>`
      : '';
  return page(
    locale,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${m('lead', { date: when, place: session.place ?? session.video_url ?? '' })}</p>
<p>${m('privacy')}</p>
${summary}
<form method="post" action="${INVITATION_PATHS[locale]}/${encodeURIComponent(token)}">
${input('fullName', 'text', 'name')}
${input('email', 'email', 'email')}
${input('organisationName', 'text', 'organization')}
<p>
<label for="organisationType">${m('fields.organisationType')}</label><br>
${typeProblem ? `<span id="organisationType-error">${escapeHtml(typeProblem)}</span><br>` : ''}
<select id="organisationType" name="organisationType" required${typeProblem ? ' aria-invalid="true" aria-describedby="organisationType-error"' : ''}>
<option value="">${m('chooseType')}</option>
${OUTSIDE_TYPES.map(
  (type) =>
    `<option value="${type}"${values.organisationType === type ? ' selected' : ''}>${escapeHtml(t(locale, `training.documents.organisationTypes.${type}`))}</option>`,
).join('\n')}
</select>
</p>
${input('profession', 'text', 'organization-title')}
<p><button type="submit">${m('submit')}</button></p>
</form>`,
    token,
  );
}

function html(reply: FastifyReply, body: string, status: number) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .send(body);
}

function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, 1000) : '';
}

export const registrationPages: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const localeOf = (request: FastifyRequest): Locale => (request.url.startsWith('/en/') ? 'en-CA' : 'fr-CA');
  const invalid = (locale: Locale, token: string) =>
    page(
      locale,
      t(locale, 'training.invitation.invalidTitle'),
      `<h1>${escapeHtml(t(locale, 'training.invitation.invalidTitle'))}</h1>
<p>${escapeHtml(t(locale, 'training.invitation.invalidLead'))}</p>`,
      token,
    );

  // Whatever goes wrong here is answered with a page in the visitor's language.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const locale = localeOf(request);
    const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
    if (status >= 500)
      platform.logger.error({ code: (error as AppError).code ?? 'internal' }, 'invitation page error');
    const key =
      status === 429 ? 'errors.rate_limited' : status >= 500 ? 'errors.internal' : 'errors.validation_failed';
    return html(
      reply,
      page(locale, t(locale, key), `<h1>${escapeHtml(t(locale, key))}</h1>`, ''),
      status >= 400 ? status : 400,
    );
  });

  for (const locale of ['fr-CA', 'en-CA'] as const) {
    const path = `${INVITATION_PATHS[locale]}/:token`;
    app.get<{ Params: { token: string } }>(
      path,
      { config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } } },
      async (request, reply) => {
        const token = String(request.params.token ?? '').slice(0, 300);
        const session = await invitationSession(platform, token);
        if (!session) return html(reply, invalid(locale, token), 404);
        return html(reply, renderForm(locale, token, session), 200);
      },
    );

    app.post<{ Params: { token: string } }>(
      path,
      { config: { access: 'public', csrf: false, rateLimit: { max: 10, timeWindow: 60_000 } } },
      async (request, reply) => {
        const token = String(request.params.token ?? '').slice(0, 300);
        const session = await invitationSession(platform, token);
        if (!session) return html(reply, invalid(locale, token), 404);
        const values: Values = {
          fullName: field(request.body, 'fullName'),
          email: field(request.body, 'email'),
          organisationName: field(request.body, 'organisationName'),
          organisationType: field(request.body, 'organisationType'),
          profession: field(request.body, 'profession'),
        };
        try {
          const result = await registerInvited(
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
          const key = result.status === 'confirmed' ? 'confirmed' : 'waitlisted';
          const text = t(locale, `training.invitation.${key}`, { position: result.position ?? 0 });
          return html(
            reply,
            page(
              locale,
              text,
              `<h1>${escapeHtml(text)}</h1>\n<p>${escapeHtml(t(locale, 'training.invitation.emailSent'))}</p>`,
              token,
            ),
            201,
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
          return html(reply, renderForm(locale, token, session, values, problems), 400);
        }
      },
    );
  }
};
