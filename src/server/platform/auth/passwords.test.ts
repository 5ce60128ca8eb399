import { describe, expect, it } from 'vitest';
import { commonPasswordList, hashPassword, passwordProblems, verifyPassword } from './passwords.js';

const rules = (password: string, personal = {}) => passwordProblems(password, personal).map((p) => p.rule);

describe('password rules', () => {
  it('requires twelve characters, counted as characters rather than bytes', () => {
    expect(rules('Court-1!')).toEqual(['password_too_short']);
    expect(rules('Éléphant-bleu')).toEqual([]);
    expect(rules('ééééé-àààà-ç')).toEqual([]);
  });

  it('refuses common passwords, also with digits or symbols around them and in capitals', () => {
    expect(commonPasswordList().size).toBeGreaterThan(400);
    expect(rules('motdepasse123')).toEqual(['password_common']);
    expect(rules('!!Soleil2024!!')).toEqual(['password_common']);
    expect(rules('QWERTYUIOP123')).toEqual(['password_common']);
    expect(rules('123456789012')).toEqual(['password_common']);
    expect(rules('aaaaaaaaaaaaaa')).toEqual(['password_common']);
    expect(rules('abcabcabcabc')).toEqual(['password_common']);
  });

  it('refuses a password built on the person’s own name or e-mail', () => {
    expect(rules('Tremblay-Julie-1', { givenName: 'Julie', familyName: 'Tremblay' })).toEqual([
      'password_personal',
    ]);
    expect(rules('jtremblay2026!!', { email: 'jtremblay@cjtl.test' })).toEqual(['password_personal']);
    expect(rules('Riviere-violette-sous-la-pluie', { givenName: 'Julie', familyName: 'Tremblay' })).toEqual(
      [],
    );
  });

  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('Une-phrase-de-passe-longue');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'Une-phrase-de-passe-longue')).toBe(true);
    expect(await verifyPassword(hash, 'une-phrase-de-passe-longue')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
