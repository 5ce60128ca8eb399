import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { holdsActiveMandate, peopleReached } from './network.service.js';

const DAY = '2026-06-15';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function mandate(personId: string, organisationId: string, start_on: string, end_on: string | null) {
  await t.platform.db
    .insertInto('pivot_mandates')
    .values({ person_id: personId, organisation_id: organisationId, start_on, end_on })
    .execute();
}

describe('people reached by recipient rules', () => {
  it('reads role holders and pivots with a mandate active on the day, active accounts only, each once', async () => {
    const police = await t.createOrganisation({ type: 'police' });
    const school = await t.createOrganisation({ type: 'school_service_centre' });
    const shelter = await t.createOrganisation({ type: 'community' });
    const elsewhere = await t.createOrganisation({ type: 'community' });

    const analyst = await t.createPerson({ roles: ['police_analyst'], organisationId: police });
    const investigator = await t.createPerson({ roles: ['investigator'], organisationId: police });
    const disabledAnalyst = await t.createPerson({
      roles: ['police_analyst'],
      organisationId: police,
      status: 'disabled',
    });
    // A pivot of a reached organisation, who also holds a mandate in another reached one, counts once.
    const pivot = await t.createPerson({ roles: ['pivot'], organisationId: school });
    await mandate(pivot.id, school, '2026-01-01', null);
    await mandate(pivot.id, shelter, '2026-03-01', '2026-12-31');
    const ended = await t.createPerson({ roles: ['pivot'], organisationId: school });
    await mandate(ended.id, school, '2025-01-01', '2026-06-14');
    const planned = await t.createPerson({ roles: ['pivot'], organisationId: shelter });
    await mandate(planned.id, shelter, '2026-06-16', null);
    const lastDay = await t.createPerson({ roles: ['pivot'], organisationId: shelter });
    await mandate(lastDay.id, shelter, '2026-01-01', DAY);
    const outside = await t.createPerson({ roles: ['pivot'], organisationId: elsewhere });
    await mandate(outside.id, elsewhere, '2026-01-01', null);
    // The pivot role without a mandate reaches nobody through the pivot rule.
    await t.createPerson({ roles: ['pivot'], organisationId: school });
    // Nor does a mandate without the pivot role (the role was taken away), nor a mandate in an
    // organisation that is not the person's own: neither could open what they would be sent.
    const formerPivot = await t.createPerson({ roles: ['worker'], organisationId: shelter });
    await mandate(formerPivot.id, shelter, '2026-01-01', null);
    const schoolPivotAtShelter = await t.createPerson({ roles: ['pivot'], organisationId: elsewhere });
    await mandate(schoolPivotAtShelter.id, shelter, '2026-01-01', null);

    const reached = await peopleReached(
      t.platform.db,
      { byRole: [{ organisationId: police, roles: ['police_analyst'] }], pivotsOf: [school, shelter] },
      DAY,
    );
    expect([...reached].sort()).toEqual([analyst.id, pivot.id, lastDay.id].sort());
    expect(reached).not.toContain(investigator.id);
    expect(reached).not.toContain(disabledAnalyst.id);

    const widened = await peopleReached(
      t.platform.db,
      { byRole: [{ organisationId: police, roles: ['police_analyst', 'investigator'] }], pivotsOf: [] },
      DAY,
    );
    expect([...widened].sort()).toEqual([analyst.id, investigator.id].sort());
    expect(await peopleReached(t.platform.db, { byRole: [], pivotsOf: [] }, DAY)).toEqual([]);

    expect(await holdsActiveMandate(t.platform.db, pivot.id, shelter, DAY)).toBe(true);
    expect(await holdsActiveMandate(t.platform.db, ended.id, school, DAY)).toBe(false);
    expect(await holdsActiveMandate(t.platform.db, planned.id, shelter, DAY)).toBe(false);
    expect(await holdsActiveMandate(t.platform.db, pivot.id, elsewhere, DAY)).toBe(false);
  });
});
