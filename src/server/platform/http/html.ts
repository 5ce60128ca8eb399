import type { Locale } from '../../../shared/roles.js';
/**
 * HTML for the server-rendered public pages (tip line, training links), escaped by default: every
 * value put into an `html` template is escaped unless it is itself HTML from a template, or a trusted
 * fragment marked with `raw`. A forgotten escape can then no longer open a page to injected markup.
 */

/** A piece of HTML that may be inserted as it is: made by `html`, `raw` or `joinHtml`. */
export class SafeHtml {
  constructor(private readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template accepts: text (escaped), numbers, HTML, nothing (false, null, undefined) or lists of these. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

/** Text made fit for an element's content or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

/**
 * The template tag: the literal parts are kept, every interpolated value is escaped unless it is
 * `SafeHtml`; lists are rendered one after the other.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks a trusted fragment (written by Filet, never by a visitor) as HTML to insert unescaped. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** Fragments one after the other with a separator between them, e.g. one per line. */
export function joinHtml(fragments: readonly HtmlValue[], separator: string): SafeHtml {
  return new SafeHtml(fragments.map(render).join(separator));
}

/**
 * The neutral sites a public page's quick exit leaves for (tip line, public directory): a weather site
 * in the reader's language, which a person watching the screen would not remark on.
 */
export const QUICK_EXIT: Readonly<Record<Locale, string>> = {
  'fr-CA': 'https://www.meteomedia.com/',
  'en-CA': 'https://www.theweathernetwork.com/',
};

/** What a public page's shell needs from the module that renders it (the tip line, the directory). */
export interface PublicPageShell {
  locale: Locale;
  /** The `lang` attribute of the page. */
  lang: string;
  title: string;
  siteName: string;
  /** Class prefix of the module's public style sheet (`tips`, `res`). */
  prefix: string;
  css: string;
  js: string;
  /** `no-referrer` for pages whose address must not travel; `same-origin` where a form posts back. */
  referrer: 'no-referrer' | 'same-origin';
  /** Keep the page out of search engines (the tip line). */
  noindex?: boolean;
  skip: string;
  otherLanguage: { href: string; lang: string; label: string };
  quickExit: string;
  quickExitHint: string;
  /** A line shown above the page's content (the directory's emergency numbers). */
  lead?: string;
  body: SafeHtml;
}

/**
 * The shell of Filet's public pages: no cookie, no tracking, a skip link, the other language, and the
 * quick exit to a neutral site (the module's script makes it also replace the history entry).
 */
export function publicPage(page: PublicPageShell): string {
  const p = page.prefix;
  return html`<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${page.referrer}">
${page.noindex ? html`<meta name="robots" content="noindex">\n` : ''}<title>${page.title} — ${page.siteName}</title>
<link rel="stylesheet" href="${page.css}">
<script src="${page.js}" defer></script>
</head>
<body>
<a class="${p}-skip" href="#main">${page.skip}</a>
<header class="${p}-header">
<p class="${p}-site">${page.siteName}</p>
<nav class="${p}-tools" aria-label="${page.siteName}">
<a class="${p}-lang" href="${page.otherLanguage.href}" lang="${page.otherLanguage.lang}">${page.otherLanguage.label}</a>
<a class="${p}-exit" data-quick-exit href="${QUICK_EXIT[page.locale]}" rel="noreferrer noopener">${page.quickExit}</a>
</nav>
</header>
<main id="main" class="${p}-main">
${page.lead ? html`<p class="${p}-emergency">${page.lead}</p>\n` : ''}${page.body}
</main>
<footer class="${p}-footer"><p>${page.quickExitHint}</p></footer>
</body>
</html>
`.toString();
}
