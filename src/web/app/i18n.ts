import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../../locales/en-CA/web.json';
import fr from '../../../locales/fr-CA/web.json';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../shared/roles';

const STORAGE_KEY = 'filet.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    // Storage can be refused (private browsing, policy): French is the default.
  }
  return DEFAULT_LOCALE;
}

type Catalogue = Record<string, unknown>;

// Each capability module keeps its messages in `locales/<locale>/web.<module>.json`, merged under the
// key `<module>`, so modules never edit the same catalogue file.
const moduleCatalogues = import.meta.glob<Catalogue>('../../../locales/*/web.*.json', {
  eager: true,
  import: 'default',
});

function withModules(locale: Locale, base: Catalogue): Catalogue {
  const merged: Catalogue = { ...base };
  for (const [file, catalogue] of Object.entries(moduleCatalogues)) {
    const match = /locales\/([^/]+)\/web\.([a-z-]+)\.json$/.exec(file);
    if (match?.[1] === locale && match[2]) merged[match[2]] = catalogue;
  }
  return merged;
}

/** The web app's translator over `locales/<locale>/web.json` and the modules' catalogues; all bundled. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  initAsync: false,
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  ns: ['web'],
  defaultNS: 'web',
  resources: { 'fr-CA': { web: withModules('fr-CA', fr) }, 'en-CA': { web: withModules('en-CA', en) } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** Switches the interface at once and remembers the choice in this browser. */
export async function applyLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, still applied.
  }
  if (currentLocale() !== locale) await i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}
