import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { MAX_PASSWORD_LENGTH } from '../../../shared/contracts/auth.js';
import type { FieldProblem } from '../errors.js';

export { MAX_PASSWORD_LENGTH };
export const MIN_PASSWORD_LENGTH = 12;

// OWASP's argon2id baseline: 19 MiB, two passes, one lane (about 100-200 ms here per hash).
// Algorithm 2 is argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

let commonPasswords: Set<string> | null = null;

/** The shipped list of common passwords (lower case), loaded once. */
export function commonPasswordList(): Set<string> {
  if (!commonPasswords) {
    const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    commonPasswords = new Set(
      text
        .split('\n')
        .map((line) => line.trim().toLowerCase())
        .filter((line) => line && !line.startsWith('#')),
    );
  }
  return commonPasswords;
}

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Checks a new password against the rules: 12 to 256 characters, not a common password (also with
 * digits or symbols added at the ends, or a repeated character), and not built on the person's own
 * name or e-mail. Returns the problems (field `password`), empty when the password is acceptable.
 */
export function passwordProblems(
  password: string,
  personal: { email?: string; givenName?: string; familyName?: string } = {},
  field = 'password',
): FieldProblem[] {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return [{ field, rule: 'password_too_short', params: { min: MIN_PASSWORD_LENGTH } }];
  if (length > MAX_PASSWORD_LENGTH)
    return [{ field, rule: 'too_long', params: { max: MAX_PASSWORD_LENGTH } }];
  const folded = fold(password);
  const core = folded.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const list = commonPasswordList();
  if (
    list.has(folded) ||
    (core.length >= 4 && list.has(core)) ||
    /^(.)\1+$/.test(folded) ||
    /^(..?.?)\1+$/.test(folded)
  ) {
    return [{ field, rule: 'password_common' }];
  }
  const personalParts = [personal.email?.split('@')[0], personal.givenName, personal.familyName]
    .filter((part): part is string => Boolean(part))
    .flatMap((part) => fold(part).split(/[^a-z0-9]+/))
    .filter((part) => part.length >= 4);
  // Once the personal words are taken out, what is left must still be a password of its own.
  const rest = personalParts.reduce((text, part) => text.split(part).join(''), folded);
  if (rest !== folded && rest.replace(/[^a-z0-9]/g, '').length < 8) {
    return [{ field, rule: 'password_personal' }];
  }
  return [];
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Verifies without throwing on a malformed stored hash (returns false). */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** A hash to verify against for unknown e-mails, so they cost the same time as a wrong password. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`filet-dummy-${Math.random()}`);
  return dummyHash;
}
