import { registerEncryptedField } from '../../platform/crypto/rotate.js';

/** Sealing context of an observation's free text: it only opens under its own row. */
export const observationTextContext = (observationId: string) => `observations.text:${observationId}`;

// Registered for key rotation.
registerEncryptedField({
  table: 'observations',
  idColumn: 'id',
  column: 'sealed_text',
  context: observationTextContext,
});
