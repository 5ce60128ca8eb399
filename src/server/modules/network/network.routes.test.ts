import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { rowCount } from '../../../../test/support/concurrency.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { networkReportContributor } from './network.report.js';
import { queueDigests, refreshWarnings } from './warnings.service.js';

// A fixed clock: "today" in the region is 2026-06-15.
const NOW = new Date('2026-06-15T14:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(async () => {
  await t.close();
});

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

function countRows(
  table: 'pivot_mandates' | 'pivot_absences' | 'network_agreements' | 'files' | 'network_warnings',
) {
  return rowCount(t, table);
}

async function rolesOf(personId: string): Promise<string[]> {
  const rows = await t.platform.db
    .selectFrom('person_roles')
    .select('role')
    .where('person_id', '=', personId)
    .execute();
  return rows.map((r) => r.role).sort();
}

async function lastAudit(action: string) {
  return t.platform.db
    .selectFrom('audit_log')
    .select(['action', 'target_id', 'entry'])
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
}

async function insertMandate(
  personId: string,
  organisationId: string,
  start: string,
  end: string | null,
  trained = false,
) {
  const row = await t.platform.db
    .insertInto('pivot_mandates')
    .values({
      person_id: personId,
      organisation_id: organisationId,
      start_on: start,
      end_on: end,
      expertise: ['boys'],
      languages: ['fr'],
      prerequisite_completed_on: trained ? '2025-11-20' : null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Names a pivot through the API; the mandate lists no expertise and no languages unless `fields` do. */
function nameMandate(agent: Agent, fields: Record<string, unknown>, headers?: Record<string, string>) {
  return agent.inject({
    method: 'POST',
    url: '/api/network/mandates',
    ...(headers ? { headers } : {}),
    payload: { expertise: [], languages: [], ...fields },
  });
}

describe('pivot mandates', () => {
  it('lets an organisation coordinator name a pivot of their organisation, grants the pivot role, audits it', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const worker = await t.createPerson({ roles: ['worker'], organisationId: org });
    const response = await coordinator.inject({
      method: 'POST',
      url: '/api/network/mandates',
      payload: {
        personId: worker.id,
        organisationId: org,
        startOn: '2026-06-01',
        expertise: ['boys', 'online_exploitation'],
        languages: ['fr', 'EN'],
        prerequisiteCompletedOn: '2026-05-20',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id;
    expect(await rolesOf(worker.id)).toEqual(['pivot', 'worker']);
    expect((await lastAudit('network.pivot.name'))?.target_id).toBe(id);

    const page = await coordinator.inject({ method: 'GET', url: `/api/network/organisations/${org}` });
    expect(page.statusCode).toBe(200);
    const pivot = page.json().pivots.find((p: { id: string }) => p.id === id);
    expect(pivot).toMatchObject({ status: 'active', languages: ['fr', 'en'], trained: true, endOn: null });
    expect(pivot.person.email).toBe(worker.email);
    expect(page.json().coverage).toMatchObject({ active: 1, trained: 1 });
  });

  it('refuses another organisation’s pivots to an organisation coordinator (403), and stores nothing', async () => {
    const mine = await t.createOrganisation();
    const theirs = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: mine });
    const other = await t.createPerson({ organisationId: theirs });
    const before = await countRows('pivot_mandates');
    const response = await nameMandate(coordinator, {
      personId: other.id,
      organisationId: theirs,
      startOn: '2026-06-01',
    });
    expect(response.statusCode).toBe(403);
    const mandate = await insertMandate(other.id, theirs, '2026-01-01', null);
    for (const request of [
      {
        method: 'POST' as const,
        url: `/api/network/mandates/${mandate}/end`,
        payload: { endOn: '2026-07-01' },
      },
      { method: 'GET' as const, url: `/api/network/mandates/${mandate}/open-work` },
    ]) {
      expect((await coordinator.inject(request)).statusCode).toBe(403);
    }
    expect(await countRows('pivot_mandates')).toBe(before + 1);
  });

  it('refuses with translated messages: end before start, a person of another organisation, a pivot in two organisations', async () => {
    const org = await t.createOrganisation();
    const elsewhere = await t.createOrganisation();
    const coordinator = await t.as('table_coordinator');
    const person = await t.createPerson({ organisationId: org });
    const outsider = await t.createPerson({ organisationId: elsewhere });
    const before = await countRows('pivot_mandates');

    const backwards = await nameMandate(
      coordinator,
      { personId: person.id, organisationId: org, startOn: '2026-06-10', endOn: '2026-06-01' },
      { 'accept-language': 'fr-CA' },
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details[0]).toMatchObject({ field: 'endOn', rule: 'end_before_start' });
    expect(backwards.json().error.details[0].message).toContain('Date de fin');

    const english = await t.signIn(await t.createPerson({ roles: ['table_coordinator'], locale: 'en-CA' }));
    const foreign = await nameMandate(english, {
      personId: outsider.id,
      organisationId: org,
      startOn: '2026-06-10',
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0]).toMatchObject({
      field: 'personId',
      rule: 'person_other_organisation',
    });
    expect(foreign.json().error.details[0].message).toContain('does not belong');

    // The person still holds an open mandate from their time in another organisation.
    await insertMandate(person.id, elsewhere, '2025-01-01', null);
    const twice = await nameMandate(coordinator, {
      personId: person.id,
      organisationId: org,
      startOn: '2026-06-10',
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details[0]).toMatchObject({ field: 'personId', rule: 'pivot_elsewhere' });
    expect(twice.json().error.details[0].message).toContain('autre organisation');
    expect(await countRows('pivot_mandates')).toBe(before + 1);

    const unknownTag = await nameMandate(coordinator, {
      personId: person.id,
      organisationId: org,
      startOn: '2026-06-10',
      expertise: ['pirates'],
    });
    expect(unknownTag.statusCode).toBe(400);
  });

  it('records absences, refuses overlapping ones, shows who is absent today', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const person = await t.createPerson({ organisationId: org });
    const mandate = await insertMandate(person.id, org, '2026-01-01', null);
    const first = await coordinator.inject({
      method: 'POST',
      url: `/api/network/mandates/${mandate}/absences`,
      payload: { fromOn: '2026-06-10', toOn: '2026-06-20', reason: 'vacation' },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().pivots[0].absentUntil).toBe('2026-06-20');
    const before = await countRows('pivot_absences');
    const overlap = await coordinator.inject({
      method: 'POST',
      url: `/api/network/mandates/${mandate}/absences`,
      payload: { fromOn: '2026-06-20', toOn: '2026-06-25', reason: 'training' },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.details[0].rule).toBe('absence_overlap');
    const backwards = await coordinator.inject({
      method: 'POST',
      url: `/api/network/mandates/${mandate}/absences`,
      payload: { fromOn: '2026-07-20', toOn: '2026-07-10', reason: 'training' },
    });
    expect(backwards.json().error.details[0].rule).toBe('end_before_start');
    expect(await countRows('pivot_absences')).toBe(before);
  });

  it('ends a mandate and keeps it with its history; the pivot role goes when no mandate is active', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const person = await t.createPerson({ roles: ['worker', 'pivot'], organisationId: org });
    const mandate = await insertMandate(person.id, org, '2026-01-01', null);
    const ended = await coordinator.inject({
      method: 'POST',
      url: `/api/network/mandates/${mandate}/end`,
      payload: { endOn: '2026-06-14' },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().pivots[0]).toMatchObject({ status: 'ended', endOn: '2026-06-14' });
    expect(await rolesOf(person.id)).toEqual(['worker']);
    const early = await coordinator.inject({
      method: 'PATCH',
      url: `/api/network/mandates/${mandate}`,
      payload: { endOn: '2025-12-01' },
    });
    expect(early.json().error.details[0].rule).toBe('end_before_start');
  });
});

describe('replacing a pivot with a hand-over', () => {
  const assignments = new Map<string, string>();
  beforeAll(() => {
    // A module's open work, as the alert or referral modules will register it.
    t.platform.handover.register({
      key: 'test_cases',
      async countOpen(_db, personId) {
        return [...assignments.values()].filter((p) => p === personId).length;
      },
      async transfer(_trx, { fromPersonId, toPersonId }) {
        if (toPersonId === 'refuse') throw new Error('refused');
        let moved = 0;
        for (const [item, person] of assignments) {
          if (person === fromPersonId) {
            assignments.set(item, toPersonId);
            moved += 1;
          }
        }
        return moved;
      },
    });
  });

  it('ends the mandate, opens the successor’s and moves the open work in one step', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const leaving = await t.createPerson({ roles: ['worker', 'pivot'], organisationId: org });
    const successor = await t.createPerson({ roles: ['worker'], organisationId: org });
    const mandate = await insertMandate(leaving.id, org, '2025-01-01', null);
    assignments.set('case-1', leaving.id);
    assignments.set('case-2', leaving.id);

    const open = await coordinator.inject({
      method: 'GET',
      url: `/api/network/mandates/${mandate}/open-work`,
    });
    expect(open.json().items).toContainEqual({ key: 'test_cases', count: 2 });

    const response = await coordinator.inject({
      method: 'POST',
      url: `/api/network/mandates/${mandate}/replace`,
      payload: { successorPersonId: successor.id, endDate: '2026-06-15', handover: true },
    });
    expect(response.statusCode, response.body).toBe(200);
    // Every module's open work is moved; the test's provider moved its two cases (others had none).
    expect(response.json().handedOver).toMatchObject({ test_cases: 2 });
    expect(
      Object.entries(response.json().handedOver).filter(([key, n]) => key !== 'test_cases' && n !== 0),
    ).toEqual([]);
    expect(assignments.get('case-1')).toBe(successor.id);

    const old = await t.platform.db
      .selectFrom('pivot_mandates')
      .selectAll()
      .where('id', '=', mandate)
      .executeTakeFirstOrThrow();
    expect(old.end_on).toBe('2026-06-15');
    expect(old.successor_mandate_id).toBe(response.json().successorMandateId);
    const next = await t.platform.db
      .selectFrom('pivot_mandates')
      .selectAll()
      .where('id', '=', response.json().successorMandateId)
      .executeTakeFirstOrThrow();
    expect(next).toMatchObject({
      person_id: successor.id,
      start_on: '2026-06-15',
      end_on: null,
      expertise: ['boys'],
    });
    expect(await rolesOf(successor.id)).toEqual(['pivot', 'worker']);
    const audit = await lastAudit('network.pivot.replace');
    expect(audit?.target_id).toBe(mandate);
    expect(JSON.parse(audit!.entry).meta.handover).toContain('test_cases:2');
  });

  it('refuses a successor of another organisation and leaves everything as it was', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('table_coordinator');
    const leaving = await t.createPerson({ organisationId: org });
    const outsider = await t.createPerson({ organisationId: await t.createOrganisation() });
    const mandate = await insertMandate(leaving.id, org, '2025-01-01', null);
    assignments.set('case-3', leaving.id);
    const before = await countRows('pivot_mandates');
    const response = await coordinator.inject({
      method: 'POST',
      url: `/api/network/mandates/${mandate}/replace`,
      payload: { successorPersonId: outsider.id, endDate: '2026-06-15', handover: true },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({
      field: 'successorPersonId',
      rule: 'person_other_organisation',
    });
    expect(await countRows('pivot_mandates')).toBe(before);
    expect(assignments.get('case-3')).toBe(leaving.id);
    const same = await coordinator.inject({
      method: 'POST',
      url: `/api/network/mandates/${mandate}/replace`,
      payload: { successorPersonId: leaving.id, endDate: '2026-06-15', handover: false },
    });
    expect(same.json().error.details[0].rule).toBe('same_person');
  });
});

describe('agreement, contacts and contributions', () => {
  it('stores the signed agreement as a PDF and serves it as an attachment to members', async () => {
    const org = await t.createOrganisation();
    const released = await t.createPerson({ organisationId: org, givenName: 'Élise', familyName: 'Fictive' });
    const coordinator = await t.as('table_coordinator');
    const response = await coordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${org}/agreement`,
      payload: {
        signedOn: '2026-02-01',
        signatories: 'Direction générale fictive',
        releasedPersonId: released.id,
        commitment: 'Libérer une personne deux jours par mois.',
        renewalOn: '2028-02-01',
        document: { filename: 'entente signée.pdf', contentBase64: PDF.toString('base64') },
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().agreement).toMatchObject({
      signedOn: '2026-02-01',
      releasedPerson: { id: released.id, name: 'Élise Fictive' },
      document: { filename: 'entente signée.pdf', sizeBytes: PDF.length },
    });
    const member = await t.as('worker');
    const download = await member.inject({
      method: 'GET',
      url: `/api/network/organisations/${org}/agreement/document`,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it('refuses a document that is not a PDF, a renewal before the signature, a released person of another organisation', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('admin');
    const base = {
      signedOn: '2026-02-01',
      signatories: 'Direction',
      releasedPersonId: null,
      commitment: '',
      renewalOn: null,
    };
    const [agreements, files] = [await countRows('network_agreements'), await countRows('files')];
    const png = await coordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${org}/agreement`,
      payload: {
        ...base,
        document: { filename: 'x.pdf', contentBase64: Buffer.from('not a pdf').toString('base64') },
      },
    });
    expect(png.statusCode).toBe(400);
    expect(png.json().error.details[0]).toMatchObject({ field: 'document', rule: 'file_type' });
    const renewal = await coordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${org}/agreement`,
      payload: { ...base, renewalOn: '2025-01-01' },
    });
    expect(renewal.json().error.details[0].rule).toBe('renewal_before_signature');
    const outsider = await t.createPerson({ organisationId: await t.createOrganisation() });
    const released = await coordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${org}/agreement`,
      payload: { ...base, releasedPersonId: outsider.id },
    });
    expect(released.json().error.details[0].rule).toBe('person_other_organisation');
    expect([await countRows('network_agreements'), await countRows('files')]).toEqual([agreements, files]);
  });

  it('shows contacts’ e-mail and phone only to coordination and the organisation’s coordinator', async () => {
    const org = await t.createOrganisation();
    const orgCoordinator = await t.as('org_coordinator', { organisationId: org });
    const created = await orgCoordinator.inject({
      method: 'POST',
      url: `/api/network/organisations/${org}/contacts`,
      payload: { name: 'Marie Fictive', role: 'Direction', email: 'marie@exemple.test', phone: '555-0100' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const pivot = await t.createPerson({ organisationId: org });
    await insertMandate(pivot.id, org, '2026-01-01', null);
    const seers = [orgCoordinator, await t.as('table_coordinator'), await t.as('admin')];
    for (const agent of seers) {
      const page = (await agent.inject({ method: 'GET', url: `/api/network/organisations/${org}` })).json();
      expect(page.contacts[0]).toMatchObject({
        name: 'Marie Fictive',
        email: 'marie@exemple.test',
        phone: '555-0100',
      });
      expect(page.pivots[0].person.email).toBe(pivot.email);
    }
    const others = [
      await t.as('worker'),
      await t.as('pivot'),
      await t.as('org_coordinator'),
      await t.as('worker', { organisationId: org }),
    ];
    for (const agent of others) {
      const page = (await agent.inject({ method: 'GET', url: `/api/network/organisations/${org}` })).json();
      expect(page.contacts[0]).toEqual({ id: created.json().id, name: 'Marie Fictive', role: 'Direction' });
      expect(page.pivots[0].person.email).toBeUndefined();
      expect(page.warnings).toEqual([]);
    }
    const stranger = await t.as('org_coordinator');
    const refused = await stranger.inject({
      method: 'PATCH',
      url: `/api/network/contacts/${created.json().id}`,
      payload: { role: 'Autre' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('shows the coverage matrix with its holes, also as CSV', async () => {
    const covering = await t.createOrganisation({ name: 'Couvre-tout fictif' });
    const idle = await t.createOrganisation({ name: 'Rien-du-tout fictif' });
    const coordinator = await t.as('table_coordinator');
    const set = await coordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${covering}/contributions`,
      payload: { mandates: ['action_plan', 'training_content'], functions: ['prevention', 'detection'] },
    });
    expect(set.statusCode, set.body).toBe(200);
    const member = await t.as('worker');
    const matrix = (await member.inject({ method: 'GET', url: '/api/network/coverage' })).json();
    expect(matrix.organisations.find((o: { id: string }) => o.id === covering)).toMatchObject({
      mandates: ['action_plan', 'training_content'],
    });
    expect(matrix.holes.organisationsCoveringNothing).toContain(idle);
    expect(matrix.holes.uncoveredFunctions).not.toContain('prevention');
    const english = await t.signIn(await t.createPerson({ roles: ['worker'], locale: 'en-CA' }));
    const csv = await english.inject({ method: 'GET', url: '/api/network/coverage.csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/^attachment;/);
    expect(csv.body).toContain('Organisation,Contribution zones,Training content');
    expect(csv.body).toMatch(/Couvre-tout fictif,,Yes,,Yes,Yes,Yes,,/);
    const bad = await coordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${covering}/contributions`,
      payload: { mandates: ['world_peace'], functions: [] },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('directory', () => {
  it('finds partners and pivots whatever the accents and case', async () => {
    const org = await t.createOrganisation({ name: 'Maison fictive de Québec', region: 'Capitale-Fictive' });
    const pivot = await t.createPerson({
      organisationId: org,
      givenName: 'Zoé',
      familyName: 'Lévesque-Fictive',
    });
    await insertMandate(pivot.id, org, '2026-01-01', null);
    const member = await t.as('worker');
    for (const q of ['Québec', 'quebec', 'QUEBEC']) {
      const result = (
        await member.inject({ method: 'GET', url: `/api/network/directory?q=${encodeURIComponent(q)}` })
      ).json();
      expect(result.organisations.items.map((o: { id: string }) => o.id)).toContain(org);
      expect(result.pivots.items.map((p: { person: { id: string } }) => p.person.id)).toContain(pivot.id);
    }
    const byName = (
      await member.inject({
        method: 'GET',
        url: `/api/network/directory?q=${encodeURIComponent('levesque')}`,
      })
    ).json();
    expect(byName.pivots.items[0].person).toEqual({ id: pivot.id, name: 'Zoé Lévesque-Fictive' });
    const filtered = (
      await member.inject({ method: 'GET', url: '/api/network/directory?q=quebec&expertise=hotels' })
    ).json();
    expect(filtered.pivots.items).toEqual([]);
    const typed = (
      await member.inject({
        method: 'GET',
        url: '/api/network/directory?type=community&region=capitale-fictive',
      })
    ).json();
    expect(typed.organisations.items.map((o: { id: string }) => o.id)).toEqual([org]);
    const bad = await member.inject({ method: 'GET', url: '/api/network/directory?expertise=pirates' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('coverage warnings and digest', () => {
  it('warns once when an organisation falls under target or a pivot leaves within 60 days, and sends a weekly digest', async () => {
    const org = await t.createOrganisation({ name: 'Sous-la-cible fictif' });
    const orgCoordinator = await t.createPerson({ roles: ['org_coordinator'], organisationId: org });
    const tableCoordinator = await t.as('table_coordinator');
    const trained = await t.createPerson({ organisationId: org });
    const leaving = await t.createPerson({ organisationId: org, givenName: 'Paul', familyName: 'Partant' });
    await insertMandate(trained.id, org, '2026-01-01', null, true);
    await insertMandate(leaving.id, org, '2026-01-01', '2026-07-31');
    const target = await tableCoordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${org}/target`,
      payload: { target: 2 },
    });
    expect(target.statusCode).toBe(200);
    const notificationsOf = (personId: string) =>
      t.platform.db
        .selectFrom('notifications')
        .select(['kind', 'link'])
        .where('person_id', '=', personId)
        .execute();
    const expected = [
      { kind: 'network.coverage_warning', link: `/reseau/organisations/${org}` },
      { kind: 'network.pivot_ending', link: `/reseau/organisations/${org}` },
    ];
    expect(await notificationsOf(orgCoordinator.id)).toEqual(expect.arrayContaining(expected));
    expect(await notificationsOf(orgCoordinator.id)).toHaveLength(2);

    // The daily runs do not repeat warnings whose condition still holds.
    await t.platform.db.transaction().execute((trx) => refreshWarnings(t.platform, trx));
    await t.platform.db.transaction().execute((trx) => refreshWarnings(t.platform, trx));
    expect(await notificationsOf(orgCoordinator.id)).toHaveLength(2);
    expect((await notificationsOf(tableCoordinator.person.id)).length).toBeGreaterThanOrEqual(2);

    const page = (
      await tableCoordinator.inject({ method: 'GET', url: `/api/network/organisations/${org}` })
    ).json();
    expect(page.warnings.map((w: { kind: string }) => w.kind).sort()).toEqual(['coverage', 'pivot_ending']);

    const queued = await queueDigests(t.platform);
    expect(queued).toBeGreaterThanOrEqual(2);
    const mail = await t.platform.db
      .selectFrom('email_outbox')
      .select(['to_address', 'subject', 'kind'])
      .where('to_address', '=', orgCoordinator.email)
      .executeTakeFirstOrThrow();
    expect(mail.kind).toBe('network_digest');
    expect(mail.subject).toContain('2');

    // Lowering the target closes the coverage warning.
    await tableCoordinator.inject({
      method: 'PUT',
      url: `/api/network/organisations/${org}/target`,
      payload: { target: 1 },
    });
    const open = await t.platform.db
      .selectFrom('network_warnings')
      .select('kind')
      .where('organisation_id', '=', org)
      .where('closed_at', 'is', null)
      .execute();
    expect(open.map((w) => w.kind)).toEqual(['pivot_ending']);
  });
});

describe('annual report contribution', () => {
  it('computes organisations by type, pivots per organisation and coverage against target, translated', async () => {
    const org = await t.createOrganisation({ name: 'Rapport fictif', type: 'police' });
    const person = await t.createPerson({ organisationId: org });
    await insertMandate(person.id, org, '2026-02-01', null, true);
    await t.platform.db
      .insertInto('network_profiles')
      .values({ organisation_id: org, pivot_target: 3 })
      .execute();
    const fr = await networkReportContributor.compute(t.platform.db, {
      year: 2026,
      locale: 'fr-CA',
      timeZone: REGION_TIME_ZONE,
    });
    expect(fr.key).toBe('network');
    expect(fr.title).toContain('intervenant');
    const coverage = fr.tables[1]!;
    expect(coverage.rows).toContainEqual(['Rapport fictif', 1, 1, 3, 'Sous la cible']);
    expect(fr.charts[0]!.categories).toContain('Rapport fictif');
    const en = await networkReportContributor.compute(t.platform.db, {
      year: 2026,
      locale: 'en-CA',
      timeZone: REGION_TIME_ZONE,
    });
    expect(en.tables[0]!.rows).toContainEqual(['Police', expect.any(Number)]);
    const before = await networkReportContributor.compute(t.platform.db, {
      year: 2020,
      locale: 'en-CA',
      timeZone: REGION_TIME_ZONE,
    });
    expect(before.figures[1]!.value).toBe(0);
  });
});
