import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  RESOURCE_AUDIENCES,
  RESOURCE_TAXONOMY,
  type ResourceAudience,
  type ResourceTaxonomy,
} from '../../../shared/contracts/resources.values.js';
import type { Locale } from '../../../shared/roles.js';
import { RETRY_AFTER_SECONDS, toAppError } from '../../platform/http/errors.plugin.js';
import {
  DIRECTORY_CSS,
  DIRECTORY_JS,
  DIRECTORY_PATHS,
  type FormProblem,
  renderProblem,
  renderSearch,
  renderService,
  rt,
  type SearchForm,
} from './public.pages.js';
import { getPublicService, searchPublicServices } from './search.service.js';

const PAGE_SIZE = 20;
const Q_MAX = 200;
const REGION_MAX = 200;
/** 10,000 results deep at most, as the staff search. */
const PAGE_MAX = 500;
/** Per client, counted in PostgreSQL like every route limit: searching is cheap, floods are not. */
const RATE_LIMIT = { max: 60, timeWindow: 60_000 };

const css = readFileSync(new URL('./public/resources.css', import.meta.url));
const js = readFileSync(new URL('./public/resources.js', import.meta.url));

function localeOf(request: FastifyRequest): Locale {
  return request.url.startsWith('/en/') ? 'en-CA' : 'fr-CA';
}

function page(reply: FastifyReply, body: string, status = 200) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body);
}

function values(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The search form as sent, and what is wrong with it (translated); unknown fields are ignored. */
export function readSearchForm(
  locale: Locale,
  query: unknown,
): { form: SearchForm; problems: FormProblem[] } {
  const raw = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const first = (name: string) => values(raw[name])[0]?.trim() ?? '';
  const problems: FormProblem[] = [];
  const msg = (key: string, params?: Record<string, string | number>) => rt(locale, `errors.${key}`, params);
  const form: SearchForm = {
    q: first('q'),
    taxonomy: [
      ...new Set(
        values(raw.taxonomy)
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ],
    audience: first('audience'),
    age: first('age'),
    region: first('region'),
    openNow: ['1', 'on', 'true'].includes(first('openNow')),
    page: 1,
  };
  if (form.q.length > Q_MAX) {
    problems.push({ field: 'q', message: msg('q', { max: Q_MAX }) });
    form.q = form.q.slice(0, Q_MAX);
  }
  if (form.taxonomy.some((code) => !(RESOURCE_TAXONOMY as readonly string[]).includes(code))) {
    problems.push({ field: 'taxonomy', message: msg('taxonomy') });
    form.taxonomy = form.taxonomy.filter((code) => (RESOURCE_TAXONOMY as readonly string[]).includes(code));
  }
  if (form.audience && !(RESOURCE_AUDIENCES as readonly string[]).includes(form.audience)) {
    problems.push({ field: 'audience', message: msg('audience') });
    form.audience = '';
  }
  if (form.age && !(/^\d{1,3}$/.test(form.age) && Number(form.age) <= 120)) {
    problems.push({ field: 'age', message: msg('age') });
  }
  if (form.region.length > REGION_MAX) {
    problems.push({ field: 'region', message: msg('region', { max: REGION_MAX }) });
    form.region = form.region.slice(0, REGION_MAX);
  }
  const pageText = first('page');
  if (pageText) {
    if (/^\d{1,3}$/.test(pageText) && Number(pageText) >= 1 && Number(pageText) <= PAGE_MAX) {
      form.page = Number(pageText);
    } else {
      problems.push({ field: null, message: msg('page') });
    }
  }
  // Nothing of a text the search could not store is sent to the database (PostgreSQL refuses it).
  for (const key of ['q', 'region'] as const) form[key] = form[key].split('\u0000').join('');
  return { form, problems };
}

/**
 * The public directory: a search page and a page per service, server-rendered in French and English,
 * with no cookie and no script needed (the one script only makes the quick exit replace the history).
 * Only what the table made public is found; a confidential place shows its front gate, never where it is.
 */
export const publicDirectoryRoutes: FastifyPluginAsync = async (app) => {
  const platform = app.platform;

  // Whatever goes wrong is answered with a page in the reader's language, quick exit included.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const locale = localeOf(request);
    const problem = toAppError(error);
    const status = problem.code === 'internal' ? (error.statusCode ?? 500) : problem.status;
    if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (status >= 500) platform.logger.error({ code: problem.code }, 'public directory error');
    const key = status === 503 ? 'unavailable' : status === 429 ? 'rate_limited' : 'generic';
    return page(
      reply,
      renderProblem(locale, rt(locale, 'errors.title'), rt(locale, `errors.${key}`)),
      status >= 400 ? status : 400,
    );
  });

  app.get(DIRECTORY_CSS, { config: { access: 'public' } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(css),
  );
  app.get(DIRECTORY_JS, { config: { access: 'public' } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(js),
  );

  for (const locale of ['fr-CA', 'en-CA'] as const) {
    const base = DIRECTORY_PATHS[locale];
    const config = { access: 'public' as const, rateLimit: RATE_LIMIT };

    app.get(base, { config }, async (request, reply) => {
      const { form, problems } = readSearchForm(locale, request.query);
      if (problems.length > 0) {
        return page(reply, renderSearch(locale, { form, result: null, problems, pageSize: PAGE_SIZE }), 400);
      }
      const result = await searchPublicServices(platform, locale, {
        ...(form.q ? { q: form.q } : {}),
        ...(form.taxonomy.length > 0 ? { taxonomy: form.taxonomy as ResourceTaxonomy[] } : {}),
        ...(form.audience ? { audience: form.audience as ResourceAudience } : {}),
        ...(form.age ? { age: Number(form.age) } : {}),
        ...(form.region ? { region: form.region } : {}),
        ...(form.openNow ? { openNow: true } : {}),
        limit: PAGE_SIZE,
        offset: (form.page - 1) * PAGE_SIZE,
      });
      return page(reply, renderSearch(locale, { form, result, pageSize: PAGE_SIZE }));
    });

    app.get<{ Params: { id: string } }>(`${base}/:id`, { config }, async (request, reply) => {
      const view = await getPublicService(platform, locale, String(request.params.id ?? ''));
      if (!view) {
        return page(
          reply,
          renderProblem(locale, rt(locale, 'errors.notFoundTitle'), rt(locale, 'errors.notFound')),
          404,
        );
      }
      return page(reply, renderService(locale, view));
    });
  }
};
