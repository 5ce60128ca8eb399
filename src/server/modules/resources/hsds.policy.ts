import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * Who may take the directory out as Open Referral (HSDS 3.0). The public subset is public (no
 * session); every entry — private, inactive and defunct ones included — goes only to the table
 * coordination, which answers for the directory as a whole.
 */
export function canExportFullDirectory(actor: Actor): boolean {
  return hasRole(actor, 'table_coordinator');
}

/**
 * Who may import an Open Referral file into the directory: the table coordination only, which keeps
 * what the import creates (a partner's entries are never overwritten by it).
 */
export function canImportDirectory(actor: Actor): boolean {
  return hasRole(actor, 'table_coordinator');
}
