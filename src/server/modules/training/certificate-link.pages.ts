import type { FastifyPluginAsync } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import { html, type SafeHtml } from '../../platform/http/html.js';
import { t } from '../../platform/i18n/i18n.js';
import { outsideCertificateFile } from './outside-links.service.js';
import { answerErrorsWithPages, PAGE_ROUTE, page, sendPage, tokenOf } from './registration.pages.js';
import { LINK_PATHS } from './training.links.js';

/**
 * The certificate of an outside professional (no Filet account), opened by the personal link of the
 * e-mail sent when they completed the course: the PDF itself, in the language of the path, the same
 * document members download. A forged, expired or replaced link gets a page in the visitor's language
 * and nothing else. No cookie, no IP address, no cache; requests are rate-limited.
 */

const PATHS = LINK_PATHS['training-certificate'];
const SITE = 'training.certificateLink.site';

const STATUS = { replaced: 410, invalid: 404 } as const;

function renderState(locale: Locale, token: string, state: 'replaced' | 'invalid'): SafeHtml {
  const title = t(locale, `training.certificateLink.${state}Title`);
  return page(
    locale,
    title,
    html`<h1>${title}</h1>
<p>${t(locale, `training.certificateLink.${state}Lead`)}</p>`,
    token,
    PATHS,
    SITE,
  );
}

export const certificateLinkPages: FastifyPluginAsync = async (app) => {
  const platform = app.platform;

  answerErrorsWithPages(app, PATHS, SITE, 'certificate link page error');

  for (const locale of ['fr-CA', 'en-CA'] as const) {
    // No automatic HEAD route: a link scanner's HEAD would otherwise draw the PDF and count as a download.
    const route = { ...PAGE_ROUTE, exposeHeadRoute: false };
    app.get<{ Params: { token: string } }>(`${PATHS[locale]}/:token`, route, async (request, reply) => {
      const token = tokenOf(request);
      const found = await outsideCertificateFile(platform, token, locale);
      if (found.state !== 'ready')
        return sendPage(reply, renderState(locale, token, found.state), STATUS[found.state]);
      return reply
        .status(200)
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${locale === 'en-CA' ? 'certificate.pdf' : 'attestation.pdf'}"`,
        )
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(Buffer.from(found.pdf));
    });
  }
};
