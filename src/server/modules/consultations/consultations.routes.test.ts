import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp, type TestPerson } from '../../../../test/support/app.js';
import { auditEntries } from '../../../../test/support/audit.js';
import { mailsTo } from '../../../../test/support/outbox.js';
import type { Role } from '../../../shared/roles.js';

// Monday 15 June 2026, 10:00 in Québec City.
const START = new Date('2026-06-15T14:00:00Z');
const now = START;
let t: TestApp;

const OBSERVED =
  'Une adolescente rencontrée au local reçoit des cadeaux d’un homme plus âgé rencontré en ligne.';
const QUESTION = 'Comment aborder la question du recrutement sans briser le lien de confiance?';

interface World {
  orgA: string;
  orgB: string;
  orgC: string;
  worker: Agent;
  coordA: Agent;
  pivotA: Agent;
  pivotB: Agent;
  pivotC: Agent;
  coordB: Agent;
  coordC: Agent;
  outsider: Agent;
  table: Agent;
  admin: Agent;
}
let w: World;

async function mandate(person: TestPerson, expertise: string[], languages: string[]) {
  await t.platform.db
    .insertInto('pivot_mandates')
    .values({
      person_id: person.id,
      organisation_id: person.organisationId,
      start_on: '2026-01-01',
      expertise,
      languages,
    })
    .execute();
}

async function agent(roles: Role[], organisationId: string): Promise<Agent> {
  const person = await t.createPerson({ roles, organisationId });
  return t.signIn(person);
}

function askBody(more: Record<string, unknown> = {}) {
  return {
    ageRange: '14_15',
    gender: 'girl',
    setting: 'youth_centre',
    observed: OBSERVED,
    tried: 'Une discussion ouverte sur les relations saines.',
    question: QUESTION,
    urgency: 'urgent',
    language: 'fr',
    target: 'automatic',
    ...more,
  };
}

async function ask(by: Agent, more: Record<string, unknown> = {}) {
  const response = await by.inject({ method: 'POST', url: '/api/consultations', payload: askBody(more) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; [key: string]: unknown };
}

const get = (by: Agent, id: string) => by.inject({ method: 'GET', url: `/api/consultations/${id}` });
const post = (by: Agent, url: string, payload: Record<string, unknown> = {}) =>
  by.inject({ method: 'POST', url, payload } satisfies InjectOptions);

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  const orgA = await t.createOrganisation({ type: 'community', region: 'Capitale-Nationale' });
  const orgB = await t.createOrganisation({ type: 'youth_protection', region: 'Capitale-Nationale' });
  const orgC = await t.createOrganisation({ type: 'health_social_services', region: 'Montréal' });
  const pivotA = await agent(['pivot'], orgA);
  const pivotB = await agent(['pivot'], orgB);
  const pivotC = await agent(['pivot'], orgC);
  await mandate(pivotA.person, ['boys'], ['fr']);
  await mandate(pivotB.person, ['online_exploitation', 'boys'], ['fr', 'en']);
  await mandate(pivotC.person, ['legal'], ['fr', 'en']);
  w = {
    orgA,
    orgB,
    orgC,
    worker: await agent(['worker'], orgA),
    coordA: await agent(['org_coordinator'], orgA),
    pivotA,
    pivotB,
    pivotC,
    coordB: await agent(['org_coordinator'], orgB),
    coordC: await agent(['org_coordinator'], orgC),
    outsider: await agent(['worker'], orgB),
    table: await agent(['table_coordinator'], orgC),
    admin: await agent(['admin'], orgA),
  };
});
afterAll(async () => {
  await t.close();
});

describe('asking', () => {
  it('refuses a text that looks identifying, names the field and the kinds, stores nothing', async () => {
    const before = await t.platform.db
      .selectFrom('consultations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await w.worker.inject({
      method: 'POST',
      url: '/api/consultations',
      payload: askBody({ question: 'Elle a donné son numéro, le 418 555-0199, et son snap: lea_2009.' }),
    });
    expect(response.statusCode).toBe(400);
    const details = response.json().error.details as Array<{ field: string; rule: string; message: string }>;
    expect(details).toHaveLength(1);
    expect(details[0]!.field).toBe('question');
    expect(details[0]!.rule).toBe('consultations_identifying');
    expect(details[0]!.message).toContain('un numéro de téléphone');
    expect(details[0]!.message).toContain('un pseudonyme de réseau social');
    expect(response.body).not.toContain('555-0199');
    const englishWorker = await t.signIn(
      await t.createPerson({ roles: ['worker'], organisationId: w.orgA, locale: 'en-CA' }),
    );
    const english = await englishWorker.inject({
      method: 'POST',
      url: '/api/consultations',
      payload: askBody({ observed: 'She lives at 123 rue Saint-Jean.' }),
    });
    expect(english.statusCode).toBe(400);
    expect(english.json().error.details[0].field).toBe('observed');
    expect(english.json().error.details[0].message).toContain('an address');
    const after = await t.platform.db
      .selectFrom('consultations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a target without what it names', async () => {
    const response = await w.worker.inject({
      method: 'POST',
      url: '/api/consultations',
      payload: askBody({ target: 'pivot' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('targetPersonId');
  });

  it('routes to the own organisation then the region, seals the texts, sets the due time, tells the pivots', async () => {
    const detail = await ask(w.worker);
    expect(detail.status).toBe('open');
    expect(detail.view).toBe('full');
    expect(detail.side).toBe('asker');
    expect(detail.texts).toEqual({
      observed: OBSERVED,
      tried: 'Une discussion ouverte sur les relations saines.',
      question: QUESTION,
    });
    // 4 working hours from Monday 10:00 → 14:00 local.
    expect(detail.dueAt).toBe('2026-06-15T18:00:00.000Z');
    const recipients = detail.recipients as Array<{ personId: string }>;
    expect(recipients.map((r) => r.personId)).toEqual([w.pivotA.person.id, w.pivotB.person.id]);
    const row = await t.platform.db
      .selectFrom('consultations')
      .select(['sealed_texts'])
      .where('id', '=', detail.id)
      .executeTakeFirstOrThrow();
    expect(row.sealed_texts).not.toContain('adolescente');
    const notified = await t.platform.db
      .selectFrom('notifications')
      .select(['person_id', 'kind'])
      .where('kind', '=', 'consultations.asked')
      .where('link', '=', `/consultations/${detail.id}`)
      .execute();
    expect(notified.map((n) => n.person_id).sort()).toEqual([w.pivotA.person.id, w.pivotB.person.id].sort());
    const mails = await mailsTo(t, w.pivotB.person.email, 'consultations_asked');
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.at(-1)!.text).not.toContain('adolescente');
    expect(mails.at(-1)!.text).toContain(`/consultations/${detail.id}`);
    const [audit] = await auditEntries(t.platform.db, {
      action: 'consultations.consultation.ask',
      targetId: detail.id,
    });
    expect(audit).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain('adolescente');
  });

  it('asks a pivot aimed at alone, and refuses one who is absent today', async () => {
    const detail = await ask(w.worker, { target: 'pivot', targetPersonId: w.pivotC.person.id });
    expect((detail.recipients as Array<{ personId: string }>).map((r) => r.personId)).toEqual([
      w.pivotC.person.id,
    ]);
    const mandateRow = await t.platform.db
      .selectFrom('pivot_mandates')
      .select('id')
      .where('person_id', '=', w.pivotC.person.id)
      .executeTakeFirstOrThrow();
    await t.platform.db
      .insertInto('pivot_absences')
      .values({ mandate_id: mandateRow.id, from_on: '2026-06-15', to_on: '2026-06-15', reason: 'vacation' })
      .execute();
    const refused = await w.worker.inject({
      method: 'POST',
      url: '/api/consultations',
      payload: askBody({ target: 'pivot', targetPersonId: w.pivotC.person.id }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('targetPersonId');
    await t.platform.db.deleteFrom('pivot_absences').where('mandate_id', '=', mandateRow.id).execute();
  });

  it('refuses a pivot or an organisation aimed at who cannot answer in the language of the exchange', async () => {
    const count = async () =>
      Number(
        (
          await t.platform.db
            .selectFrom('consultations')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // pivotA's mandate lists French only.
    const pivot = await w.worker.inject({
      method: 'POST',
      url: '/api/consultations',
      payload: askBody({ language: 'en', target: 'pivot', targetPersonId: w.pivotA.person.id }),
    });
    expect(pivot.statusCode).toBe(400);
    expect(pivot.json().error.details[0]).toMatchObject({
      field: 'targetPersonId',
      rule: 'consultations_pivot_language',
    });
    expect(pivot.json().error.details[0].message).toContain('ne parle pas la langue');
    const organisation = await w.worker.inject({
      method: 'POST',
      url: '/api/consultations',
      payload: askBody({ language: 'en', target: 'organisation', targetOrganisationId: w.orgA }),
    });
    expect(organisation.statusCode).toBe(400);
    expect(organisation.json().error.details[0]).toMatchObject({
      field: 'targetOrganisationId',
      rule: 'consultations_organisation_unavailable',
    });
    expect(organisation.json().error.details[0].message).toContain('Organisation visée');
    expect(organisation.json().error.details[0].message).toContain('aucun·e intervenant·e pivot');
    expect(await count()).toBe(before);
    // In English, the organisation's pivots speaking it are asked.
    const routed = await ask(w.worker, {
      language: 'en',
      target: 'organisation',
      targetOrganisationId: w.orgB,
    });
    expect((routed.recipients as Array<{ personId: string }>).map((r) => r.personId)).toEqual([
      w.pivotB.person.id,
    ]);
  });

  it('leaves a consultation nobody fits for the coordinators, who are told', async () => {
    const detail = await ask(w.worker, { target: 'expertise', targetExpertise: 'indigenous_youth' });
    expect(detail.unrouted).toBe(true);
    expect(detail.recipients).toEqual([]);
    expect(detail.targetExpertise).toBe('indigenous_youth');
    const told = await t.platform.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'consultations.unrouted')
      .where('link', '=', `/consultations/${detail.id}`)
      .execute();
    expect(told.map((n) => n.person_id)).toEqual(
      expect.arrayContaining([w.coordA.person.id, w.table.person.id]),
    );
    expect(told.map((n) => n.person_id)).not.toContain(w.coordB.person.id);
    const counts = (await w.table.inject({ method: 'GET', url: '/api/consultations/counts' })).json();
    expect(counts.unroutedForCoordination).toBeGreaterThanOrEqual(1);
    const list = (await w.table.inject({ method: 'GET', url: '/api/consultations?box=coordination' })).json();
    const item = list.items.find((i: { id: string }) => i.id === detail.id);
    expect(item.view).toBe('stub');
    expect(item.askerName).toBeNull();
    // The table's coordination sees the stub, never the texts.
    const stub = await w.table.inject({ method: 'GET', url: `/api/consultations/${detail.id}` });
    expect(stub.statusCode).toBe(200);
    expect(stub.json()).toMatchObject({ view: 'stub', texts: null, askerName: null, messages: [] });
    expect(stub.body).not.toContain('adolescente');
    const coordinator = (await get(w.coordA, detail.id)).json();
    expect(coordinator.view).toBe('full');
    expect(coordinator.texts.question).toBe(QUESTION);
    expect(coordinator.may.askPivot).toBe(true);
    // The coordinators told find it a pivot: the asker's, or the table's (which keeps seeing the stub only).
    const url = `/api/consultations/${detail.id}/recipients`;
    expect((await post(w.worker, url, { personId: w.pivotB.person.id })).statusCode).toBe(403);
    expect((await post(w.coordB, url, { personId: w.pivotB.person.id })).statusCode).toBe(404);
    expect((await post(w.coordA, url, { personId: w.worker.person.id })).statusCode).toBe(400);
    const routed = await post(w.coordA, url, { personId: w.pivotB.person.id });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json().unrouted).toBe(false);
    expect(routed.json().recipients.map((r: { personId: string }) => r.personId)).toEqual([
      w.pivotB.person.id,
    ]);
    const again = await post(w.coordA, url, { personId: w.pivotB.person.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].message).toBe(
      'Cet·te intervenant·e pivot a déjà été sollicité·e pour cette consultation : choisissez-en un·e autre.',
    );
    expect((await get(w.pivotB, detail.id)).json().may.take).toBe(true);
    const other = await ask(w.worker, { target: 'expertise', targetExpertise: 'indigenous_youth' });
    const byTable = await post(w.table, `/api/consultations/${other.id}/recipients`, {
      personId: w.pivotA.person.id,
    });
    expect(byTable.statusCode, byTable.body).toBe(200);
    expect(byTable.json().view).toBe('stub');
    expect(byTable.json().texts).toBeNull();
    expect((await post(w.pivotA, `/api/consultations/${other.id}/take`)).statusCode).toBe(200);
  });
});

describe('who sees a consultation', () => {
  it('shows it to the asker, the pivots asked and the coordinators concerned; 404 to anyone else', async () => {
    const { id } = await ask(w.worker);
    expect((await get(w.pivotA, id)).json().texts.question).toBe(QUESTION);
    expect((await get(w.pivotB, id)).json().side).toBe('recipient');
    expect((await get(w.coordA, id)).json().view).toBe('full');
    // The coordinator of an asked pivot's organisation: the stub only.
    const stub = (await get(w.coordB, id)).json();
    expect(stub.view).toBe('stub');
    expect(stub.texts).toBeNull();
    expect(stub.messages).toEqual([]);
    for (const other of [w.pivotC, w.coordC, w.outsider]) {
      const response = await get(other, id);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('adolescente');
    }
    expect((await get(w.admin, id)).statusCode).toBe(403);
    // The table's coordination never reads a consultation that found its pivots.
    expect((await get(w.table, id)).statusCode).toBe(404);
    expect((await get(w.worker, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    // Nobody outside may act on it either.
    expect((await post(w.pivotC, `/api/consultations/${id}/take`)).statusCode).toBe(404);
    expect((await post(w.outsider, `/api/consultations/${id}/withdraw`)).statusCode).toBe(404);
    expect(
      (await post(w.outsider, `/api/consultations/${id}/messages`, { body: 'Bonjour' })).statusCode,
    ).toBe(404);
  });
});

describe('taking, the thread, bringing in, handing over, closing', () => {
  let id: string;

  it('lets one pivot take it; the other gets 409 and a stub', async () => {
    ({ id } = await ask(w.worker));
    const first = await post(w.pivotB, `/api/consultations/${id}/take`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe('taken');
    expect(first.json().leadName).not.toBeNull();
    const second = await post(w.pivotA, `/api/consultations/${id}/take`);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.details[0].rule).toBe('consultations_already_taken');
    const stub = (await get(w.pivotA, id)).json();
    expect(stub.view).toBe('stub');
    expect(stub.texts).toBeNull();
    expect(stub.status).toBe('taken');
    // The asker was told.
    const told = await t.platform.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'consultations.taken')
      .where('link', '=', `/consultations/${id}`)
      .execute();
    expect(told.map((n) => n.person_id)).toEqual(
      expect.arrayContaining([w.worker.person.id, w.pivotA.person.id]),
    );
    // The asker can no longer withdraw it.
    expect((await post(w.worker, `/api/consultations/${id}/withdraw`)).statusCode).toBe(409);
  });

  it('carries messages between the asker and the pivot, live, and the first answer meets the due time', async () => {
    const fromAsker = await post(w.worker, `/api/consultations/${id}/messages`, {
      body: 'Merci de votre aide.',
    });
    expect(fromAsker.statusCode, fromAsker.body).toBe(201);
    expect((await get(w.worker, id)).json().firstAnswerAt).toBeNull();
    const fromPivot = await post(w.pivotB, `/api/consultations/${id}/messages`, {
      body: 'Commencez par nommer ce que vous observez, sans jugement.',
    });
    expect(fromPivot.statusCode).toBe(201);
    const detail = (await get(w.worker, id)).json();
    expect(detail.firstAnswerAt).toBe(now.toISOString());
    expect(detail.messages.map((m: { authorSide: string; mine: boolean }) => [m.authorSide, m.mine])).toEqual(
      [
        ['asker', true],
        ['pivot', false],
      ],
    );
    const live = await t.platform.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'consultations.message')
      .where('link', '=', `/consultations/${id}`)
      .execute();
    expect(live.map((n) => n.person_id)).toEqual(
      expect.arrayContaining([w.worker.person.id, w.pivotB.person.id]),
    );
    const identifying = await post(w.worker, `/api/consultations/${id}/messages`, {
      body: 'Son courriel est lea.b@exemple.com',
    });
    expect(identifying.statusCode).toBe(400);
    expect(identifying.json().error.details[0].field).toBe('body');
    expect(identifying.json().error.details[0].message).toMatch(/^Message : le texte semble/);
    expect((await get(w.worker, id)).json().messages).toHaveLength(2);
    // A pivot asked but not taking part cannot write.
    expect((await post(w.pivotA, `/api/consultations/${id}/messages`, { body: 'Bonjour' })).statusCode).toBe(
      403,
    );
  });

  it('lets a pivot bring in another and hand over the lead', async () => {
    const brought = await post(w.pivotB, `/api/consultations/${id}/participants`, {
      personId: w.pivotA.person.id,
    });
    expect(brought.statusCode, brought.body).toBe(200);
    expect((await get(w.pivotA, id)).json().view).toBe('full');
    expect(
      (await post(w.pivotB, `/api/consultations/${id}/participants`, { personId: w.pivotA.person.id }))
        .statusCode,
    ).toBe(409);
    expect(
      (await post(w.pivotB, `/api/consultations/${id}/participants`, { personId: w.worker.person.id }))
        .statusCode,
    ).toBe(400);
    const version = (await get(w.pivotB, id)).json().version;
    // Only the lead hands over; a stale version is a conflict.
    expect(
      (await post(w.pivotA, `/api/consultations/${id}/handover`, { personId: w.pivotC.person.id, version }))
        .statusCode,
    ).toBe(409);
    const stale = await post(w.pivotB, `/api/consultations/${id}/handover`, {
      personId: w.pivotC.person.id,
      version: version + 5,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].message).toContain('a changé entre-temps');
    expect(stale.json().error.details[0].message).toContain('rechargez la page');
    const handed = await post(w.pivotB, `/api/consultations/${id}/handover`, {
      personId: w.pivotC.person.id,
      version,
    });
    expect(handed.statusCode, handed.body).toBe(200);
    const detail = (await get(w.pivotC, id)).json();
    expect(detail.may.close).toBe(true);
    expect(detail.participants.find((p: { lead: boolean }) => p.lead).personId).toBe(w.pivotC.person.id);
    // The coordinator of the new lead's organisation now sees it in full; the former lead stays in the thread.
    expect((await get(w.coordC, id)).json().view).toBe('full');
    expect((await get(w.pivotB, id)).json().may.close).toBe(false);
  });

  it('closes it once with a summary and resources; the second close is a conflict', async () => {
    const version = (await get(w.pivotC, id)).json().version;
    const identifying = await post(w.pivotC, `/api/consultations/${id}/close`, {
      summary: 'Appeler M. Tremblay au 418 555-0123.',
      version,
    });
    expect(identifying.statusCode).toBe(400);
    expect(identifying.json().error.details[0].field).toBe('summary');
    const unknown = await post(w.pivotC, `/api/consultations/${id}/close`, {
      summary: 'Résumé.',
      serviceIds: ['00000000-0000-4000-8000-000000000000'],
      version,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].field).toBe('serviceIds.0');
    const [a, b] = await Promise.all([
      post(w.pivotC, `/api/consultations/${id}/close`, { summary: 'Nommer, écouter, orienter.', version }),
      post(w.pivotC, `/api/consultations/${id}/close`, { summary: 'Deuxième fermeture.', version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const detail = (await get(w.worker, id)).json();
    expect(detail.status).toBe('closed');
    expect(['Nommer, écouter, orienter.', 'Deuxième fermeture.']).toContain(detail.summary);
    expect(
      (await auditEntries(t.platform.db, { action: 'consultations.consultation.close', targetId: id }))
        .length,
    ).toBe(1);
    expect(
      (await post(w.worker, `/api/consultations/${id}/messages`, { body: 'Encore merci.' })).statusCode,
    ).toBe(409);
  });

  it('turns it into know-how once, searchable by every staff member, without pointing back', async () => {
    const identifying = await post(w.pivotC, `/api/consultations/${id}/knowledge`, {
      question: 'Que faire quand Jade Tremblay reçoit des cadeaux?',
      answer: 'Nommer.',
      tags: ['online_exploitation'],
      language: 'fr',
    });
    expect(identifying.statusCode).toBe(400);
    expect(identifying.json().error.details[0].field).toBe('question');
    expect(
      (
        await post(w.pivotB, `/api/consultations/${id}/knowledge`, {
          question: 'Q',
          answer: 'R',
          tags: [],
          language: 'fr',
        })
      ).statusCode,
    ).toBe(403);
    const created = await post(w.pivotC, `/api/consultations/${id}/knowledge`, {
      question: 'Comment aborder une adolescente recrutée par des cadeaux en ligne?',
      answer: 'Nommer ce qu’on observe, sans jugement; garder le lien; orienter vers la personne pivot.',
      tags: ['online_exploitation'],
      language: 'fr',
    });
    expect(created.statusCode, created.body).toBe(201);
    const entry = created.json();
    expect(entry).not.toHaveProperty('consultationId');
    expect(JSON.stringify(entry)).not.toContain(id);
    expect(
      (
        await post(w.pivotC, `/api/consultations/${id}/knowledge`, {
          question: 'Encore',
          answer: 'Encore',
          tags: [],
          language: 'fr',
        })
      ).statusCode,
    ).toBe(409);
    // French full text, accents and endings ignored, by someone of another organisation.
    const found = (
      await w.outsider.inject({ method: 'GET', url: '/api/knowledge?q=adolescentes%20recrutees' })
    ).json();
    expect(found.items.map((i: { id: string }) => i.id)).toContain(entry.id);
    const none = (await w.outsider.inject({ method: 'GET', url: '/api/knowledge?q=hippopotame' })).json();
    expect(none.items).toEqual([]);
    const read = (await w.admin.inject({ method: 'GET', url: `/api/knowledge/${entry.id}` })).json();
    expect(read.mayEdit).toBe(false);
    // Its author and the table's coordination edit it; another pivot may not.
    const other = await w.pivotA.inject({
      method: 'PUT',
      url: `/api/knowledge/${entry.id}`,
      payload: {
        question: entry.question,
        answer: 'Autre.',
        tags: [],
        language: 'fr',
        version: entry.version,
      },
    });
    expect(other.statusCode).toBe(403);
    const edited = await w.table.inject({
      method: 'PUT',
      url: `/api/knowledge/${entry.id}`,
      payload: {
        question: entry.question,
        answer: 'Réponse revue par la table.',
        tags: ['online_exploitation', 'schools'],
        language: 'fr',
        version: entry.version,
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().version).toBe(entry.version + 1);
    const stale = await w.pivotC.inject({
      method: 'PUT',
      url: `/api/knowledge/${entry.id}`,
      payload: {
        question: entry.question,
        answer: 'Trop tard.',
        tags: [],
        language: 'fr',
        version: entry.version,
      },
    });
    expect(stale.statusCode).toBe(409);
    expect((await get(w.pivotC, id)).json().knowledgeId).toBe(entry.id);
    expect((await get(w.worker, id)).json().knowledgeId).toBeNull();
  });
});

describe('withdrawing', () => {
  it('lets the asker withdraw an untaken one; nobody can take it afterwards', async () => {
    const { id } = await ask(w.worker);
    expect((await post(w.coordA, `/api/consultations/${id}/withdraw`)).statusCode).toBe(403);
    const withdrawn = await post(w.worker, `/api/consultations/${id}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await post(w.pivotA, `/api/consultations/${id}/take`)).statusCode).toBe(409);
  });
});

describe('lists and counts', () => {
  it('gives each reader their boxes and counts', async () => {
    const { id } = await ask(w.worker);
    const asked = (await w.worker.inject({ method: 'GET', url: '/api/consultations?box=asked' })).json();
    expect(asked.items.map((i: { id: string }) => i.id)).toContain(id);
    const inbox = (
      await w.pivotA.inject({ method: 'GET', url: '/api/consultations?box=inbox&status=open' })
    ).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(id);
    const workerInbox = (
      await w.worker.inject({ method: 'GET', url: '/api/consultations?box=inbox' })
    ).json();
    expect(workerInbox.total).toBe(0);
    const outsider = (await w.outsider.inject({ method: 'GET', url: '/api/consultations?box=asked' })).json();
    expect(outsider.total).toBe(0);
    const counts = (await w.pivotA.inject({ method: 'GET', url: '/api/consultations/counts' })).json();
    expect(counts.waitingForMe).toBeGreaterThanOrEqual(1);
    const workerCounts = (await w.worker.inject({ method: 'GET', url: '/api/consultations/counts' })).json();
    expect(workerCounts.askedOpen).toBeGreaterThanOrEqual(1);
    expect(workerCounts.waitingForMe).toBe(0);
  });
});

describe('targets and settings', () => {
  it('lists the pivots on duty, never the reader', async () => {
    const targets = (
      await w.pivotA.inject({ method: 'GET', url: '/api/consultations/targets?language=en' })
    ).json();
    const ids = targets.pivots.map((p: { personId: string }) => p.personId);
    expect(ids).toContain(w.pivotB.person.id);
    expect(ids).not.toContain(w.pivotA.person.id);
    expect(targets.organisations.map((o: { id: string }) => o.id)).toContain(w.orgB);
  });

  it('lets the table coordination change the due times within bounds', async () => {
    expect(
      (
        await w.worker.inject({
          method: 'PUT',
          url: '/api/consultations/settings',
          payload: { urgentDueHours: 2 },
        })
      ).statusCode,
    ).toBe(403);
    const tooLow = await w.table.inject({
      method: 'PUT',
      url: '/api/consultations/settings',
      payload: { retentionMonths: 3 },
    });
    expect(tooLow.statusCode).toBe(400);
    expect(tooLow.json().error.details[0].field).toBe('retentionMonths');
    const changed = await w.table.inject({
      method: 'PUT',
      url: '/api/consultations/settings',
      payload: { urgentDueHours: 2 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ urgentDueHours: 2, normalDueDays: 2, retentionMonths: 24 });
    const detail = await ask(w.worker);
    expect(detail.dueAt).toBe('2026-06-15T16:00:00.000Z');
    // A request that changes nothing: naming no setting is a 400; the values in force, no audit.
    const audited = async () =>
      (await auditEntries(t.platform.db, { action: 'consultations.settings.update' })).length;
    const before = await audited();
    const empty = await w.table.inject({ method: 'PUT', url: '/api/consultations/settings', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0]).toMatchObject({
      field: 'settings',
      rule: 'consultations_nothing_to_change',
      message: 'Rien à modifier : la demande ne nomme aucun réglage.',
    });
    const same = await w.table.inject({
      method: 'PUT',
      url: '/api/consultations/settings',
      payload: { urgentDueHours: 2, retentionMonths: 24 },
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ urgentDueHours: 2, retentionMonths: 24 });
    expect(await audited()).toBe(before);
    await w.table.inject({
      method: 'PUT',
      url: '/api/consultations/settings',
      payload: { urgentDueHours: 4 },
    });
  });
});
