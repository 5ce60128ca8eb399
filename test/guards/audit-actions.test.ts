import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  currentAuditAction,
  LEGACY_AUDIT_ACTIONS,
  recordedNamesFor,
} from '../../src/shared/contracts/audit-actions.js';

/**
 * The audit actions' catalogue. That every action the code writes is in it, the type of
 * `AuditEvent.action` checks at compile time; these check the catalogue itself and its labels.
 */
const labels = (locale: string) =>
  JSON.parse(
    readFileSync(new URL(`../../locales/${locale}/web.audit-actions.json`, import.meta.url), 'utf8'),
  );

function label(catalogue: Record<string, unknown>, action: string): unknown {
  return action
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], catalogue);
}

describe('audit actions', () => {
  it('names every action module.noun.verb, once', () => {
    expect(AUDIT_ACTIONS.filter((a) => !/^[a-z]+\.[a-z_]+\.[a-z_]+$/.test(a))).toEqual([]);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });

  it('maps every older name to an action of the catalogue, and no older name is a name of today', () => {
    const today = new Set<string>(AUDIT_ACTIONS);
    expect(Object.values(LEGACY_AUDIT_ACTIONS).filter((a) => !today.has(a))).toEqual([]);
    expect(Object.keys(LEGACY_AUDIT_ACTIONS).filter((a) => today.has(a))).toEqual([]);
    expect(currentAuditAction('person.invite')).toBe('accounts.person.invite');
    expect(currentAuditAction('accounts.person.invite')).toBe('accounts.person.invite');
    expect(currentAuditAction('a.name.nobody.wrote')).toBe('a.name.nobody.wrote');
    expect(recordedNamesFor('accounts.person.')).toEqual(
      expect.arrayContaining(['person.invite', 'person.update', 'person.roles', 'person.mfa.reset']),
    );
    expect(recordedNamesFor('accounts.person.')).not.toContain('organisation.create');
  });

  it('gives every action a label in French and in English, and no label to an unknown action', () => {
    for (const locale of ['fr-CA', 'en-CA']) {
      const catalogue = labels(locale);
      expect(
        AUDIT_ACTIONS.filter((a) => typeof label(catalogue, a) !== 'string' || !label(catalogue, a)),
        locale,
      ).toEqual([]);
      const leaves: string[] = [];
      for (const [area, nouns] of Object.entries(
        catalogue as Record<string, Record<string, Record<string, string>>>,
      )) {
        for (const [noun, verbs] of Object.entries(nouns)) {
          for (const verb of Object.keys(verbs)) leaves.push(`${area}.${noun}.${verb}`);
        }
      }
      expect(
        leaves.filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a)),
        locale,
      ).toEqual([]);
    }
  });
});
