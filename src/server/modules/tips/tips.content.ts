import { KeyringError } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';

/** A tip's account as the tipster gave it, and the opening of the tip line's sealed values. */

/** The account of a tip: the facts (required) and the what/who/where/when/how answers. */
export interface TipContent {
  facts: string;
  who?: string | undefined;
  where?: string | undefined;
  when?: string | undefined;
  how?: string | undefined;
  /** Online channels: links, platforms, user names and dates (never images). */
  online?: string | undefined;
  /** Answers to the channel's own questions (tips.questions.ts), by question key. */
  answers?: Record<string, string> | undefined;
}

/** Opens a sealed value of the tip line; a key that cannot open it is an internal error (500). */
export function unseal(platform: Platform, value: string, context: string): string {
  try {
    return platform.keyring.decrypt(value, context);
  } catch (error) {
    if (error instanceof KeyringError) throw new AppError('internal', 500, { cause: error });
    throw error;
  }
}
