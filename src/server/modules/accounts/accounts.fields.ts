import { registerEncryptedField } from '../../platform/crypto/rotate.js';

/**
 * The encrypted column of the accounts module, registered for key rotation: an administrator's written
 * justification of an emergency access may name the case it was opened for. The context matches
 * emergency.service.ts.
 */
registerEncryptedField({
  table: 'emergency_access',
  idColumn: 'id',
  column: 'justification',
  context: (id: string) => `emergency_access.justification:${id}`,
});
