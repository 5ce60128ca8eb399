import { KeyringError } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';

/**
 * What the alerts module seals: the content of a profile and of an alert, how a value is sealed and
 * opened, and the keyring context binding each sealed column to its row (alerts.fields.ts registers
 * the same contexts for key rotation).
 */

/** The personal content of a profile (decrypted form). */
export interface ProfileContent {
  givenName: string;
  familyName: string;
  usualNames: string[];
  dateOfBirth: string | null;
  description: string;
  phones: string[];
  socialHandles: string[];
  associates: string;
  places: string;
  pastEpisodes: string;
  medicalNeeds: string;
  exploitationRisks: string;
  sharingBasis: string;
}

/** What an alert carries: a snapshot of the profile's shareable fields and the circumstances. */
export type AlertContent = Partial<Omit<ProfileContent, 'sharingBasis'>> & {
  lastSeenPlace?: string;
  clothing?: string;
  circumstances?: string;
  immediateRisks?: string;
};

export function seal(platform: Platform, value: string, context: string): string {
  return platform.keyring.encrypt(value, context);
}

export function unseal(platform: Platform, value: string, context: string): string {
  try {
    return platform.keyring.decrypt(value, context);
  } catch (error) {
    if (error instanceof KeyringError) throw new AppError('internal', 500, { cause: error });
    throw error;
  }
}

export const profileContext = (id: string) => `alert_profiles.content:${id}`;
export const archiveNoteContext = (id: string) => `alert_profiles.archive_note:${id}`;
export const alertContext = (id: string) => `alerts.content:${id}`;
export const eventContext = (id: string) => `alert_events.body:${id}`;
export const interviewContext = (id: string) => `alert_return_interviews.outcome:${id}`;
export const justificationContext = (id: string) => `alert_disclosures.justification:${id}`;
