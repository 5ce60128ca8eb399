import { registerEncryptedField } from '../../platform/crypto/rotate.js';

/** The context a confidential location's street address is sealed under. */
export function addressContext(locationId: string): string {
  return `resource_locations.address:${locationId}`;
}

/**
 * The encrypted column of the resources module, registered for key rotation: a confidential location's
 * street address and coordinates, sealed JSON.
 */
registerEncryptedField({
  table: 'resource_locations',
  idColumn: 'id',
  column: 'sealed_address',
  context: addressContext,
});
