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
