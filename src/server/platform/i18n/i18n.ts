import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type i18n as I18n } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../../shared/roles.js';

const catalogueDir = new URL('../../../../locales/', import.meta.url);

function load(locale: Locale, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${locale}/${name}.json`, catalogueDir), 'utf8'));
}

type Catalogue = Record<string, unknown>;

function isCatalogue(value: unknown): value is Catalogue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `extra` into `base` (nested objects merged, a key defined twice with text is an error). */
function mergeCatalogue(base: Catalogue, extra: Catalogue, file: string): Catalogue {
  const merged: Catalogue = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = merged[key];
    if (existing === undefined) merged[key] = value;
    else if (isCatalogue(existing) && isCatalogue(value)) merged[key] = mergeCatalogue(existing, value, file);
    else throw new Error(`${file}: message key "${key}" is already defined`);
  }
  return merged;
}

/**
 * `server.json` plus the modules' own `server.<module>.json` files, merged: a module adds its
 * validation rules, field names and e-mails without editing the shared catalogue.
 */
function loadServerCatalogue(locale: Locale): Catalogue {
  let catalogue = load(locale, 'server');
  const files = readdirSync(new URL(`${locale}/`, catalogueDir))
    .filter((file) => /^server\.[a-z-]+\.json$/.test(file))
    .sort();
  for (const file of files) catalogue = mergeCatalogue(catalogue, load(locale, file.slice(0, -5)), file);
  return catalogue;
}

let instance: I18n | null = null;

/** The server's translator over `locales/<locale>/server.json` and `server.<module>.json`; loaded once. */
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
    resources: Object.fromEntries(LOCALES.map((l) => [l, { server: loadServerCatalogue(l) }])),
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
