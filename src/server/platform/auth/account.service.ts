import type { Account, AccountSession, SessionView } from '../../../shared/contracts/auth.js';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../authz/actor.js';
import { inTransaction } from '../db/database.js';
import { Errors } from '../errors.js';
import type { Platform } from '../platform.js';
import { IDLE_TIMEOUT_MS } from './session-store.js';

/** A person's own fields and their organisation's name (undefined when there is no such person). */
function personWithOrganisation(platform: Platform, personId: string) {
  return platform.db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.email',
      'p.phone',
      'p.job_title',
      'p.locale',
      'o.id as organisation_id',
      'o.name as organisation_name',
    ])
    .where('p.id', '=', personId)
    .executeTakeFirst();
}

/** The signed-in person's own account, as the account page shows it. Throws not_found. */
export async function getAccount(platform: Platform, personId: string): Promise<Account> {
  const row = await personWithOrganisation(platform, personId);
  if (!row) throw Errors.notFound();
  const roles = await platform.db
    .selectFrom('person_roles')
    .select('role')
    .where('person_id', '=', personId)
    .execute();
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    phone: row.phone,
    jobTitle: row.job_title,
    locale: row.locale,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    roles: roles.map((r) => r.role).sort(),
  };
}

/**
 * Updates what a person may change on their own account. A session still enrolling its second factor
 * may only choose its language (forbidden otherwise). The new language applies to every session at once.
 */
export async function updateAccount(
  platform: Platform,
  actor: Actor,
  input: {
    locale?: Locale | undefined;
    phone?: string | null | undefined;
    jobTitle?: string | null | undefined;
  },
): Promise<void> {
  if (!actor.mfaVerified && (input.phone !== undefined || input.jobTitle !== undefined))
    throw Errors.forbidden();
  const changed = Object.keys(input).filter((key) => input[key as keyof typeof input] !== undefined);
  if (changed.length === 0) return;
  await inTransaction(platform.db, async (trx) => {
    await trx
      .updateTable('people')
      .set({
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
        ...(input.phone !== undefined ? { phone: input.phone?.trim() || null } : {}),
        ...(input.jobTitle !== undefined ? { job_title: input.jobTitle?.trim() || null } : {}),
        updated_at: platform.now(),
      })
      .where('id', '=', actor.personId)
      .execute();
    if (input.locale !== undefined) await platform.sessions.refreshPerson(trx, actor.personId);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'auth.account.update',
      targetType: 'person',
      targetId: actor.personId,
      meta: { fields: changed },
    });
  });
}

/** The actor's live sessions, most recently used first. */
export async function listSessions(platform: Platform, actor: Actor): Promise<AccountSession[]> {
  const now = platform.now();
  const rows = await platform.db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
    .where('person_id', '=', actor.personId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', new Date(now.getTime() - IDLE_TIMEOUT_MS))
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    userAgent: row.user_agent,
    current: row.id === actor.sessionId,
  }));
}

/**
 * Ends one of the actor's own sessions; someone else's session answers not_found, and so does one
 * ended meanwhile (by another request at the same moment: the revocation is conditional, audited once).
 */
export async function endSession(platform: Platform, actor: Actor, sessionId: string): Promise<void> {
  await inTransaction(platform.db, async (trx) => {
    const owned = await trx
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', sessionId)
      .where('person_id', '=', actor.personId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!owned) throw Errors.notFound();
    if (!(await platform.sessions.revoke(trx, owned.id, 'ended_by_owner'))) throw Errors.notFound();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'auth.session.end',
      targetType: 'person',
      targetId: actor.personId,
    });
  });
}

/** What the web app needs about the signed-in person, with permissions computed by the policies. */
export async function getSessionView(platform: Platform, actor: Actor): Promise<SessionView> {
  const person = await personWithOrganisation(platform, actor.personId);
  if (!person) throw Errors.unauthenticated();
  return {
    person: {
      id: person.id,
      givenName: person.given_name,
      familyName: person.family_name,
      email: person.email,
      locale: person.locale,
      organisation: { id: person.organisation_id, name: person.organisation_name },
    },
    roles: [...actor.roles],
    mfaVerified: actor.mfaVerified,
    csrfToken: platform.sessions.csrfToken(actor.sessionId),
    permissions: actor.mfaVerified ? platform.permissions.compute(actor) : {},
    demo: platform.config.demo,
    emergency: actor.emergency
      ? {
          id: actor.emergency.id,
          organisation: {
            id: actor.emergency.organisationId,
            name: await organisationName(actor.emergency.organisationId),
          },
          until: actor.emergency.until.toISOString(),
        }
      : null,
  };

  async function organisationName(id: string): Promise<string> {
    const row = await platform.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.name ?? '';
  }
}
