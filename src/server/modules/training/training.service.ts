/**
 * The training use cases the server-rendered public pages call: certificate verification, and what
 * outside professionals do without an account (register through an invitation, cancel, answer a seat
 * offer, download their certificate). Each lives in the file of its use case; the staff API calls those
 * files directly.
 */

export { type VerifiedCertificate, verifyCertificate } from './completions.service.js';
export { type InvitedInput, invitationSession, registerInvited } from './invitations.service.js';
export {
  answerOutsideOffer,
  cancelOutsideRegistration,
  type OutsideOffer,
  outsideCancellation,
  outsideCertificateFile,
  outsideOffer,
} from './outside-links.service.js';
