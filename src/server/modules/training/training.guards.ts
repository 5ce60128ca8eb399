import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors } from '../../platform/errors.js';
import * as registrationRepo from './registration.repository.js';
import * as sessionRepo from './sessions.repository.js';
import { canRunSession, viewerOf } from './training.policy.js';

/**
 * Checks made before acting on a session or a registration: the record exists and the actor may act on
 * it (refused as absent otherwise), and it is still in the state the request expects.
 */

/** A session its trainers or the table may run. Throws not_found, forbidden. */
export async function runnableSession(
  db: Executor,
  actor: Actor,
  id: string,
): Promise<sessionRepo.SessionRow> {
  const session = await sessionRepo.findSession(db, id);
  if (!session) throw Errors.notFound();
  authorize(canRunSession(viewerOf(actor), { trainerIds: session.trainer_ids }));
  return session;
}

/**
 * A registration its holder, the session's trainers or the table may act on, read again after its
 * session's row lock is taken (call inside the transaction that acts). Throws not_found, forbidden.
 */
export async function ownedRegistration(
  trx: Transaction<DB>,
  actor: Actor,
  id: string,
): Promise<{ registration: registrationRepo.RegistrationOwnerRow; session: sessionRepo.SessionRow }> {
  const found = await registrationRepo.findRegistration(trx, id);
  if (!found) throw Errors.notFound();
  await sessionRepo.lockSession(trx, found.session_id);
  const registration = (await registrationRepo.findRegistration(trx, id))!;
  const session = (await sessionRepo.findSession(trx, registration.session_id))!;
  const mine = registration.person_id === actor.personId;
  authorize(mine || canRunSession(viewerOf(actor), { trainerIds: session.trainer_ids }));
  return { registration, session };
}

/** A registration or session no longer in the state a request expects (one of several at once won). */
export const stale = (field: string, rule: string) =>
  new AppError('conflict', 409, { details: [{ field, rule }] });
