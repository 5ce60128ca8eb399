import { sql } from 'kysely';
import type { AuditWriter } from '../audit/audit.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Database } from '../db/database.js';
import { hashPassword, passwordProblems } from './passwords.js';
import { newTotpSecret, totpUri } from './totp.js';

export class AdminInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminInputError';
  }
}

/**
 * Creates an administrator from the command line, with TOTP enrolled at once (the URI is printed
 * for the authenticator app), in an organisation found or created by name. Refuses an e-mail already
 * in use and a password that breaks the rules (AdminInputError with a readable message).
 */
export async function createAdministrator(
  database: Database,
  keyring: Keyring,
  audit: AuditWriter,
  input: { email: string; givenName: string; familyName: string; organisationName: string; password: string },
): Promise<{ personId: string; otpauthUri: string }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new AdminInputError(`not an e-mail address: ${input.email}`);
  const problems = passwordProblems(input.password, {
    email,
    givenName: input.givenName,
    familyName: input.familyName,
  });
  if (problems.length > 0) {
    const rule = problems[0]!.rule;
    throw new AdminInputError(
      rule === 'password_too_short'
        ? 'password too short: 12 characters at least'
        : rule === 'password_common'
          ? 'password too common: choose a longer, unusual passphrase'
          : rule === 'password_personal'
            ? 'password built on the name or e-mail: choose another'
            : `password refused (${rule})`,
    );
  }
  const passwordHash = await hashPassword(input.password);
  const secret = newTotpSecret();
  const personId = await database.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('people')
      .select('id')
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst();
    if (taken) throw new AdminInputError(`a person with e-mail ${email} already exists`);
    let organisation = await trx
      .selectFrom('organisations')
      .select('id')
      .where(sql`filet_fold(name)`, '=', sql`filet_fold(${input.organisationName})`)
      .executeTakeFirst();
    if (!organisation) {
      organisation = await trx
        .insertInto('organisations')
        .values({ name: input.organisationName.trim(), type: 'other', region: '—' })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    const person = await trx
      .insertInto('people')
      .values({
        organisation_id: organisation.id,
        given_name: input.givenName.trim(),
        family_name: input.familyName.trim(),
        email,
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('person_roles')
      .values({ person_id: person.id, role: 'admin', consent: 'not_required' })
      .execute();
    await trx
      .insertInto('credentials')
      .values({
        person_id: person.id,
        password_hash: passwordHash,
        totp_secret: keyring.encrypt(secret, `credentials.totp_secret:${person.id}`),
        totp_enrolled_at: new Date(),
      })
      .execute();
    await audit.append(trx, {
      actor: null,
      action: 'accounts.person.create_admin',
      targetType: 'person',
      targetId: person.id,
    });
    return person.id;
  });
  return { personId, otpauthUri: totpUri(secret, email) };
}

/**
 * The way back for an organisation that lost everyone who could consent for it (no coordinator and no
 * privacy officer left): an operator with access to the server names a member of that organisation its
 * coordinator from the command line. The role is marked 'recovery' in the access review, the change is
 * audited, and it is refused while the organisation still has someone to consent for it.
 */
export async function restoreCoordinator(
  database: Database,
  audit: AuditWriter,
  input: { email: string },
): Promise<{ personId: string; organisationId: string }> {
  const email = input.email.trim().toLowerCase();
  return database.db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('people')
      .select(['id', 'organisation_id', 'status'])
      .where(sql`lower(email)`, '=', email)
      .forUpdate()
      .executeTakeFirst();
    if (!person) throw new AdminInputError(`no person with e-mail ${email}`);
    if (person.status !== 'active') throw new AdminInputError(`${email} is not an active account`);
    // Serialises concurrent recoveries of one organisation.
    await trx
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', person.organisation_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const approver = await trx
      .selectFrom('person_roles as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .select('p.id')
      .where('p.organisation_id', '=', person.organisation_id)
      .where('p.status', '=', 'active')
      .where('r.role', 'in', ['org_coordinator', 'privacy_officer'])
      .executeTakeFirst();
    if (approver) {
      throw new AdminInputError(
        'this organisation still has an active coordinator or privacy officer: they grant or approve roles in Filet',
      );
    }
    const now = new Date();
    await trx
      .insertInto('person_roles')
      .values({ person_id: person.id, role: 'org_coordinator', consent: 'recovery', granted_at: now })
      .onConflict((oc) => oc.columns(['person_id', 'role']).doNothing())
      .execute();
    await trx
      .insertInto('organisation_access')
      .values({ organisation_id: person.organisation_id, bootstrap_at: now })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          bootstrap_at: sql`coalesce(organisation_access.bootstrap_at, excluded.bootstrap_at)`,
        }),
      )
      .execute();
    await sql`select pg_notify('filet_sessions', ${`refresh:${person.id}`})`.execute(trx);
    await audit.append(trx, {
      actor: null,
      action: 'accounts.role.recover',
      targetType: 'person',
      targetId: person.id,
      meta: { organisation: person.organisation_id, role: 'org_coordinator' },
    });
    return { personId: person.id, organisationId: person.organisation_id };
  });
}
