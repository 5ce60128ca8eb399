import { readFileSync } from 'node:fs';
import i18next, { type i18n as I18n } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../../shared/roles.js';

const catalogueDir = new URL('../../../../locales/', import.meta.url);

function load(locale: Locale, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${locale}/${name}.json`, catalogueDir), 'utf8'));
}

let instance: I18n | null = null;

/** The server's translator over `locales/<locale>/server.json`; loaded once, synchronously. */
export function serverI18n(): I18n {
  if (instance) return instance;
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    ns: ['server'],
    defaultNS: 'server',
    resources: Object.fromEntries(LOCALES.map((l) => [l, { server: load(l, 'server') }])),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = created;
  return created;
}

/** Translates a server message key. Missing keys fall back to French, never to the raw key in production. */
export function t(locale: Locale, key: string, params?: Record<string, unknown>): string {
  return serverI18n().getFixedT(locale)(key, params ?? {}) as string;
}

export function hasKey(locale: Locale, key: string): boolean {
  return serverI18n().exists(key, { lng: locale, fallbackLng: false });
}

/** Picks the best supported locale from an Accept-Language header; French by default. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('fr')) return 'fr-CA';
    if (tag.startsWith('en')) return 'en-CA';
  }
  return DEFAULT_LOCALE;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
