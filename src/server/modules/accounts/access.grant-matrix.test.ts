import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { ORGANISATION_TYPES, type OrganisationType, ROLES, type Role } from '../../../shared/roles.js';

/**
 * The role-grant matrix: every grantor role × every role × the grantor's own or another organisation ×
 * every organisation type, through the API. The expected outcome is written out here from the rule,
 * independently of the policy code: a role inside an organisation takes effect at once only when that
 * organisation's own coordination grants it; the table and the administration only propose it.
 */
type Outcome = 'forbidden' | 'not_grantable' | 'in_force' | 'pending';

const INSIDE: readonly Role[] = [
  'worker',
  'pivot',
  'org_coordinator',
  'police_analyst',
  'investigator',
  'privacy_officer',
];
const POLICE: readonly OrganisationType[] = ['police', 'provincial_police'];

function expected(grantor: Role, type: OrganisationType, own: boolean, role: Role): Outcome {
  const inside = INSIDE.includes(role);
  switch (grantor) {
    case 'admin':
      // Every organisation here already has a coordinator: no bootstrap grant is left.
      return inside ? 'pending' : 'in_force';
    case 'table_coordinator':
      if (role === 'police_analyst' || role === 'investigator' || role === 'admin') return 'not_grantable';
      return inside ? 'pending' : 'in_force';
    case 'org_coordinator': {
      if (!own) return 'forbidden';
      const allowed: Role[] = [
        'worker',
        'pivot',
        ...(POLICE.includes(type) ? (['police_analyst', 'investigator'] as Role[]) : []),
      ];
      return allowed.includes(role) ? 'in_force' : 'not_grantable';
    }
    default:
      return 'forbidden';
  }
}

let t: TestApp;
const organisations = new Map<OrganisationType, string>();
let elsewhere: string;

beforeAll(async () => {
  t = await createTestApp();
  for (const type of ORGANISATION_TYPES) {
    const id = await t.createOrganisation({ type, name: `Organisation fictive ${type} (matrice)` });
    organisations.set(type, id);
    await t.createPerson({ organisationId: id, roles: ['org_coordinator'] });
  }
  elsewhere = await t.createOrganisation({ type: 'community', name: 'Ailleurs fictif (matrice)' });
});
afterAll(async () => {
  await t.close();
});

/** Fresh people without roles in one organisation, inserted at once. */
async function targets(organisationId: string, count: number): Promise<string[]> {
  const rows = await t.platform.db
    .insertInto('people')
    .values(
      Array.from({ length: count }, (_, i) => ({
        organisation_id: organisationId,
        given_name: 'Cible',
        family_name: `Fictive ${i}`,
        email: `cible.${organisationId.slice(0, 8)}.${Math.random().toString(36).slice(2, 10)}@exemple.test`,
        status: 'active' as const,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

describe('role-grant matrix', () => {
  it.each(ROLES)(
    'grantor %s: every role, own and other organisation, every organisation type',
    async (grantor) => {
      const mismatches: string[] = [];
      for (const type of ORGANISATION_TYPES) {
        const organisationId = organisations.get(type)!;
        for (const own of [true, false]) {
          const agent: Agent = await t.as(grantor, { organisationId: own ? organisationId : elsewhere });
          const people = await targets(organisationId, ROLES.length);
          const responses = await Promise.all(
            ROLES.map((role, i) =>
              agent.inject({
                method: 'PUT',
                url: `/api/people/${people[i]}/roles`,
                payload: { roles: [role] },
              }),
            ),
          );
          const held = await t.platform.db
            .selectFrom('person_roles')
            .select(['person_id', 'role'])
            .where('person_id', 'in', people)
            .execute();
          const pending = await t.platform.db
            .selectFrom('role_requests')
            .select(['person_id', 'role'])
            .where('person_id', 'in', people)
            .where('status', '=', 'pending')
            .execute();
          ROLES.forEach((role, i) => {
            const response = responses[i]!;
            const person = people[i]!;
            const holds = held.some((h) => h.person_id === person && h.role === role);
            const waits = pending.some((p) => p.person_id === person && p.role === role);
            const actual: Outcome =
              response.statusCode === 403
                ? 'forbidden'
                : response.statusCode === 400 && response.json().error.details?.[0]?.field === 'roles'
                  ? 'not_grantable'
                  : response.statusCode === 200 && holds && !waits
                    ? 'in_force'
                    : response.statusCode === 200 && waits && !holds
                      ? 'pending'
                      : (`${response.statusCode} holds=${holds} waits=${waits}` as Outcome);
            const want = expected(grantor, type, own, role);
            if (actual !== want)
              mismatches.push(
                `${grantor} → ${role} in ${own ? 'own' : 'other'} ${type}: ${actual}, expected ${want}`,
              );
            // Nothing half-stored on a refusal.
            if (want === 'forbidden' || want === 'not_grantable') {
              if (holds || waits) mismatches.push(`${grantor} → ${role} in ${type}: refused but stored`);
            }
          });
        }
      }
      expect(mismatches).toEqual([]);
    },
  );
});
