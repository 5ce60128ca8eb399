import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp, type TestPerson } from '../../../../test/support/app.js';
import { csvLines } from '../../../../test/support/csv.js';
import { mailsTo } from '../../../../test/support/outbox.js';
import { remindAccessReviews } from './access-review.service.js';

let clock = new Date('2026-12-01T15:00:00.000Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const MINUTE = 60_000;
const DAY = 86_400_000;

let t: TestApp;
let centre: string;
let police: string;
let table: string;
let centreCoordinator: Agent;
let centrePrivacy: Agent;
let centreWorker: Agent;
let policeCoordinator: Agent;
let tableCoordinator: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  centre = await t.createOrganisation({ type: 'youth_protection', name: 'Centre jeunesse fictif (accès)' });
  police = await t.createOrganisation({ type: 'police', name: 'Police fictive (accès)' });
  table = await t.createOrganisation({ type: 'community', name: 'Table fictive (accès)' });
  centreCoordinator = await t.as('org_coordinator', { organisationId: centre });
  centrePrivacy = await t.as('privacy_officer', { organisationId: centre });
  centreWorker = await t.as('worker', { organisationId: centre });
  policeCoordinator = await t.as('org_coordinator', { organisationId: police });
  tableCoordinator = await t.as('table_coordinator', { organisationId: table });
  admin = await t.as('admin', { organisationId: table });
});
afterAll(async () => {
  await t.close();
});

async function notificationsOf(agent: Agent): Promise<Array<{ kind: string; link: string | null }>> {
  const response = await agent.inject({ method: 'GET', url: '/api/notifications' });
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

async function createProfile(agent: Agent): Promise<string> {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/alerts/profiles',
    payload: {
      givenName: 'Zéphyrine',
      familyName: 'Accès-Fictif',
      dateOfBirth: '2010-05-04',
      sharingBasis: 'Autorisation DPJ (fictive).',
      unit: 'Unité fictive',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function propose(by: Agent, person: TestPerson, roles: string[]) {
  return by.inject({ method: 'PUT', url: `/api/people/${person.id}/roles`, payload: { roles } });
}

async function pendingId(personId: string, role: string): Promise<string> {
  const row = await t.platform.db
    .selectFrom('role_requests')
    .select('id')
    .where('person_id', '=', personId)
    .where('role', '=', role as never)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await t.platform.db
    .selectFrom('audit_log')
    .select('action')
    .where('target_id', '=', targetId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action ?? '');
}

describe('a role inside an organisation takes effect only with its consent', () => {
  it('a worker put into a youth centre by the table reads no profile until the centre approves', async () => {
    const profileId = await createProfile(centreWorker);
    const outsider = await t.createPerson({ organisationId: centre, roles: [] });
    const session = await t.signIn(outsider);

    const proposed = await propose(tableCoordinator, outsider, ['worker']);
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(proposed.json().roles).toEqual([]);
    expect(proposed.json().pendingRoles).toMatchObject([{ role: 'worker' }]);
    // The insider path: with the role only proposed, the centre's profiles stay closed.
    expect((await session.inject({ method: 'GET', url: '/api/alerts/profiles' })).statusCode).toBe(403);

    // The centre is told at once, in the app and by e-mail, without content.
    for (const approver of [centreCoordinator, centrePrivacy]) {
      expect(await notificationsOf(approver)).toContainEqual(
        expect.objectContaining({ kind: 'access.proposed', link: `/organisations/${centre}/acces` }),
      );
      const mails = await mailsTo(t, approver.person.email, 'access_proposed');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).not.toContain(outsider.email);
      expect(mails[0]!.text).not.toContain('Fictif');
    }

    const id = await pendingId(outsider.id, 'worker');
    // Neither the proposer nor the person concerned can approve it.
    const byTable = await tableCoordinator.inject({
      method: 'POST',
      url: `/api/role-requests/${id}/approve`,
      payload: {},
    });
    expect(byTable.statusCode).toBe(403);
    const otherCoordinator = await t.as('org_coordinator', { organisationId: police });
    const byOther = await otherCoordinator.inject({
      method: 'POST',
      url: `/api/role-requests/${id}/approve`,
      payload: {},
    });
    expect(byOther.statusCode).toBe(404);

    const approved = await centrePrivacy.inject({
      method: 'POST',
      url: `/api/role-requests/${id}/approve`,
      payload: {},
    });
    expect(approved.statusCode, approved.body).toBe(204);
    const list = await session.inject({ method: 'GET', url: '/api/alerts/profiles' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(profileId);
    const again = await centreCoordinator.inject({
      method: 'POST',
      url: `/api/role-requests/${id}/approve`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);

    const held = await t.platform.db
      .selectFrom('person_roles')
      .selectAll()
      .where('person_id', '=', outsider.id)
      .executeTakeFirstOrThrow();
    expect(held).toMatchObject({
      role: 'worker',
      consent: 'approved',
      granted_by: tableCoordinator.person.id,
      approved_by: centrePrivacy.person.id,
    });
    expect(await auditActions(outsider.id)).toEqual([
      'accounts.person.set_roles',
      'accounts.role_request.approve',
    ]);
    expect(await notificationsOf(tableCoordinator)).toContainEqual(
      expect.objectContaining({ kind: 'access.approved' }),
    );
  });

  it('an account the administration invites into a police service reads no tip until the service approves', async () => {
    const analyst = await t.as('police_analyst', { organisationId: police });
    const tip = await analyst.inject({
      method: 'POST',
      url: '/api/tips',
      payload: { channel: 'place', facts: 'Un appel fictif au sujet d’un motel.' },
    });
    expect(tip.statusCode, tip.body).toBe(201);

    const invited = await admin.inject({
      method: 'POST',
      url: '/api/people/invitations',
      payload: {
        email: 'analyste.invitee@exemple.test',
        givenName: 'Analyste',
        familyName: 'Invitée-Fictive',
        organisationId: police,
        roles: ['police_analyst'],
        locale: 'fr-CA',
      },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const personId = invited.json().id as string;
    const roles = await t.platform.db
      .selectFrom('person_roles')
      .select('role')
      .where('person_id', '=', personId)
      .execute();
    expect(roles).toEqual([]);
    expect(await mailsTo(t, policeCoordinator.person.email, 'access_proposed')).toHaveLength(1);

    // Same path with an account that can sign in: no tip until the service consents.
    const outsider = await t.createPerson({ organisationId: police, roles: [] });
    const session = await t.signIn(outsider);
    expect((await propose(admin, outsider, ['police_analyst'])).statusCode).toBe(200);
    expect((await session.inject({ method: 'GET', url: '/api/tips' })).statusCode).toBe(403);
    const id = await pendingId(outsider.id, 'police_analyst');
    expect(
      (
        await policeCoordinator.inject({
          method: 'POST',
          url: `/api/role-requests/${id}/approve`,
          payload: {},
        })
      ).statusCode,
    ).toBe(204);
    const queue = await session.inject({ method: 'GET', url: '/api/tips' });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.length).toBeGreaterThan(0);
  });

  it('the organisation’s own coordination grants at once, and a refused or withdrawn proposal grants nothing', async () => {
    const person = await t.createPerson({ organisationId: centre, roles: [] });
    const granted = await propose(centreCoordinator, person, ['pivot']);
    expect(granted.statusCode).toBe(200);
    expect(granted.json().roles).toEqual(['pivot']);
    const row = await t.platform.db
      .selectFrom('person_roles')
      .select(['consent', 'approved_by'])
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ consent: 'own_organisation', approved_by: centreCoordinator.person.id });
    // The privacy officer hears of it; the coordinator who acted does not notify themself.
    expect(await mailsTo(t, centrePrivacy.person.email, 'access_changed')).not.toHaveLength(0);

    const second = await t.createPerson({ organisationId: centre, roles: [] });
    await propose(tableCoordinator, second, ['privacy_officer']);
    const refused = await centreCoordinator.inject({
      method: 'POST',
      url: `/api/role-requests/${await pendingId(second.id, 'privacy_officer')}/refuse`,
      payload: {},
    });
    expect(refused.statusCode).toBe(204);
    await propose(tableCoordinator, second, ['worker']);
    const workerRequest = await pendingId(second.id, 'worker');
    const foreign = await t.as('org_coordinator', { organisationId: police });
    const cancel = (agent: Agent) =>
      agent.inject({ method: 'POST', url: `/api/role-requests/${workerRequest}/cancel`, payload: {} });
    expect((await cancel(foreign)).statusCode).toBe(404);
    expect((await cancel(tableCoordinator)).statusCode).toBe(204);
    expect((await cancel(tableCoordinator)).statusCode).toBe(409);
    const held = await t.platform.db
      .selectFrom('person_roles')
      .select('role')
      .where('person_id', '=', second.id)
      .execute();
    expect(held).toEqual([]);
  });

  it('the first coordinator of a new organisation is its one bootstrap grant, and stays visible as such', async () => {
    const fresh = await t.createOrganisation({ type: 'youth_protection', name: 'Centre fictif tout neuf' });
    const first = await t.createPerson({ organisationId: fresh, roles: [] });
    const granted = await propose(admin, first, ['org_coordinator']);
    expect(granted.json().roles).toEqual(['org_coordinator']);
    const firstSession = await t.signIn(first);
    const review = await firstSession.inject({ method: 'GET', url: `/api/organisations/${fresh}/access` });
    expect(review.statusCode).toBe(200);
    expect(review.json().bootstrap).toMatchObject({
      person: { id: first.id },
      by: { id: admin.person.id },
    });
    expect(review.json().holdings).toMatchObject([{ role: 'org_coordinator', consent: 'bootstrap' }]);

    // Disabling the coordinator does not give the bootstrap back: the next one needs the centre.
    expect(
      (await tableCoordinator.inject({ method: 'POST', url: `/api/people/${first.id}/disable`, payload: {} }))
        .statusCode,
    ).toBe(200);
    const second = await t.createPerson({ organisationId: fresh, roles: [] });
    const proposed = await propose(tableCoordinator, second, ['org_coordinator']);
    expect(proposed.json().roles).toEqual([]);
    expect(proposed.json().pendingRoles).toMatchObject([{ role: 'org_coordinator' }]);
  });

  it('two approvers deciding at once: exactly one decision counts, the others get 409', async () => {
    const person = await t.createPerson({ organisationId: centre, roles: [] });
    await propose(tableCoordinator, person, ['pivot']);
    const id = await pendingId(person.id, 'pivot');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? centreCoordinator : centrePrivacy).inject({
          method: 'POST',
          url: `/api/role-requests/${id}/${i % 3 === 0 ? 'refuse' : 'approve'}`,
          payload: {},
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 204)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    const decisions = (await auditActions(person.id)).filter((a) => a !== 'accounts.person.set_roles');
    expect(decisions).toHaveLength(1);
  });

  it('withdrawing a role tells the organisation, and the access review keeps who holds what', async () => {
    const person = await t.createPerson({ organisationId: centre, roles: ['worker', 'trainer'] });
    const before = (await mailsTo(t, centreCoordinator.person.email, 'access_changed')).length;
    const withdrawn = await propose(tableCoordinator, person, ['trainer']);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().roles).toEqual(['trainer']);
    expect(await mailsTo(t, centreCoordinator.person.email, 'access_changed')).toHaveLength(before + 1);
    // A table role given by the table needs no consent but is still told.
    const trainer = await propose(tableCoordinator, person, ['trainer', 'researcher']);
    expect(trainer.json().roles).toEqual(['researcher', 'trainer']);
    expect(await mailsTo(t, centreCoordinator.person.email, 'access_changed')).toHaveLength(before + 2);
  });
});

describe('access review', () => {
  it('is for the organisation’s coordinators and privacy officer, as JSON and as CSV, audited', async () => {
    for (const agent of [tableCoordinator, admin, policeCoordinator]) {
      const refused = await agent.inject({ method: 'GET', url: `/api/organisations/${centre}/access` });
      expect(refused.statusCode, 'not the centre').toBe(403);
    }
    expect(
      (await centreWorker.inject({ method: 'GET', url: `/api/organisations/${centre}/access.csv` }))
        .statusCode,
    ).toBe(403);
    const review = await centreCoordinator.inject({
      method: 'GET',
      url: `/api/organisations/${centre}/access`,
    });
    expect(review.statusCode).toBe(200);
    const body = review.json();
    expect(body.holdings).toContainEqual(
      expect.objectContaining({
        person: expect.objectContaining({ id: centreWorker.person.id }),
        role: 'worker',
        consent: 'legacy',
      }),
    );
    expect(body.lastAttestation).toBeNull();

    const csv = await centrePrivacy.inject({ method: 'GET', url: `/api/organisations/${centre}/access.csv` });
    const lines = csvLines(csv);
    expect(lines[0]).toBe(
      'Personne,Statut du compte,Rôle,État,Consentement,Depuis,Attribué par,Approuvé par,Approuvé le',
    );
    expect(lines.length).toBe(
      body.holdings.length +
        1 +
        body.requests.filter((r: { status: string }) => r.status === 'pending').length,
    );
    const englishOfficer = await t.signIn(
      await t.createPerson({ organisationId: centre, roles: ['privacy_officer'], locale: 'en-CA' }),
    );
    const english = await englishOfficer.inject({
      method: 'GET',
      url: `/api/organisations/${centre}/access.csv`,
    });
    expect(english.body).toContain('Person,Account status,Role,State,Consent');
    expect(await auditActions(centre)).toContain('accounts.access_review.export');
  });
});

describe('emergency access', () => {
  it('is time-limited, justified, told to the organisation at once, and reviewed by it', async () => {
    await createProfile(centreWorker);
    expect((await admin.inject({ method: 'GET', url: '/api/alerts/profiles' })).statusCode).toBe(403);
    const justification = 'Jeune fictive disparue, coordination injoignable la nuit : vérifier le profil.';
    const opened = await admin.inject({
      method: 'POST',
      url: '/api/emergency-access',
      payload: { organisationId: centre, roles: ['worker'], durationMinutes: 20, justification },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id as string;
    for (const approver of [centreCoordinator, centrePrivacy]) {
      const mails = await mailsTo(t, approver.person.email, 'access_emergency');
      expect(mails.length).toBeGreaterThan(0);
      expect(mails.at(-1)!.text).not.toContain('injoignable');
      expect(await notificationsOf(approver)).toContainEqual(
        expect.objectContaining({ kind: 'access.emergency' }),
      );
    }
    const session = (await admin.inject({ method: 'GET', url: '/api/auth/session' })).json();
    expect(session.emergency).toMatchObject({ id, organisation: { id: centre } });
    expect((await admin.inject({ method: 'GET', url: '/api/alerts/profiles' })).statusCode).toBe(200);
    // Emergency access never speaks for the organisation.
    expect(
      (await admin.inject({ method: 'GET', url: `/api/organisations/${centre}/access` })).statusCode,
    ).toBe(403);

    advance(21 * MINUTE);
    expect((await admin.inject({ method: 'GET', url: '/api/alerts/profiles' })).statusCode).toBe(403);
    expect((await admin.inject({ method: 'GET', url: '/api/auth/session' })).json().emergency).toBeNull();

    const review = (
      await centreCoordinator.inject({ method: 'GET', url: `/api/organisations/${centre}/access` })
    ).json();
    const entry = review.emergencies.find((e: { id: string }) => e.id === id);
    expect(entry).toMatchObject({
      justification,
      active: false,
      roles: ['worker'],
      review: { status: 'pending' },
      canReview: true,
    });
    expect(entry.actions).toBeGreaterThan(0);
    const contested = await centreCoordinator.inject({
      method: 'POST',
      url: `/api/emergency-access/${id}/review`,
      payload: { decision: 'contested' },
    });
    expect(contested.statusCode).toBe(204);
    const twice = await centrePrivacy.inject({
      method: 'POST',
      url: `/api/emergency-access/${id}/review`,
      payload: { decision: 'accepted' },
    });
    expect(twice.statusCode).toBe(409);
    expect(await notificationsOf(admin)).toContainEqual(
      expect.objectContaining({ kind: 'access.emergency_contested' }),
    );
  });

  it('refuses what the rule forbids, with clear messages, and ends early on request', async () => {
    const base = {
      organisationId: police,
      roles: ['police_analyst'],
      durationMinutes: 60,
      justification: 'Une justification fictive assez longue.',
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ durationMinutes: 241 }, 'durationMinutes'],
      [{ justification: 'trop court' }, 'justification'],
      [{ roles: ['org_coordinator'] }, 'roles'],
      [{ roles: ['privacy_officer'] }, 'roles'],
      [{ organisationId: table }, 'organisationId'],
    ];
    for (const [change, field] of cases) {
      const response = await admin.inject({
        method: 'POST',
        url: '/api/emergency-access',
        payload: { ...base, ...change },
      });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.json().error.details[0].field.split('.')[0]).toBe(field);
      expect(response.json().error.details[0].message).toMatch(/\S/);
    }
    expect(
      (await tableCoordinator.inject({ method: 'POST', url: '/api/emergency-access', payload: base }))
        .statusCode,
    ).toBe(403);
    const count = await t.platform.db
      .selectFrom('emergency_access')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', police)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);

    const opened = await admin.inject({ method: 'POST', url: '/api/emergency-access', payload: base });
    expect(opened.statusCode).toBe(201);
    expect((await admin.inject({ method: 'GET', url: '/api/tips' })).statusCode).toBe(200);
    const id = opened.json().id;
    expect(
      (await admin.inject({ method: 'POST', url: `/api/emergency-access/${id}/end`, payload: {} }))
        .statusCode,
    ).toBe(204);
    expect(
      (await admin.inject({ method: 'POST', url: `/api/emergency-access/${id}/end`, payload: {} }))
        .statusCode,
    ).toBe(409);
    expect((await admin.inject({ method: 'GET', url: '/api/tips' })).statusCode).toBe(403);
    const mine = (await admin.inject({ method: 'GET', url: '/api/emergency-access' })).json();
    expect(mine.items[0]).toMatchObject({ id, active: false, organisation: { id: police } });
    expect(mine.organisations.map((o: { id: string }) => o.id)).not.toContain(table);
  });
});

// Last: it moves the clock by months, past every session opened above.
describe('access review reminders', () => {
  it('reminds every organisation to attest it every 90 days, once per period, whatever the number of runs', async () => {
    const org = await t.createOrganisation({ type: 'community', name: 'Organisme fictif (revue)' });
    await t.platform.db
      .updateTable('organisations')
      .set({ created_at: clock } as never)
      .where('id', '=', org)
      .execute();
    let coordinator = await t.as('org_coordinator', { organisationId: org });
    const mails = () => mailsTo(t, coordinator.person.email, 'access_review_due');
    await remindAccessReviews(t.platform);
    expect(await mails()).toHaveLength(0);
    advance(91 * DAY);
    await Promise.all([remindAccessReviews(t.platform), remindAccessReviews(t.platform)]);
    expect(await mails()).toHaveLength(1);
    await remindAccessReviews(t.platform);
    expect(await mails()).toHaveLength(1);
    advance(15 * DAY);
    await remindAccessReviews(t.platform);
    expect(await mails()).toHaveLength(2);

    // Sessions do not outlive these months: sign in again.
    coordinator = await t.signIn(coordinator.person);
    const attested = await coordinator.inject({
      method: 'POST',
      url: `/api/organisations/${org}/access/attestations`,
      payload: {},
    });
    expect(attested.statusCode).toBe(204);
    const review = (
      await coordinator.inject({ method: 'GET', url: `/api/organisations/${org}/access` })
    ).json();
    expect(review.lastAttestation).toMatchObject({ by: { id: coordinator.person.id }, holdings: 1 });
    expect(review.overdue).toBe(false);
    expect(new Date(review.dueAt).getTime()).toBe(clock.getTime() + 90 * DAY);
    advance(30 * DAY);
    await remindAccessReviews(t.platform);
    expect(await mails()).toHaveLength(2);
  });
});
