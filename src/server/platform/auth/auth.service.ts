import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import QRCode from 'qrcode';
import type { Locale, PersonStatus } from '../../../shared/roles.js';
import type { AuditEvent } from '../audit/audit.js';
import type { Actor } from '../authz/actor.js';
import { type Executor, inTransaction } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { AppError, Errors } from '../errors.js';
import type { Platform } from '../platform.js';
import type { OneTimeTokenKind } from './auth.table.js';
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { hashToken } from './session-store.js';
import { matchTotpStep, newTotpSecret, totpUri } from './totp.js';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export interface NewSession {
  token: string;
  expiresAt: Date;
  csrfToken: string;
  status: 'signed_in' | 'enrolment_required';
}

/**
 * Opens a session for a person inside `trx`, then audits `action` on them (last); answers what the
 * browser gets: its cookie token, expiry and CSRF token.
 */
async function openSession(
  platform: Platform,
  trx: Transaction<DB>,
  personId: string,
  opening: {
    mfaVerified: boolean;
    userAgent: string | undefined;
    action: AuditEvent['action'];
    meta?: AuditEvent['meta'];
    status: NewSession['status'];
  },
): Promise<NewSession> {
  const session = await platform.sessions.create(trx, personId, {
    mfaVerified: opening.mfaVerified,
    userAgent: opening.userAgent,
  });
  await platform.audit.append(trx, {
    actor: personId,
    action: opening.action,
    targetType: 'person',
    targetId: personId,
    ...(opening.meta ? { meta: opening.meta } : {}),
  });
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    csrfToken: platform.sessions.csrfToken(session.id),
    status: opening.status,
  };
}

function totpContext(personId: string): string {
  return `credentials.totp_secret:${personId}`;
}

/** Keyed hash of a normalised e-mail: the lockout counts attempts on unknown addresses too. */
function loginSubject(platform: Platform, email: string): string {
  return createHmac('sha256', platform.keyring.derive('login-subject'))
    .update(email.trim().toLowerCase())
    .digest('hex');
}

async function recentFailures(platform: Platform, subject: string): Promise<number> {
  const since = new Date(platform.now().getTime() - LOCKOUT_WINDOW_MS);
  const row = await platform.db
    .selectFrom('login_attempts')
    .select(sql<number>`count(*)::int`.as('failures'))
    .where('subject', '=', subject)
    .where('success', '=', false)
    .where('at', '>', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('login_attempts as later')
            .select('later.id')
            .where('later.subject', '=', subject)
            .where('later.success', '=', true)
            .whereRef('later.at', '>', 'login_attempts.at'),
        ),
      ),
    )
    .executeTakeFirst();
  return row?.failures ?? 0;
}

async function recordFailure(
  platform: Platform,
  subject: string,
  personId: string | null,
  reason: string,
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    await trx.insertInto('login_attempts').values({ subject, success: false, at: platform.now() }).execute();
    await platform.audit.append(trx, {
      actor: personId,
      action: 'auth.session.sign_in',
      targetType: personId ? 'person' : null,
      targetId: personId,
      outcome: 'failure',
      meta: { reason },
    });
  });
}

/**
 * Signs a person in with e-mail, password and TOTP code. Unknown e-mails, wrong passwords and
 * disabled accounts get the same answer after the same work (a full argon2 verification). After five
 * failures in fifteen minutes on one e-mail, known or not, every attempt is refused for a while.
 * A person without TOTP gets a session that can only enrol. Throws AppError:
 * too_many_attempts (429), invalid_credentials (401), mfa_required (401), invalid_code (401).
 */
export async function signIn(
  platform: Platform,
  input: { email: string; password: string; code?: string | undefined; userAgent?: string | undefined },
): Promise<NewSession> {
  const subject = loginSubject(platform, input.email);
  if ((await recentFailures(platform, subject)) >= LOCKOUT_FAILURES) {
    await recordFailure(platform, subject, null, 'locked');
    throw new AppError('too_many_attempts', 429);
  }

  const found = await platform.db
    .selectFrom('people as p')
    .leftJoin('credentials as c', 'c.person_id', 'p.id')
    .select([
      'p.id',
      'p.status',
      'c.password_hash',
      'c.totp_secret',
      'c.totp_enrolled_at',
      'c.totp_last_step',
    ])
    .where(sql`lower(p.email)`, '=', input.email.trim().toLowerCase())
    .executeTakeFirst();

  const passwordOk = await verifyPassword(
    found?.password_hash ?? (await dummyPasswordHash()),
    input.password,
  );
  if (!found?.password_hash || !passwordOk || found.status !== 'active') {
    await recordFailure(platform, subject, found?.id ?? null, 'credentials');
    throw new AppError('invalid_credentials', 401);
  }

  const enrolled = Boolean(found.totp_enrolled_at && found.totp_secret);
  if (enrolled) {
    if (!input.code) throw new AppError('mfa_required', 401);
    const secret = platform.keyring.decrypt(found.totp_secret!, totpContext(found.id));
    const step = matchTotpStep(secret, input.code.trim(), platform.now());
    const accepted =
      step !== null &&
      Number(
        (
          await platform.db
            .updateTable('credentials')
            .set({ totp_last_step: step })
            .where('person_id', '=', found.id)
            .where('totp_last_step', '<', step)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1;
    if (!accepted) {
      await recordFailure(platform, subject, found.id, step === null ? 'code' : 'code_replayed');
      throw new AppError('invalid_code', 401);
    }
  }

  return platform.db.transaction().execute(async (trx) => {
    await trx.insertInto('login_attempts').values({ subject, success: true, at: platform.now() }).execute();
    return openSession(platform, trx, found.id, {
      mfaVerified: enrolled,
      userAgent: input.userAgent,
      action: 'auth.session.sign_in',
      meta: { mfa: enrolled ? 'totp' : 'enrolment_pending' },
      status: enrolled ? 'signed_in' : 'enrolment_required',
    });
  });
}

/**
 * Ends the actor's current session. Intentionally idempotent: a sign-out of a session another request
 * ended at the same moment succeeds too, without a second audit entry.
 */
export async function signOut(platform: Platform, actor: Actor): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    if (!(await platform.sessions.revoke(trx, actor.sessionId, 'sign_out'))) return;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'auth.session.sign_out',
      targetType: 'person',
      targetId: actor.personId,
    });
  });
  platform.notifier.disconnect(actor.personId);
}

/**
 * Starts TOTP enrolment for a session that has none: stores a new secret (encrypted) and returns
 * what the authenticator app needs. Refused (409) once enrolment is complete: a lost device is reset
 * by an administrator, never by the session itself.
 */
export async function beginTotpEnrolment(
  platform: Platform,
  actor: Actor,
): Promise<{ otpauthUri: string; qrSvg: string; secret: string }> {
  return platform.db.transaction().execute(async (trx) => {
    const credential = await trx
      .selectFrom('credentials as c')
      .innerJoin('people as p', 'p.id', 'c.person_id')
      .select(['c.totp_enrolled_at', 'p.email'])
      .where('c.person_id', '=', actor.personId)
      .forUpdate()
      .executeTakeFirst();
    if (!credential) throw Errors.notFound();
    if (credential.totp_enrolled_at) throw new AppError('conflict', 409);
    const secret = newTotpSecret();
    await trx
      .updateTable('credentials')
      .set({ totp_secret: platform.keyring.encrypt(secret, totpContext(actor.personId)) })
      .where('person_id', '=', actor.personId)
      .execute();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'auth.totp.setup',
      targetType: 'person',
      targetId: actor.personId,
    });
    const otpauthUri = totpUri(secret, credential.email);
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { otpauthUri, qrSvg, secret };
  });
}

/**
 * Completes TOTP enrolment with a first code. The enrolment session is replaced by a new, fully
 * signed-in one (a fresh token, so a token seen before enrolment is worth nothing after it).
 */
export async function confirmTotpEnrolment(
  platform: Platform,
  actor: Actor,
  input: { code: string; userAgent?: string | undefined },
): Promise<NewSession> {
  return platform.db.transaction().execute(async (trx) => {
    const credential = await trx
      .selectFrom('credentials')
      .select(['totp_secret', 'totp_enrolled_at', 'totp_last_step'])
      .where('person_id', '=', actor.personId)
      .forUpdate()
      .executeTakeFirst();
    if (!credential?.totp_secret) throw Errors.field('code', 'totp_not_started');
    if (credential.totp_enrolled_at) throw new AppError('conflict', 409);
    const secret = platform.keyring.decrypt(credential.totp_secret, totpContext(actor.personId));
    const step = matchTotpStep(secret, input.code.trim(), platform.now());
    if (step === null || step <= credential.totp_last_step) throw new AppError('invalid_code', 401);
    await trx
      .updateTable('credentials')
      .set({ totp_enrolled_at: platform.now(), totp_last_step: step })
      .where('person_id', '=', actor.personId)
      .execute();
    await platform.sessions.revoke(trx, actor.sessionId, 'mfa_enrolled');
    return openSession(platform, trx, actor.personId, {
      mfaVerified: true,
      userAgent: input.userAgent,
      action: 'auth.totp.enrol',
      status: 'signed_in',
    });
  });
}

/** Creates a single-use link token inside `trx`; only its hash is stored. Earlier unused ones of the same kind die. */
export async function issueOneTimeToken(
  platform: Platform,
  trx: Transaction<DB>,
  input: { kind: OneTimeTokenKind; personId: string; createdBy: string | null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const ttl = input.kind === 'invitation' ? INVITATION_TTL_MS : PASSWORD_RESET_TTL_MS;
  await trx
    .updateTable('one_time_tokens')
    .set({ used_at: platform.now() })
    .where('person_id', '=', input.personId)
    .where('kind', '=', input.kind)
    .where('used_at', 'is', null)
    .execute();
  await trx
    .insertInto('one_time_tokens')
    .values({
      id: hashToken(token),
      kind: input.kind,
      person_id: input.personId,
      created_by: input.createdBy,
      expires_at: new Date(platform.now().getTime() + ttl),
    })
    .execute();
  return token;
}

async function findLiveToken(
  platform: Platform,
  trx: Transaction<DB> | null,
  token: string,
  kind: OneTimeTokenKind,
) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const db = trx ?? platform.db;
  let query = db
    .selectFrom('one_time_tokens as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .select(['t.id', 't.person_id', 'p.email', 'p.given_name', 'p.family_name', 'p.status', 'p.locale'])
    .where('t.id', '=', hashToken(token))
    .where('t.kind', '=', kind)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', platform.now());
  if (trx) query = query.forUpdate();
  return (await query.executeTakeFirst()) ?? null;
}

/**
 * Spends a live one-time link of `kind` whose person is in `status`, once the password chosen through
 * it passes the rules (checked against the person's name and address); returns what the link found.
 * Throws token_invalid (404) or validation_failed (400) for a weak password, leaving the link unspent.
 */
async function spendPasswordLink(
  platform: Platform,
  trx: Transaction<DB>,
  input: { token: string; password: string },
  kind: OneTimeTokenKind,
  status: PersonStatus,
) {
  const found = await findLiveToken(platform, trx, input.token, kind);
  if (found?.status !== status) throw new AppError('token_invalid', 404);
  const problems = passwordProblems(input.password, {
    email: found.email,
    givenName: found.given_name,
    familyName: found.family_name,
  });
  if (problems.length > 0) throw Errors.invalid(problems);
  await trx
    .updateTable('one_time_tokens')
    .set({ used_at: platform.now() })
    .where('id', '=', found.id)
    .execute();
  return found;
}

/** What the invitation page shows: who is invited. Throws token_invalid (404) for used or expired links. */
export async function describeInvitation(platform: Platform, token: string) {
  const found = await findLiveToken(platform, null, token, 'invitation');
  if (found?.status !== 'invited') throw new AppError('token_invalid', 404);
  return { email: found.email, givenName: found.given_name, familyName: found.family_name };
}

/**
 * Accepts an invitation: sets the password, activates the person, spends the link, and opens an
 * enrolment session (TOTP is mandatory before anything else). Throws token_invalid (404) or
 * validation_failed (400) for a weak password.
 */
export async function acceptInvitation(
  platform: Platform,
  input: { token: string; password: string; userAgent?: string | undefined },
): Promise<NewSession> {
  const passwordHash = await hashPassword(input.password);
  return platform.db.transaction().execute(async (trx) => {
    const found = await spendPasswordLink(platform, trx, input, 'invitation', 'invited');
    await trx
      .insertInto('credentials')
      .values({ person_id: found.person_id, password_hash: passwordHash })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet({
          password_hash: passwordHash,
          password_changed_at: platform.now(),
          totp_secret: null,
          totp_enrolled_at: null,
        }),
      )
      .execute();
    await trx
      .updateTable('people')
      .set({ status: 'active', updated_at: platform.now() })
      .where('id', '=', found.person_id)
      .execute();
    return openSession(platform, trx, found.person_id, {
      mfaVerified: false,
      userAgent: input.userAgent,
      action: 'auth.invitation.accept',
      status: 'enrolment_required',
    });
  });
}

/**
 * Sends a reset link when the e-mail belongs to an active person. Always returns normally, so the
 * answer does not tell whether an account exists.
 */
export async function requestPasswordReset(platform: Platform, email: string): Promise<void> {
  const person = await platform.db
    .selectFrom('people')
    .select(['id', 'given_name', 'email', 'locale', 'status'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (person?.status !== 'active') {
    // Spend comparable work so timing does not reveal the answer either.
    await dummyPasswordHash();
    return;
  }
  await platform.db.transaction().execute(async (trx) => {
    const token = await issueOneTimeToken(platform, trx, {
      kind: 'password_reset',
      personId: person.id,
      createdBy: null,
    });
    await platform.notifier.queueEmail(trx, {
      to: person.email,
      locale: person.locale as Locale,
      template: 'password_reset',
      params: { name: person.given_name, link: `${platform.config.publicUrl}/mot-de-passe/${token}` },
    });
    await platform.audit.append(trx, {
      actor: null,
      action: 'auth.password.request_reset',
      targetType: 'person',
      targetId: person.id,
    });
  });
}

/** Sets a new password from a reset link and ends every session of the person. */
export async function resetPassword(
  platform: Platform,
  input: { token: string; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await platform.db.transaction().execute(async (trx) => {
    const found = await spendPasswordLink(platform, trx, input, 'password_reset', 'active');
    await trx
      .updateTable('credentials')
      .set({ password_hash: passwordHash, password_changed_at: platform.now() })
      .where('person_id', '=', found.person_id)
      .execute();
    await platform.sessions.revokeAllOf(trx, found.person_id, 'password_reset');
    await platform.audit.append(trx, {
      actor: found.person_id,
      action: 'auth.password.reset',
      targetType: 'person',
      targetId: found.person_id,
    });
  });
}

/** Changes the actor's password after checking the current one; other sessions end. */
export async function changePassword(
  platform: Platform,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const row = await platform.db
    .selectFrom('credentials as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['c.password_hash', 'p.email', 'p.given_name', 'p.family_name'])
    .where('c.person_id', '=', actor.personId)
    .executeTakeFirst();
  if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw Errors.field('currentPassword', 'password_wrong');
  }
  const problems = passwordProblems(
    input.newPassword,
    { email: row.email, givenName: row.given_name, familyName: row.family_name },
    'newPassword',
  );
  if (problems.length > 0) throw Errors.invalid(problems);
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(platform.db, async (trx) => {
    await trx
      .updateTable('credentials')
      .set({ password_hash: passwordHash, password_changed_at: platform.now() })
      .where('person_id', '=', actor.personId)
      .execute();
    await platform.sessions.revokeAllOf(trx, actor.personId, 'password_changed', { except: actor.sessionId });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'auth.password.change',
      targetType: 'person',
      targetId: actor.personId,
    });
  });
}

/** Whether the person has set a password (accepted an invitation); credentials belong to the auth platform. */
export async function hasPassword(db: Executor, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('credentials')
    .select('person_id')
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Forgets a person's TOTP secret so the next sign-in enrols a new device (the caller ends their sessions). */
export async function clearSecondFactor(db: Executor, personId: string): Promise<void> {
  await db
    .updateTable('credentials')
    .set({ totp_secret: null, totp_enrolled_at: null })
    .where('person_id', '=', personId)
    .execute();
}
