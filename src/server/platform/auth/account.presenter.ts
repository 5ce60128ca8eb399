import type { Actor } from '../authz/actor.js';
import { Errors } from '../errors.js';
import type { Platform } from '../platform.js';

/** What the web app needs about the signed-in person, with permissions computed by the policies. */
export async function presentSession(platform: Platform, actor: Actor) {
  const person = await platform.db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.email',
      'p.locale',
      'o.id as organisation_id',
      'o.name as organisation_name',
    ])
    .where('p.id', '=', actor.personId)
    .executeTakeFirst();
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
  };
}
