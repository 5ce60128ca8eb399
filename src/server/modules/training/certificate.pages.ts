import type { FastifyPluginAsync } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import { localDay } from '../../../shared/time-zone.js';
import { html, type SafeHtml } from '../../platform/http/html.js';
import { t } from '../../platform/i18n/i18n.js';
import { type VerifiedCertificate, verifyCertificate } from './completions.service.js';
import { answerErrorsWithPages, sendPage } from './registration.pages.js';

/**
 * The public certificate verification page, server-rendered without script: it confirms only the
 * holder's name, the course and the date (and the expiry when there is one). Nothing is stored about
 * the visit; requests are rate-limited so codes cannot be tried in bulk.
 */

const PATHS: Record<Locale, string> = { 'fr-CA': '/certificats', 'en-CA': '/en/certificates' };

function formatDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

export function renderCertificatePage(
  locale: Locale,
  code: string,
  found: VerifiedCertificate | null,
  today: string,
): SafeHtml {
  const m = (key: string, params?: Record<string, unknown>) => t(locale, `training.public.${key}`, params);
  const other: Locale = locale === 'fr-CA' ? 'en-CA' : 'fr-CA';
  const body = found
    ? html`<h1>${m('validTitle')}</h1>
<p>${m('validLead')}</p>
<dl>
<dt>${m('holder')}</dt><dd>${found.fullName}</dd>
<dt>${m('course')}</dt><dd>${locale === 'en-CA' ? found.courseTitleEn : found.courseTitleFr}</dd>
<dt>${m('completedOn')}</dt><dd>${formatDay(locale, found.completedOn)}</dd>
${
  found.expiresOn
    ? html`<dt>${m(found.expiresOn < today ? 'expiredOn' : 'expiresOn')}</dt><dd>${formatDay(locale, found.expiresOn)}</dd>`
    : ''
}
<dt>${m('code')}</dt><dd><code>${code}</code></dd>
</dl>`
    : html`<h1>${m('notFoundTitle')}</h1>
<p>${m('notFoundLead')}</p>`;
  return html`<!doctype html>
<html lang="${locale === 'en-CA' ? 'en-CA' : 'fr-CA'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${m(found ? 'validTitle' : 'notFoundTitle')} — Filet</title>
</head>
<body>
<header><p>Filet — ${m('site')}</p>
<nav aria-label="${m('language')}"><a href="${PATHS[other]}/${encodeURIComponent(code)}" lang="${other}">${t(other, 'training.public.otherLanguage')}</a></nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

export const certificatePages: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  // A refusal (the rate limit above all) is a page in the visitor's language, like the page itself.
  answerErrorsWithPages(app, PATHS, 'training.public.site', 'certificate page error');
  for (const locale of ['fr-CA', 'en-CA'] as const) {
    app.get<{ Params: { code: string } }>(
      `${PATHS[locale]}/:code`,
      { config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } } },
      async (request, reply) => {
        const code = String(request.params.code ?? '').slice(0, 60);
        const found = await verifyCertificate(platform, code);
        const today = localDay(platform.now(), platform.config.timeZone);
        return sendPage(
          reply,
          renderCertificatePage(locale, code.toUpperCase(), found, today),
          found ? 200 : 404,
        );
      },
    );
  }
};
