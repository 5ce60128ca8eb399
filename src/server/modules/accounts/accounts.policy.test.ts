import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { canManagePerson, canResetMfa, canSeeContacts, grantableRoles } from './accounts.policy.js';

function actor(roles: Role[], organisationId = 'org-a', personId = 'me'): Actor {
  return {
    personId,
    organisationId,
    organisationType: 'community',
    roles: new Set(roles),
    locale: 'fr-CA',
    sessionId: 's',
    mfaVerified: true,
  };
}

describe('grantable roles', () => {
  it('gives administrators every role', () => {
    expect(grantableRoles(actor(['admin']), { id: 'x', type: 'community' })).toHaveLength(10);
  });

  it('lets the table coordination grant the table’s roles but neither admin nor the police roles', () => {
    const roles = grantableRoles(actor(['table_coordinator']), { id: 'x', type: 'police' });
    expect(roles).toContain('pivot');
    expect(roles).toContain('org_coordinator');
    expect(roles).not.toContain('admin');
    expect(roles).not.toContain('investigator');
  });

  it('limits an organisation coordinator to worker and pivot in their own organisation', () => {
    expect(grantableRoles(actor(['org_coordinator']), { id: 'org-a', type: 'community' }).sort()).toEqual([
      'pivot',
      'worker',
    ]);
    expect(grantableRoles(actor(['org_coordinator']), { id: 'org-b', type: 'community' })).toEqual([]);
    expect(grantableRoles(actor(['org_coordinator']), { id: 'org-a', type: 'police' }).sort()).toEqual([
      'investigator',
      'pivot',
      'police_analyst',
      'worker',
    ]);
  });

  it('gives nothing to the other roles', () => {
    for (const role of [
      'worker',
      'pivot',
      'police_analyst',
      'investigator',
      'trainer',
      'researcher',
      'privacy_officer',
    ] as Role[]) {
      expect(grantableRoles(actor([role]), { id: 'org-a', type: 'community' })).toEqual([]);
    }
  });
});

describe('managing a person', () => {
  const worker = { id: 'p1', organisationId: 'org-a', roles: ['worker'] as Role[] };
  it('never lets anyone manage their own account', () => {
    expect(canManagePerson(actor(['admin'], 'org-a', 'p1'), worker, 'community')).toBe(false);
  });
  it('keeps people holding a role out of reach away from the actor', () => {
    const coordinator = actor(['org_coordinator']);
    expect(canManagePerson(coordinator, worker, 'community')).toBe(true);
    expect(
      canManagePerson(coordinator, { ...worker, roles: ['worker', 'table_coordinator'] }, 'community'),
    ).toBe(false);
    expect(canManagePerson(coordinator, { ...worker, organisationId: 'org-b' }, 'community')).toBe(false);
    expect(canManagePerson(actor(['table_coordinator']), { ...worker, roles: ['admin'] }, 'community')).toBe(
      false,
    );
  });
  it('reserves MFA resets to administrators', () => {
    expect(canResetMfa(actor(['admin']), worker)).toBe(true);
    expect(canResetMfa(actor(['table_coordinator']), worker)).toBe(false);
  });
});

describe('contact details', () => {
  it('are shown to the person, coordination and administration only', () => {
    const person = { id: 'p1', organisationId: 'org-a' };
    expect(canSeeContacts(actor(['worker'], 'org-z', 'p1'), person)).toBe(true);
    expect(canSeeContacts(actor(['worker'], 'org-a'), person)).toBe(false);
    expect(canSeeContacts(actor(['org_coordinator'], 'org-a'), person)).toBe(true);
    expect(canSeeContacts(actor(['org_coordinator'], 'org-b'), person)).toBe(false);
    expect(canSeeContacts(actor(['table_coordinator'], 'org-b'), person)).toBe(true);
    expect(canSeeContacts(actor(['investigator'], 'org-b'), person)).toBe(false);
  });
});
