import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditCount, race } from '../../../../test/support/concurrency.js';

/** Pivot mandates ended, replaced and named by several coordinators at once. */
const NOW = new Date('2026-06-15T14:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(async () => {
  await t.close();
});

async function insertMandate(personId: string, organisationId: string): Promise<string> {
  const row = await t.platform.db
    .insertInto('pivot_mandates')
    .values({ person_id: personId, organisation_id: organisationId, start_on: '2025-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function mandatesOf(personId: string) {
  return t.platform.db
    .selectFrom('pivot_mandates')
    .select(['id', 'end_on', 'successor_mandate_id'])
    .where('person_id', '=', personId)
    .execute();
}

describe('pivot mandates under simultaneous requests', () => {
  it('ends a mandate once: 50 simultaneous ends give one 200 and 49 × 409', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const pivot = await t.createPerson({ roles: ['worker', 'pivot'], organisationId: org });
    const mandate = await insertMandate(pivot.id, org);
    const result = await race(t, 50, () =>
      coordinator.inject({
        method: 'POST',
        url: `/api/network/mandates/${mandate}/end`,
        payload: { endOn: '2026-06-30' },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 49 });
    if (t.database.engine === 'postgres') expect(result.peakConnections).toBeGreaterThan(1);
    expect(await auditCount(t, 'network.pivot.end', mandate)).toBe(1);
  });

  it('replaces a pivot once: one successor mandate and one hand-over, the others get 409', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const leaving = await t.createPerson({ roles: ['worker', 'pivot'], organisationId: org });
    const successors = await Promise.all(
      Array.from({ length: 3 }, () => t.createPerson({ roles: ['worker'], organisationId: org })),
    );
    const mandate = await insertMandate(leaving.id, org);
    const result = await race(t, 30, (i) =>
      coordinator.inject({
        method: 'POST',
        url: `/api/network/mandates/${mandate}/replace`,
        payload: { successorPersonId: successors[i % 3]!.id, endDate: '2026-06-30', handover: true },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 29 });
    const winner = result.responses.find((r) => r.statusCode === 200)!.json();
    const opened = (await Promise.all(successors.map((s) => mandatesOf(s.id)))).flat();
    expect(opened.map((m) => m.id)).toEqual([winner.successorMandateId]);
    expect((await mandatesOf(leaving.id))[0]!.successor_mandate_id).toBe(winner.successorMandateId);
    expect(await auditCount(t, 'network.pivot.replace', mandate)).toBe(1);
  });

  it('names a person pivot once when two coordinators do it at the same moment', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const person = await t.createPerson({ roles: ['worker'], organisationId: org });
    const result = await race(t, 30, () =>
      coordinator.inject({
        method: 'POST',
        url: '/api/network/mandates',
        payload: {
          personId: person.id,
          organisationId: org,
          startOn: '2026-06-15',
          expertise: [],
          languages: ['fr'],
        },
      }),
    );
    expect(result.statuses[500]).toBeUndefined();
    expect(result.statuses[201]).toBe(1);
    expect(await mandatesOf(person.id)).toHaveLength(1);
  });

  it('saves agreements given at the same moment one after the other: one document kept, none orphaned', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('table_coordinator');
    const pdf = (n: number) =>
      Buffer.from(
        `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${n}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
        'latin1',
      );
    const filesBefore = await t.platform.db
      .selectFrom('files')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const result = await race(t, 20, (i) =>
      coordinator.inject({
        method: 'PUT',
        url: `/api/network/organisations/${org}/agreement`,
        payload: {
          signedOn: '2026-02-01',
          signatories: 'Direction fictive',
          releasedPersonId: null,
          commitment: `Engagement fictif ${i}.`,
          renewalOn: null,
          document: { filename: `entente-${i}.pdf`, contentBase64: pdf(i).toString('base64') },
        },
      }),
    );
    expect(result.statuses).toEqual({ 200: 20 });
    expect(await auditCount(t, 'network.agreement.create', org)).toBe(1);
    expect(await auditCount(t, 'network.agreement.update', org)).toBe(19);
    const filesAfter = await t.platform.db
      .selectFrom('files')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(filesAfter.n) - Number(filesBefore.n)).toBe(1);
  });

  it('removes a contact once', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('table_coordinator');
    const added = await coordinator.inject({
      method: 'POST',
      url: `/api/network/organisations/${org}/contacts`,
      payload: { name: 'Contact fictif', role: 'Direction', email: null, phone: null },
    });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().id;
    const result = await race(t, 20, () =>
      coordinator.inject({ method: 'DELETE', url: `/api/network/contacts/${id}` }),
    );
    // Gone for the others: absent, like any contact that does not exist.
    expect(result.statuses).toEqual({ 204: 1, 404: 19 });
    expect(await auditCount(t, 'network.contact.delete', id)).toBe(1);
  });
});
