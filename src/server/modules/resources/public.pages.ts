import { readFileSync } from 'node:fs';
import type { ServiceSearchResult, ServiceSummary } from '../../../shared/contracts/resources.js';
import { RESOURCE_AUDIENCES, RESOURCE_TAXONOMY } from '../../../shared/contracts/resources.values.js';
import type { Locale } from '../../../shared/roles.js';
import { html, joinHtml, publicPage, type SafeHtml } from '../../platform/http/html.js';
import type { PublicServiceView } from './search.service.js';

/**
 * Server-rendered pages of the public directory (/ressources, /en/resources): plain HTML, no inline
 * script or style, no cookie, both languages, a quick exit on every page. Only the public subset of the
 * directory reaches them, and never a confidential place's address or city.
 */

type Catalogue = Record<string, unknown>;
const catalogues: Record<Locale, Catalogue> = {
  'fr-CA': JSON.parse(
    readFileSync(new URL('../../../../locales/fr-CA/public.resources.json', import.meta.url), 'utf8'),
  ),
  'en-CA': JSON.parse(
    readFileSync(new URL('../../../../locales/en-CA/public.resources.json', import.meta.url), 'utf8'),
  ),
};

/** Translates a key of the public directory's catalogue, with `{{name}}` parameters. */
export function rt(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  let value: unknown = catalogues[locale];
  for (const part of key.split('.')) value = (value as Catalogue | undefined)?.[part];
  if (typeof value !== 'string') return key;
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The public addresses of each language. */
export const DIRECTORY_PATHS: Record<Locale, string> = {
  'fr-CA': '/ressources',
  'en-CA': '/en/resources',
};
export const DIRECTORY_CSS = '/ressources/ressources.css';
export const DIRECTORY_JS = '/ressources/ressources.js';

function other(locale: Locale): Locale {
  return locale === 'fr-CA' ? 'en-CA' : 'fr-CA';
}

/** The search as the form sent it, kept to fill the form again. */
export interface SearchForm {
  q: string;
  taxonomy: string[];
  audience: string;
  age: string;
  region: string;
  openNow: boolean;
  page: number;
}

/** A problem with a field of the search form, already translated. */
export interface FormProblem {
  field: keyof SearchForm | null;
  message: string;
}

/** The query string that asks for this search (and page) again. */
export function searchQueryString(form: SearchForm, page = form.page): string {
  const params = new URLSearchParams();
  if (form.q) params.set('q', form.q);
  for (const taxonomy of form.taxonomy) params.append('taxonomy', taxonomy);
  if (form.audience) params.set('audience', form.audience);
  if (form.age) params.set('age', form.age);
  if (form.region) params.set('region', form.region);
  if (form.openNow) params.set('openNow', '1');
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function layout(locale: Locale, title: string, body: SafeHtml, otherPath: string): string {
  const t = (key: string) => rt(locale, key);
  const alt = other(locale);
  return publicPage({
    locale,
    lang: t('lang'),
    title,
    siteName: t('siteName'),
    prefix: 'res',
    css: DIRECTORY_CSS,
    js: DIRECTORY_JS,
    referrer: 'no-referrer',
    skip: t('skip'),
    otherLanguage: { href: otherPath, lang: rt(alt, 'lang'), label: t('otherLanguage') },
    quickExit: t('quickExit'),
    quickExitHint: t('quickExitHint'),
    lead: t('emergency'),
    body,
  });
}

function ages(locale: Locale, min: number | null, max: number | null): string {
  if (min !== null && max !== null) return rt(locale, 'service.agesRange', { min, max });
  if (min !== null) return rt(locale, 'service.agesFrom', { min });
  if (max !== null) return rt(locale, 'service.agesTo', { max });
  return rt(locale, 'service.agesAll');
}

function languages(locale: Locale, codes: readonly string[]): string {
  return codes
    .map((code) => {
      const label = rt(locale, `languages.${code}`);
      return label === `languages.${code}` ? code : label;
    })
    .join(', ');
}

function openState(locale: Locale, service: ServiceSummary): SafeHtml {
  if (service.status === 'temporarily closed') {
    return html`<p class="res-badge res-badge-closed">${rt(locale, 'service.temporarilyClosed')}</p>`;
  }
  if (service.openNow === true)
    return html`<p class="res-badge res-badge-open">${rt(locale, 'service.openNow')}</p>`;
  if (service.openNow === false) return html`<p class="res-badge">${rt(locale, 'service.closedNow')}</p>`;
  return html``;
}

function facts(locale: Locale, service: ServiceSummary): SafeHtml {
  const t = (key: string) => rt(locale, key);
  return html`<dl class="res-facts">
<div><dt>${t('service.taxonomy')}</dt><dd>${service.taxonomy.map((code) => t(`taxonomy.${code}`)).join(', ') || '—'}</dd></div>
<div><dt>${t('service.audiences')}</dt><dd>${service.audiences.map((code) => t(`audiences.${code}`)).join(', ') || '—'}</dd></div>
<div><dt>${t('service.ages')}</dt><dd>${ages(locale, service.minAge, service.maxAge)}</dd></div>
<div><dt>${t('service.languages')}</dt><dd>${languages(locale, service.languages) || '—'}</dd></div>
${service.cities.length > 0 ? html`<div><dt>${t('service.cities')}</dt><dd>${service.cities.join(', ')}</dd></div>` : ''}
</dl>`;
}

function errorSummary(locale: Locale, problems: readonly FormProblem[]): SafeHtml {
  if (problems.length === 0) return html``;
  const items = problems.map((p) =>
    p.field ? html`<li><a href="#field-${p.field}">${p.message}</a></li>` : html`<li>${p.message}</li>`,
  );
  return html`<div class="res-errors" role="alert" tabindex="-1"><h2>${rt(locale, 'errors.title')}</h2><ul>${items}</ul></div>`;
}

function fieldError(problems: readonly FormProblem[], field: keyof SearchForm): SafeHtml {
  const problem = problems.find((p) => p.field === field);
  return problem ? html`<p class="res-error" id="field-${field}-error">${problem.message}</p>` : html``;
}

function invalid(problems: readonly FormProblem[], field: keyof SearchForm): SafeHtml {
  return problems.some((p) => p.field === field)
    ? html` aria-invalid="true" aria-describedby="field-${field}-error"`
    : html``;
}

function searchFormHtml(locale: Locale, form: SearchForm, problems: readonly FormProblem[]): SafeHtml {
  const t = (key: string) => rt(locale, key);
  const taxonomy = RESOURCE_TAXONOMY.map(
    (code, index) => html`<div class="res-choice">
<input type="checkbox" id="${index === 0 ? 'field-taxonomy' : `field-taxonomy-${code}`}" name="taxonomy" value="${code}"${form.taxonomy.includes(code) ? ' checked' : ''}>
<label for="${index === 0 ? 'field-taxonomy' : `field-taxonomy-${code}`}">${t(`taxonomy.${code}`)}</label>
</div>`,
  );
  const audiences = RESOURCE_AUDIENCES.map(
    (code) =>
      html`<option value="${code}"${form.audience === code ? ' selected' : ''}>${t(`audiences.${code}`)}</option>`,
  );
  return html`<search>
<form method="get" action="${DIRECTORY_PATHS[locale]}" class="res-form" novalidate>
<h2>${t('search.formTitle')}</h2>
<div class="res-field">
<label for="field-q">${t('search.q')}</label>
<p class="res-hint" id="field-q-hint">${t('search.qHint')}</p>
${fieldError(problems, 'q')}
<input type="search" id="field-q" name="q" value="${form.q}" maxlength="200" aria-describedby="field-q-hint"${problems.some((p) => p.field === 'q') ? html` aria-invalid="true"` : ''}>
</div>
<fieldset class="res-taxonomy">
<legend>${t('search.taxonomy')}</legend>
${fieldError(problems, 'taxonomy')}
${joinHtml(taxonomy, '\n')}
</fieldset>
<div class="res-field">
<label for="field-audience">${t('search.audience')}</label>
${fieldError(problems, 'audience')}
<select id="field-audience" name="audience"${invalid(problems, 'audience')}>
<option value="">${t('search.anyAudience')}</option>
${joinHtml(audiences, '\n')}
</select>
</div>
<div class="res-field">
<label for="field-age">${t('search.age')}</label>
<p class="res-hint" id="field-age-hint">${t('search.ageHint')}</p>
${fieldError(problems, 'age')}
<input type="text" inputmode="numeric" id="field-age" name="age" value="${form.age}" maxlength="3" class="res-short" aria-describedby="field-age-hint${problems.some((p) => p.field === 'age') ? ' field-age-error' : ''}"${problems.some((p) => p.field === 'age') ? html` aria-invalid="true"` : ''}>
</div>
<div class="res-field">
<label for="field-region">${t('search.region')}</label>
<p class="res-hint" id="field-region-hint">${t('search.regionHint')}</p>
${fieldError(problems, 'region')}
<input type="text" id="field-region" name="region" value="${form.region}" maxlength="200" aria-describedby="field-region-hint"${problems.some((p) => p.field === 'region') ? html` aria-invalid="true"` : ''}>
</div>
<div class="res-choice">
<input type="checkbox" id="field-openNow" name="openNow" value="1"${form.openNow ? ' checked' : ''}>
<label for="field-openNow">${t('search.openNow')}</label>
</div>
<p class="res-actions"><button type="submit" class="res-button">${t('search.submit')}</button>
<a href="${DIRECTORY_PATHS[locale]}">${t('search.reset')}</a></p>
</form>
</search>`;
}

function resultItem(locale: Locale, service: ServiceSummary): SafeHtml {
  return html`<li class="res-result">
<h3><a href="${DIRECTORY_PATHS[locale]}/${service.id}">${service.name}</a></h3>
<p class="res-organisation">${rt(locale, 'service.organisation')} ${service.organisationName}</p>
${openState(locale, service)}
<p>${service.description.length > 300 ? `${service.description.slice(0, 297)}…` : service.description}</p>
${facts(locale, service)}
</li>`;
}

function pagination(locale: Locale, form: SearchForm, total: number, pageSize: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return html``;
  const base = DIRECTORY_PATHS[locale];
  return html`<nav class="res-pages" aria-label="${rt(locale, 'search.pagination')}">
${form.page > 1 ? html`<a href="${base}${searchQueryString(form, form.page - 1)}">${rt(locale, 'search.previous')}</a>` : ''}
<span>${rt(locale, 'search.page', { page: form.page, pages })}</span>
${form.page < pages ? html`<a href="${base}${searchQueryString(form, form.page + 1)}">${rt(locale, 'search.next')}</a>` : ''}
</nav>`;
}

/** The search page: the form, then the results (or the problems with what was asked). */
export function renderSearch(
  locale: Locale,
  options: {
    form: SearchForm;
    result: ServiceSearchResult | null;
    problems?: FormProblem[];
    pageSize: number;
  },
): string {
  const t = (key: string, params?: Record<string, string | number>) => rt(locale, key, params);
  const problems = options.problems ?? [];
  const result = options.result;
  const results = result
    ? html`<section class="res-results" aria-labelledby="results-title">
<h2 id="results-title">${t('search.results')}</h2>
<p role="status">${t(result.total === 1 ? 'search.total_one' : 'search.total_other', { count: result.total })}</p>
${result.items.length === 0 ? html`<p>${t('search.none')}</p>` : html`<ol class="res-list">${result.items.map((s) => resultItem(locale, s))}</ol>`}
${pagination(locale, options.form, result.total, options.pageSize)}
</section>`
    : html``;
  const body = html`<h1>${t('search.title')}</h1>
<p>${t('search.lead')}</p>
${errorSummary(locale, problems)}
${searchFormHtml(locale, options.form, problems)}
${results}`;
  return layout(
    locale,
    t('search.title'),
    body,
    `${DIRECTORY_PATHS[other(locale)]}${searchQueryString(options.form)}`,
  );
}

/** A service of the public directory: what it offers, for whom, how to reach it. */
export function renderService(locale: Locale, view: PublicServiceView): string {
  const t = (key: string, params?: Record<string, string | number>) => rt(locale, key, params);
  const service = view.summary;
  const phones = view.phones.map(
    (phone) => html`<li><span class="res-phone-kind">${t(`service.phoneKinds.${phone.kind}`)}</span>
<a href="tel:${phone.number.replace(/[^0-9+]/g, '')}">${phone.number}</a>${phone.extension !== null ? html` ${t('service.extension', { extension: phone.extension })}` : ''}${phone.description ? html` — ${phone.description}` : ''}</li>`,
  );
  const schedules = view.schedules.map(
    (h) =>
      html`<li>${t(`weekdays.${h.weekday}`)} ${h.opensAt} – ${h.closesAt}${h.city ? html` (${t('service.scheduleAt', { city: h.city })})` : ''}${h.note ? html` — ${h.note}` : ''}</li>`,
  );
  const body = html`<p><a href="${DIRECTORY_PATHS[locale]}">${t('service.back')}</a></p>
<h1>${service.name}</h1>
<p class="res-organisation">${t('service.organisation')} ${service.organisationName}</p>
${openState(locale, service)}
<p class="res-description">${service.description}</p>
${facts(locale, service)}
${view.eligibility ? html`<h2>${t('service.eligibility')}</h2><p>${view.eligibility}</p>` : ''}
${view.application ? html`<h2>${t('service.application')}</h2><p>${view.application}</p>` : ''}
<h2>${t('service.fees')}</h2><p>${view.free ? t('service.free') : (view.fees ?? '—')}</p>
${view.phones.length > 0 ? html`<h2>${t('service.phones')}</h2><ul class="res-phones">${phones}</ul>` : ''}
${
  view.frontGates.length > 0
    ? html`<section class="res-front-gate" aria-labelledby="front-gate-title"><h2 id="front-gate-title">${t('service.frontGate')}</h2>
<p class="res-hint">${t('service.frontGateHint')}</p>
${view.frontGates.map((gate) => html`<p>${gate}</p>`)}</section>`
    : ''
}
<h2>${t('service.schedules')}</h2>
${
  service.openNow === true && view.schedules.length === 0
    ? html`<p>${t('service.alwaysOpen')}</p>`
    : view.schedules.length > 0
      ? html`<ul class="res-schedules">${schedules}</ul>`
      : html`<p>—</p>`
}
${view.url || view.email ? html`<ul class="res-links">${view.url && /^https?:\/\//i.test(view.url) ? html`<li><a href="${view.url}" rel="noreferrer noopener">${t('service.website')}</a></li>` : ''}${view.email ? html`<li>${t('service.email')} ${view.email}</li>` : ''}</ul>` : ''}`;
  return layout(locale, service.name, body, `${DIRECTORY_PATHS[other(locale)]}/${service.id}`);
}

/** A page that says what went wrong (unknown service, too many searches, database away). */
export function renderProblem(locale: Locale, title: string, message: string): string {
  const body = html`<h1>${title}</h1>
<p>${message}</p>
<p><a href="${DIRECTORY_PATHS[locale]}">${rt(locale, 'service.back')}</a></p>`;
  return layout(locale, title, body, DIRECTORY_PATHS[other(locale)]);
}
