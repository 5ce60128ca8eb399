import { registerEncryptedField } from '../../platform/crypto/rotate.js';

/** Sealing contexts of the consultations' encrypted columns: a value only opens under its own row. */
export const textsContext = (consultationId: string) => `consultations.texts:${consultationId}`;
export const summaryContext = (consultationId: string) => `consultations.summary:${consultationId}`;
export const messageContext = (messageId: string) => `consultation_messages.body:${messageId}`;

// Registered for key rotation: every sealed column of the consultations.
registerEncryptedField({
  table: 'consultations',
  idColumn: 'id',
  column: 'sealed_texts',
  context: textsContext,
});
registerEncryptedField({
  table: 'consultations',
  idColumn: 'id',
  column: 'sealed_summary',
  context: summaryContext,
});
registerEncryptedField({
  table: 'consultation_messages',
  idColumn: 'id',
  column: 'sealed_body',
  context: messageContext,
});
