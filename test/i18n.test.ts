import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}

function catalogue(locale: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../locales/${locale}/${name}.json`, import.meta.url), 'utf8'));
}

const catalogues = readdirSync(new URL('../locales/fr-CA/', import.meta.url))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));

describe('catalogue files', () => {
  it('exist in both languages', () => {
    const english = readdirSync(new URL('../locales/en-CA/', import.meta.url)).filter((f) =>
      f.endsWith('.json'),
    );
    expect(english.sort()).toEqual(catalogues.map((c) => `${c}.json`).sort());
    expect(catalogues).toEqual(expect.arrayContaining(['server', 'web']));
  });
});

describe.each(catalogues)('the %s catalogue', (name) => {
  const fr = catalogue('fr-CA', name);
  const en = catalogue('en-CA', name);

  it('has the same keys in French and English', () => {
    const frKeys = keys(fr).sort();
    const enKeys = keys(en).sort();
    expect(
      frKeys.filter((k) => !enKeys.includes(k)),
      'keys only in fr-CA',
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !frKeys.includes(k)),
      'keys only in en-CA',
    ).toEqual([]);
  });

  it('has no empty message and no message left untranslated', () => {
    const flat = (value: unknown, prefix = ''): Array<[string, string]> =>
      value !== null && typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
            flat(v, prefix ? `${prefix}.${k}` : k),
          )
        : [[prefix, String(value)]];
    const enMap = new Map(flat(en));
    for (const [key, text] of flat(fr)) {
      expect(text.trim(), `${key} is empty`).not.toBe('');
      expect(enMap.get(key)?.trim(), `${key} is empty in en-CA`).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const flat = (value: unknown, prefix = ''): Array<[string, string]> =>
      value !== null && typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
            flat(v, prefix ? `${prefix}.${k}` : k),
          )
        : [[prefix, String(value)]];
    const enMap = new Map(flat(en));
    for (const [key, text] of flat(fr)) {
      expect(placeholders(enMap.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
});
