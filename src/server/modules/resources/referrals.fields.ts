import { registerEncryptedField } from '../../platform/crypto/rotate.js';

/** Sealing contexts of the referrals' encrypted columns: a value only opens under its own row. */
export const identityContext = (subjectId: string) => `referral_subjects.identity:${subjectId}`;
export const justificationContext = (consentId: string) => `referral_consents.justification:${consentId}`;
export const disclosedContext = (referralId: string) => `referrals.disclosed:${referralId}`;
export const noteContext = (eventId: string) => `referral_events.note:${eventId}`;

// Registered for key rotation: every sealed column of the referrals.
registerEncryptedField({
  table: 'referral_subjects',
  idColumn: 'id',
  column: 'sealed_identity',
  context: identityContext,
});
registerEncryptedField({
  table: 'referral_consents',
  idColumn: 'id',
  column: 'sealed_justification',
  context: justificationContext,
});
registerEncryptedField({
  table: 'referrals',
  idColumn: 'id',
  column: 'sealed_disclosed',
  context: disclosedContext,
});
registerEncryptedField({
  table: 'referral_events',
  idColumn: 'id',
  column: 'sealed_note',
  context: noteContext,
});
