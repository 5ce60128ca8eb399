import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditCount, race } from '../../../../test/support/concurrency.js';

/**
 * Two analysts triaging one tip at the same moment: the triage is decided on the tip's locked row, a
 * triage made from a status that has changed meanwhile gets 409, and nothing is written twice.
 */
const clock = new Date('2026-03-10T14:23:17Z');
let t: TestApp;
let analyst: Agent;
let secondAnalyst: Agent;
const units: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  const service = await t.createOrganisation({ type: 'police', name: 'Police fictive des courses' });
  analyst = await t.as('police_analyst', { organisationId: service });
  secondAnalyst = await t.as('police_analyst', { organisationId: service });
  const investigator = await t.as('investigator', { organisationId: service });
  for (const name of ['Unité fictive 1', 'Unité fictive 2', 'Unité fictive 3']) {
    const unit = await analyst.inject({
      method: 'POST',
      url: '/api/tips/units',
      payload: { name, memberIds: [investigator.person.id] },
    });
    expect(unit.statusCode, unit.body).toBe(201);
    units.push(unit.json().id);
  }
});
afterAll(async () => {
  await t.close();
});

async function phoneTip(): Promise<string> {
  const response = await analyst.inject({
    method: 'POST',
    url: '/api/tips',
    payload: { channel: 'place', facts: 'Appel fictif au sujet d’un motel.' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function status(id: string) {
  return t.platform.db
    .selectFrom('tips')
    .select(['status', 'disposition', 'unit_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

function expectRealRace(peak: number) {
  if (t.database.engine === 'postgres') expect(peak).toBeGreaterThan(1);
}

describe('tip triage under simultaneous requests', () => {
  it('closes a tip once: 100 simultaneous closes from "new" give one 200 and 99 × 409', async () => {
    const id = await phoneTip();
    const result = await race(t, 100, (i) =>
      (i % 2 === 0 ? analyst : secondAnalyst).inject({
        method: 'PATCH',
        url: `/api/tips/${id}`,
        payload: { fromStatus: 'new', status: 'closed', disposition: 'duplicate' },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 99 });
    expectRealRace(result.peakConnections);
    const loser = result.responses.find((r) => r.statusCode === 409)!.json();
    expect(loser.error.code).toBe('conflict');
    expect(loser.error.details[0]).toMatchObject({ field: 'fromStatus', rule: 'tips_status_changed' });
    expect(await status(id)).toMatchObject({ status: 'closed', disposition: 'duplicate' });
    expect(await auditCount(t, 'tips.tip.triage', id)).toBe(1);
  });

  it('lets one of two different decisions through: assigned or unfounded, never both', async () => {
    const id = await phoneTip();
    const result = await race(t, 100, (i) =>
      (i % 2 === 0 ? analyst : secondAnalyst).inject({
        method: 'PATCH',
        url: `/api/tips/${id}`,
        payload:
          i % 2 === 0
            ? { fromStatus: 'new', unitId: units[0] }
            : { fromStatus: 'new', status: 'unfounded', disposition: 'no_offence' },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 99 });
    const after = await status(id);
    const winner = result.responses.findIndex((r) => r.statusCode === 200);
    expect(after).toEqual(
      winner % 2 === 0
        ? { status: 'assigned', disposition: null, unit_id: units[0] }
        : { status: 'unfounded', disposition: 'no_offence', unit_id: null },
    );
    expect(await auditCount(t, 'tips.tip.triage', id)).toBe(1);
  });

  it('writes a repeated triage once: the same close sent 100 times without its starting status', async () => {
    const id = await phoneTip();
    const result = await race(t, 100, () =>
      analyst.inject({
        method: 'PATCH',
        url: `/api/tips/${id}`,
        payload: { status: 'closed', disposition: 'intelligence_filed', priority: 'high' },
      }),
    );
    // Applied once; the others find it done and change nothing (no second audit entry).
    expect(result.statuses).toEqual({ 200: 100 });
    expect(await status(id)).toMatchObject({ status: 'closed', disposition: 'intelligence_filed' });
    expect(await auditCount(t, 'tips.tip.triage', id)).toBe(1);
  });

  it('replaces the units in copy without a 500 when triages cross', async () => {
    const id = await phoneTip();
    const sets = [[units[0]!], [units[1]!, units[2]!], [units[0]!, units[2]!], []];
    const result = await race(t, 60, (i) =>
      (i % 2 === 0 ? analyst : secondAnalyst).inject({
        method: 'PATCH',
        url: `/api/tips/${id}`,
        payload: { copiedUnitIds: sets[i % sets.length] },
      }),
    );
    expect(result.statuses[500]).toBeUndefined();
    expect(result.statuses[200]).toBe(60);
    const copies = await t.platform.db
      .selectFrom('tip_unit_copies')
      .select('unit_id')
      .where('tip_id', '=', id)
      .execute();
    expect(sets.map((s) => [...s].sort())).toContainEqual(copies.map((c) => c.unit_id).sort());
  });

  it('creates a unit name once and replaces members without a 500 when requests cross', async () => {
    const created = await race(t, 30, () =>
      analyst.inject({
        method: 'POST',
        url: '/api/tips/units',
        payload: { name: 'Unité fictive du soir', memberIds: [] },
      }),
    );
    expect(created.statuses).toEqual({ 201: 1, 400: 29 });
    expect(created.responses.find((r) => r.statusCode === 400)!.json().error.details[0].rule).toBe('taken');
    const people = [analyst.person.id, secondAnalyst.person.id];
    const replaced = await race(t, 40, (i) =>
      analyst.inject({
        method: 'PATCH',
        url: `/api/tips/units/${units[0]}`,
        payload: { memberIds: i % 2 === 0 ? people : [secondAnalyst.person.id] },
      }),
    );
    expect(replaced.statuses).toEqual({ 200: 40 });
  });
});
