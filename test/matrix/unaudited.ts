/**
 * Mutating routes that may answer 2xx without writing to the audit log, each with why. Every other
 * POST, PUT, PATCH and DELETE the policy matrix walks must add an entry to the journal when it succeeds.
 */
export const UNAUDITED: Record<string, string> = {
  // A person's own inbox: the read mark changes nothing anyone else sees and records no act on a file.
  // (A read receipt others rely on, such as an announcement's, is audited.)
  'POST /api/notifications/:id/read': 'marks one of my in-app notifications read',
  'POST /api/notifications/read-all': 'marks all my in-app notifications read',
};
