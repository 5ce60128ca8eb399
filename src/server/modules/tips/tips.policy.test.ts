import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import type { Platform } from '../../platform/platform.js';
import { canManageUnits, canSeeUnits } from './tips.policy.js';
import { listUnits } from './units.service.js';

function actor(roles: Role[], organisationId = 'police-a'): Actor {
  return {
    personId: 'me',
    organisationId,
    organisationType: 'police',
    roles: new Set(roles),
    locale: 'fr-CA',
    sessionId: 's',
    mfaVerified: true,
  };
}

describe('units of a police service', () => {
  it('are seen by its analysts and investigators only', () => {
    expect(canSeeUnits(actor(['police_analyst']))).toBe(true);
    expect(canSeeUnits(actor(['investigator']))).toBe(true);
    for (const role of ['worker', 'pivot', 'org_coordinator', 'table_coordinator', 'admin'] as const) {
      expect(canSeeUnits(actor([role]))).toBe(false);
    }
  });

  it('are managed by the analysts of that service only', () => {
    expect(canManageUnits(actor(['police_analyst']), { serviceId: 'police-a' })).toBe(true);
    expect(canManageUnits(actor(['police_analyst']), { serviceId: 'police-b' })).toBe(false);
    expect(canManageUnits(actor(['investigator']), { serviceId: 'police-a' })).toBe(false);
  });

  it('are refused by the use case itself, before any database read, to anyone else', async () => {
    // The route admits the police roles only; the use case checks again, so a future caller that
    // forgets the route's rule still lists nothing.
    const untouchable = new Proxy({} as Platform, {
      get() {
        throw new Error('the database must not be read');
      },
    });
    await expect(listUnits(untouchable, actor(['worker']))).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
  });
});
