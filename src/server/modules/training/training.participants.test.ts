import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../../../test/support/app.js';
import { mailsTo as queuedMailsTo } from '../../../../test/support/outbox.js';
import { pdfText } from '../../../../test/support/pdf.js';
import {
  makeCourse,
  makeQuestionnaire,
  makeSession,
  outsideParticipant,
  register as registerRow,
} from '../../../../test/support/questionnaire.factories.js';
import {
  invitationForm,
  invitationIn,
  invitationPath,
  OPEN_COURSE,
  sessionPlanner,
  trainingScenario,
} from '../../../../test/support/training.scenario.js';
import { announceEvaluations } from './evaluation-announcements.service.js';

/**
 * Correcting an outside professional's record (name, e-mail, employer, profession, language): the
 * table for anyone registered through an invitation link, a trainer for the people of the sessions they
 * give; nobody else, and never a member. Certificates generated afterwards carry the corrected name; a
 * corrected address moves the personal links to it.
 */

const now = new Date('2026-09-01T12:00:00Z');
let t: TestApp;
let coordinator: Agent;
let trainer: Agent;
let otherTrainer: Agent;
let openCourse: string;

beforeAll(async () => {
  ({
    t,
    coordinator,
    trainer,
    courseId: openCourse,
  } = await trainingScenario({
    now: () => now,
    course: { ...OPEN_COURSE, code: 'PRX-7', certificateValidityMonths: 24 },
  }));
  otherTrainer = await t.as('trainer');
});
afterAll(async () => {
  await t.close();
});

const sessions = sessionPlanner();
/** A session of the open course on fresh days, given by `giver`, and its invitation page. */
async function createSession(giver: Agent = trainer, capacity = 10) {
  const { session, start } = await sessions.plan(coordinator, {
    courseId: openCourse,
    capacity,
    trainerIds: [giver.person.id],
  });
  return { id: session.id, start, invitation: await invitationPath(giver, session.id) };
}

let people = 0;
/** An outside professional registers through the public invitation form; returns their participant. */
async function registerOutside(
  invitation: string,
  values: { fullName?: string; email?: string; locale?: 'fr-CA' | 'en-CA' } = {},
) {
  people += 1;
  const email = values.email ?? `externe-${people}@hotel-fictif.test`;
  const response = await t.app.inject({
    method: 'POST',
    url: invitationIn(invitation, values.locale),
    // Each person from their own address: the public form is rate-limited per address.
    remoteAddress: `192.0.2.${people}`,
    ...invitationForm({ fullName: values.fullName ?? 'Gisèle Externe', email }),
  });
  expect(response.statusCode, response.body).toBe(202);
  const row = await t.platform.db
    .selectFrom('training_participants as p')
    .innerJoin('training_registrations as r', 'r.participant_id', 'p.id')
    .select(['p.id', 'r.id as registrationId'])
    .where('p.source', '=', 'invited')
    .where(sql<boolean>`lower(p.email) = ${email.toLowerCase()}`)
    .orderBy('r.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { id: row.id, registrationId: row.registrationId, email };
}

async function participantRow(id: string) {
  return t.platform.db
    .selectFrom('training_participants')
    .select(['full_name', 'email', 'organisation_name', 'organisation_type', 'profession', 'locale'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function lastSeq(): Promise<number> {
  const row = await t.platform.db
    .selectFrom('audit_log')
    .select(({ fn }) => fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow();
  return Number(row.seq ?? 0);
}

async function auditSince(seq: number) {
  return t.platform.db
    .selectFrom('audit_log')
    .select(['action', 'target_id', 'actor_id', 'entry'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
}

function correct(agent: Agent, id: string, payload: unknown) {
  return agent.inject({
    method: 'PATCH',
    url: `/api/training/participants/${id}`,
    payload: payload as Record<string, unknown>,
  });
}

/** The e-mails queued to an address, bodies decrypted. */
function mailsTo(to: string, kind?: string) {
  return queuedMailsTo(t, to, kind);
}

const CANCEL_FR = '/inscription-formation/annulation';
const CANCEL_EN = '/en/training-registration/cancel';
const OFFER_FR = '/inscription-formation/offre';

/** The path of a personal link in an e-mail, under the page's path. */
function linkIn(text: string, path: string): string {
  const match = new RegExp(`http://filet\\.test(${path}/[A-Za-z0-9_.-]+)`).exec(text);
  expect(match, `${path} in:\n${text}`).not.toBeNull();
  return match![1]!;
}

let visitors = 0;
/** A visit to a public page, each from its own address (the pages are rate-limited per address). */
function visit(method: 'GET' | 'POST', url: string, answer?: string) {
  visitors += 1;
  return t.app.inject({
    method,
    url,
    remoteAddress: `198.51.100.${visitors % 250}`,
    ...(method === 'POST'
      ? {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: answer === undefined ? '' : new URLSearchParams({ answer }).toString(),
        }
      : {}),
  });
}

async function registrationStatus(id: string) {
  const row = await t.platform.db
    .selectFrom('training_registrations')
    .select(['status', 'link_version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

/** A table coordinator who reads Filet in English (a signed-in person's language wins). */
async function englishCoordinator(): Promise<Agent> {
  return t.signIn(await t.createPerson({ roles: ['table_coordinator'], locale: 'en-CA' }));
}

describe('reading an outside participant', () => {
  it('shows the table everything and a trainer what comes from their sessions; others get nothing', async () => {
    const ours = await createSession(trainer);
    const theirs = await createSession(otherTrainer);
    const outside = await registerOutside(ours.invitation);
    await registerOutside(theirs.invitation, { email: outside.email });

    const byTable = await coordinator.inject({
      method: 'GET',
      url: `/api/training/participants/${outside.id}`,
    });
    expect(byTable.statusCode, byTable.body).toBe(200);
    expect(byTable.json()).toMatchObject({
      id: outside.id,
      fullName: 'Gisèle Externe',
      email: outside.email,
      organisationName: 'Hôtel fictif',
      organisationType: 'hotel',
      profession: 'Réception',
      locale: 'fr-CA',
    });
    expect(
      byTable
        .json()
        .registrations.map((r: { sessionId: string }) => r.sessionId)
        .sort(),
    ).toEqual([ours.id, theirs.id].sort());

    // The trainer sees the person, and only the registration of the session they give.
    const byTrainer = await trainer.inject({
      method: 'GET',
      url: `/api/training/participants/${outside.id}`,
    });
    expect(byTrainer.statusCode, byTrainer.body).toBe(200);
    expect(byTrainer.json().registrations.map((r: { sessionId: string }) => r.sessionId)).toEqual([ours.id]);

    // The session's participant list tells who is an outside professional, and links to them.
    const list = (
      await trainer.inject({ method: 'GET', url: `/api/training/sessions/${ours.id}/participants` })
    ).json();
    expect(list.items[0]).toMatchObject({ participantId: outside.id, outside: true, personId: null });

    // A trainer of neither session: as if it did not exist. Roles without the screen: refused.
    const stranger = await t.as('trainer');
    const hidden = await stranger.inject({ method: 'GET', url: `/api/training/participants/${outside.id}` });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Gisèle');
    for (const role of ['worker', 'org_coordinator', 'pivot'] as const) {
      const agent = await t.as(role);
      const refused = await agent.inject({ method: 'GET', url: `/api/training/participants/${outside.id}` });
      expect(refused.statusCode, role).toBe(403);
    }
    const unknown = await coordinator.inject({
      method: 'GET',
      url: '/api/training/participants/00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('never opens a member: their identity belongs to their account', async () => {
    const session = await createSession(trainer);
    const member = await t.signIn(await t.createPerson({ givenName: 'Mona', familyName: 'Membre' }));
    const registered = await member.inject({
      method: 'POST',
      url: `/api/training/sessions/${session.id}/registrations`,
      payload: {},
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const list = (
      await coordinator.inject({ method: 'GET', url: `/api/training/sessions/${session.id}/participants` })
    ).json();
    const row = list.items.find((p: { name: string }) => p.name === 'Mona Membre');
    expect(row).toMatchObject({ outside: false, personId: member.person.id });
    const seq = await lastSeq();
    for (const agent of [coordinator, trainer]) {
      const read = await agent.inject({
        method: 'GET',
        url: `/api/training/participants/${row.participantId}`,
      });
      expect(read.statusCode).toBe(404);
      const changed = await correct(agent, row.participantId, { fullName: 'Autre Nom' });
      expect(changed.statusCode).toBe(404);
    }
    expect((await participantRow(row.participantId)).full_name).toBe('Mona Membre');
    expect(await auditSince(seq)).toEqual([]);
  });
});

describe('correcting an outside participant', () => {
  it('lets the session’s trainer correct every field, audits the fields changed and never their values', async () => {
    const session = await createSession(trainer);
    const outside = await registerOutside(session.invitation, { fullName: 'Gisle Extrene' });
    const seq = await lastSeq();
    const response = await correct(trainer, outside.id, {
      fullName: '  Gisèle Externe-Dubé ',
      email: 'gisele.dube@hotel-fictif.test',
      organisationName: 'Hôtel fictif du Vieux-Port',
      organisationType: 'shopping_centre',
      profession: 'Sécurité',
      locale: 'en-CA',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      fullName: 'Gisèle Externe-Dubé',
      email: 'gisele.dube@hotel-fictif.test',
      organisationName: 'Hôtel fictif du Vieux-Port',
      organisationType: 'shopping_centre',
      profession: 'Sécurité',
      locale: 'en-CA',
    });
    expect(await participantRow(outside.id)).toEqual({
      full_name: 'Gisèle Externe-Dubé',
      email: 'gisele.dube@hotel-fictif.test',
      organisation_name: 'Hôtel fictif du Vieux-Port',
      organisation_type: 'shopping_centre',
      profession: 'Sécurité',
      locale: 'en-CA',
    });
    const entries = await auditSince(seq);
    expect(entries.map((e) => [e.action, e.target_id, e.actor_id])).toEqual([
      ['training.participant.correct', outside.id, trainer.person.id],
    ]);
    const entry = entries[0]!.entry;
    // A new address: the registration's personal links moved to it (see the links tests below).
    expect(JSON.parse(entry).meta).toEqual({
      fields: ['fullName', 'email', 'organisationName', 'organisationType', 'profession', 'locale'],
      movedRegistrations: 1,
      resentRegistrations: 1,
      resentEvaluations: 0,
      resentCertificates: 0,
    });
    for (const personal of [
      'Gisle',
      'Gisèle',
      'Dubé',
      'hotel-fictif',
      'Vieux-Port',
      'Sécurité',
      'Réception',
    ]) {
      expect(entry).not.toContain(personal);
    }

    // Only what differs is written: the same values again change nothing and audit nothing.
    const after = await lastSeq();
    const same = await correct(coordinator, outside.id, { fullName: 'Gisèle Externe-Dubé', locale: 'en-CA' });
    expect(same.statusCode).toBe(200);
    expect(await auditSince(after)).toEqual([]);
    const partly = await correct(coordinator, outside.id, {
      fullName: 'Gisèle Externe-Dubé',
      profession: 'Gérance',
    });
    expect(partly.statusCode).toBe(200);
    expect(JSON.parse((await auditSince(after))[0]!.entry).meta).toEqual({ fields: ['profession'] });
  });

  it('refuses whoever is out of reach, and changes nothing', async () => {
    const session = await createSession(trainer);
    const outside = await registerOutside(session.invitation);
    const before = await participantRow(outside.id);
    const seq = await lastSeq();
    const hidden = await correct(otherTrainer, outside.id, { fullName: 'Nom Imposé' });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    for (const role of ['worker', 'org_coordinator'] as const) {
      const agent = await t.as(role);
      const refused = await correct(agent, outside.id, { fullName: 'Nom Imposé' });
      expect(refused.statusCode, role).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
    expect(await participantRow(outside.id)).toEqual(before);
    expect(await auditSince(seq)).toEqual([]);
  });

  it('refuses an address another outside participant uses, in the reader’s language, storing nothing', async () => {
    const session = await createSession(trainer);
    const first = await registerOutside(session.invitation);
    const second = await registerOutside(session.invitation);
    const before = await participantRow(first.id);
    const seq = await lastSeq();
    const clash = await correct(coordinator, first.id, {
      fullName: 'Nom Corrigé',
      email: second.email.toUpperCase(),
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.details).toEqual([
      {
        field: 'email',
        rule: 'training_outside_email_taken',
        message: 'Courriel : une autre personne externe inscrite aux formations utilise déjà cette adresse.',
      },
    ]);
    const english = await correct(await englishCoordinator(), first.id, { email: second.email });
    expect(english.statusCode).toBe(400);
    expect(english.json().error.details[0].message).toBe(
      'E-mail: another outside participant already uses this address.',
    );
    expect(await participantRow(first.id)).toEqual(before);
    expect(await auditSince(seq)).toEqual([]);

    // Their own address in other letters is no clash.
    const own = await correct(coordinator, first.id, { email: first.email.toUpperCase() });
    expect(own.statusCode, own.body).toBe(200);
    expect((await participantRow(first.id)).email).toBe(first.email.toUpperCase());
  });

  it('gives one address to one person when two corrections claim it at once', async () => {
    const session = await createSession(trainer);
    const a = await registerOutside(session.invitation);
    const b = await registerOutside(session.invitation);
    const wanted = 'meme-adresse@hotel-fictif.test';
    const answers = await Promise.all([
      correct(coordinator, a.id, { email: wanted }),
      correct(coordinator, b.id, { email: wanted }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    const refused = answers.find((r) => r.statusCode === 400)!;
    expect(refused.json().error.details[0]).toMatchObject({
      field: 'email',
      rule: 'training_outside_email_taken',
    });
    const holders = await t.platform.db
      .selectFrom('training_participants')
      .select('id')
      .where('email', '=', wanted)
      .execute();
    expect(holders).toHaveLength(1);
  });

  it('answers bad input with translated field problems and stores nothing', async () => {
    const session = await createSession(trainer);
    const outside = await registerOutside(session.invitation);
    const before = await participantRow(outside.id);
    const seq = await lastSeq();
    const cases: Array<[unknown, string, string, string]> = [
      [{ fullName: '   ' }, 'fullName', 'required', 'Nom complet : ce champ est obligatoire.'],
      [{ fullName: '' }, 'fullName', 'required', 'Nom complet : ce champ est obligatoire.'],
      [{ fullName: 'x'.repeat(201) }, 'fullName', 'too_long', 'Nom complet : au plus 200 caractères.'],
      [
        { email: 'pas-un-courriel' },
        'email',
        'format_email',
        'Courriel : entrez une adresse courriel valide.',
      ],
      [
        { organisationType: 'casino' },
        'organisationType',
        'one_of',
        'Type d’organisation : cette valeur ne fait pas partie des choix possibles.',
      ],
      [{ organisationName: ' ' }, 'organisationName', 'required', 'Employeur : ce champ est obligatoire.'],
      [{ profession: 'y'.repeat(121) }, 'profession', 'too_long', 'Profession : au plus 120 caractères.'],
      [
        { locale: 'es-MX' },
        'locale',
        'one_of',
        'Langue : cette valeur ne fait pas partie des choix possibles.',
      ],
      [{ personId: null }, 'personId', 'unknown_field', 'Personne : ce champ n’est pas attendu.'],
      [{ fullName: 42 }, 'fullName', 'type', 'Nom complet : le format de la valeur n’est pas le bon.'],
    ];
    for (const [payload, field, rule, message] of cases) {
      const response = await correct(coordinator, outside.id, {
        profession: 'Gérance',
        ...(payload as object),
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(response.json().error.details, JSON.stringify(payload)).toContainEqual({ field, rule, message });
    }
    const english = await correct(await englishCoordinator(), outside.id, { fullName: ' ' });
    expect(english.json().error.details[0].message).toBe('Full name: this field is required.');
    const nul = await correct(coordinator, outside.id, { fullName: 'Gis\u0000le' });
    expect(nul.statusCode).toBe(400);
    expect(await participantRow(outside.id)).toEqual(before);
    expect(await auditSince(seq)).toEqual([]);
  });

  it('is kept when the person registers again through the public form', async () => {
    const first = await createSession(trainer);
    const second = await createSession(trainer);
    const outside = await registerOutside(first.invitation, { fullName: 'Gisle Extrene' });
    const corrected = await correct(trainer, outside.id, {
      fullName: 'Gisèle Externe',
      email: 'gisele.bonne@hotel-fictif.test',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    // The person registers for another session with the corrected address and another spelling.
    const again = await registerOutside(second.invitation, {
      fullName: 'G. Externe',
      email: 'Gisele.Bonne@hotel-fictif.test',
    });
    expect(again.id).toBe(outside.id);
    expect((await participantRow(outside.id)).full_name).toBe('Gisèle Externe');
  });
});

describe('certificates after a correction', () => {
  it('carry the corrected name under the same code, on the PDF and on the public page', async () => {
    const session = await createSession(trainer);
    const outside = await registerOutside(session.invitation, { fullName: 'Gisle Extrene' });
    const completed = await trainer.inject({
      method: 'POST',
      url: `/api/training/sessions/${session.id}/completions`,
      payload: { registrationIds: [outside.registrationId] },
    });
    expect(completed.statusCode, completed.body).toBe(200);
    const detail = (
      await trainer.inject({ method: 'GET', url: `/api/training/participants/${outside.id}` })
    ).json();
    expect(detail.completions).toHaveLength(1);
    const completion = detail.completions[0];
    expect(completion).toMatchObject({ participantId: outside.id, outside: true, name: 'Gisle Extrene' });
    const before = await trainer.inject({
      method: 'GET',
      url: `/api/training/completions/${completion.id}/certificate.pdf`,
    });
    expect(before.statusCode).toBe(200);
    expect(await pdfText(before.rawPayload)).toContain('Gisle Extrene');

    expect((await correct(trainer, outside.id, { fullName: 'Gisèle Externe-Dubé' })).statusCode).toBe(200);

    const after = await coordinator.inject({
      method: 'GET',
      url: `/api/training/completions/${completion.id}/certificate.pdf`,
    });
    expect(after.statusCode).toBe(200);
    const text = await pdfText(after.rawPayload);
    expect(text).toContain('Gisèle Externe-Dubé');
    expect(text).not.toContain('Gisle Extrene');
    expect(text).toContain(`Code de vérification : ${completion.certificateCode}`);
    const page = await t.app.inject({ method: 'GET', url: `/certificats/${completion.certificateCode}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gisèle Externe-Dubé');
    expect(page.body).not.toContain('Gisle Extrene');

    // The records list says who is an outside professional.
    const records = (
      await trainer.inject({ method: 'GET', url: `/api/training/records?q=${encodeURIComponent('dubé')}` })
    ).json();
    expect(records.items).toEqual([
      expect.objectContaining({ id: completion.id, participantId: outside.id, outside: true }),
    ]);
  });
});

describe('a corrected e-mail address', () => {
  it('moves every personal link to it: those sent before change nothing, fresh ones act', async () => {
    const seated = await createSession(trainer, 1);
    const full = await createSession(trainer, 1);
    const freed = await createSession(trainer, 1);
    const member = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const memberSeats: string[] = [];
    for (const session of [full, freed]) {
      const response = await member.inject({
        method: 'POST',
        url: `/api/training/sessions/${session.id}/registrations`,
        payload: {},
      });
      expect(response.statusCode, response.body).toBe(201);
      memberSeats.push(response.json().id);
    }
    const typo = 'gisele@hotel-fictf.test';
    const outside = await registerOutside(seated.invitation, { email: typo });
    await registerOutside(full.invitation, { email: typo });
    await registerOutside(freed.invitation, { email: typo });
    // The member gives up their seat in the last session: it is offered to the outside professional.
    const cancelled = await member.inject({
      method: 'POST',
      url: `/api/training/registrations/${memberSeats[1]}/cancel`,
      payload: {},
    });
    expect(cancelled.statusCode).toBe(204);
    const rows = await t.platform.db
      .selectFrom('training_registrations')
      .select(['id', 'session_id', 'status'])
      .where('participant_id', '=', outside.id)
      .execute();
    const idOf = (sessionId: string) => rows.find((r) => r.session_id === sessionId)!.id;
    expect(rows.map((r) => [r.session_id, r.status]).sort()).toEqual(
      [
        [seated.id, 'confirmed'],
        [full.id, 'waitlisted'],
        [freed.id, 'offered'],
      ].sort(),
    );
    const oldCancel = linkIn((await mailsTo(typo, 'training_confirmed_outside'))[0]!.text, CANCEL_FR);
    const oldWithdraw = linkIn((await mailsTo(typo, 'training_waitlisted_outside'))[0]!.text, CANCEL_FR);
    const oldOffer = linkIn((await mailsTo(typo, 'training_offered_outside'))[0]!.text, OFFER_FR);
    const sentToTypo = (await mailsTo(typo)).length;

    const seq = await lastSeq();
    const fixed = 'gisele@hotel-fictif.test';
    const response = await correct(trainer, outside.id, { email: fixed });
    expect(response.statusCode, response.body).toBe(200);
    const entries = await auditSince(seq);
    expect(entries.map((e) => [e.action, e.target_id])).toEqual([
      ['training.participant.correct', outside.id],
    ]);
    expect(JSON.parse(entries[0]!.entry).meta).toEqual({
      fields: ['email'],
      movedRegistrations: 3,
      resentRegistrations: 3,
      resentEvaluations: 0,
      resentCertificates: 0,
    });
    expect(entries[0]!.entry).not.toContain('hotel-fict');
    for (const id of rows.map((r) => r.id)) expect((await registrationStatus(id)).link_version).toBe(1);

    // The links sent to the mistyped address: a clear page, and nothing changes.
    const after = await lastSeq();
    for (const url of [oldCancel, oldWithdraw]) {
      for (const method of ['GET', 'POST'] as const) {
        const page = await visit(method, url);
        expect(page.statusCode, `${method} ${url}`).toBe(410);
        expect(page.headers['cache-control']).toBe('no-store');
        expect(page.headers['set-cookie']).toBeUndefined();
        expect(page.body).toContain('Ce lien a été remplacé');
        expect(page.body).toContain('correction de l’adresse courriel');
        expect(page.body).not.toContain('<form');
      }
    }
    const offerPage = await visit('GET', oldOffer);
    expect(offerPage.statusCode).toBe(410);
    expect(offerPage.body).toContain('Ce lien a été remplacé');
    for (const answer of ['accept', 'decline']) {
      const answered = await visit('POST', oldOffer, answer);
      expect(answered.statusCode).toBe(410);
      expect(answered.body).toContain('Ce lien a été remplacé');
    }
    expect((await registrationStatus(idOf(seated.id))).status).toBe('confirmed');
    expect((await registrationStatus(idOf(full.id))).status).toBe('waitlisted');
    expect((await registrationStatus(idOf(freed.id))).status).toBe('offered');
    expect(await auditSince(after)).toEqual([]);
    expect(await mailsTo(typo)).toHaveLength(sentToTypo);

    // The corrected address has one e-mail per registration, as it stands, with fresh links.
    const mails = await mailsTo(fixed);
    expect(mails.map((m) => m.kind).sort()).toEqual([
      'training_confirmed_outside',
      'training_offered_outside',
      'training_waitlisted_outside',
    ]);
    const mail = (kind: string) => mails.find((m) => m.kind === kind)!;
    expect(mail('training_confirmed_outside').subject).toBe(
      'Inscription confirmée : Intervenir auprès des proxénètes',
    );
    expect(mail('training_confirmed_outside').text).toContain('Bonjour Gisèle Externe');
    expect(mail('training_confirmed_outside').text).toContain('Votre place est confirmée');
    expect(mail('training_waitlisted_outside').text).toContain('Vous êtes au rang 1 de la liste d’attente');
    expect(mail('training_offered_outside').text).toContain('Elle vous est réservée jusqu’au');
    const newCancel = linkIn(mail('training_confirmed_outside').text, CANCEL_FR);
    const newWithdraw = linkIn(mail('training_waitlisted_outside').text, CANCEL_FR);
    const newOffer = linkIn(mail('training_offered_outside').text, OFFER_FR);
    expect([newCancel, newWithdraw, newOffer]).not.toContain(oldCancel);

    const cancelPage = await visit('GET', newCancel);
    expect(cancelPage.statusCode).toBe(200);
    expect(cancelPage.body).toContain('Confirmer l’annulation');
    const withdrawn = await visit('POST', newWithdraw);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.body).toContain('Votre inscription est annulée');
    expect((await registrationStatus(idOf(full.id))).status).toBe('cancelled');
    const accepted = await visit('POST', newOffer, 'accept');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('Votre place est confirmée');
    expect((await registrationStatus(idOf(freed.id))).status).toBe('confirmed');
    expect(await mailsTo(fixed, 'training_confirmed_outside')).toHaveLength(2);
    expect(await mailsTo(typo)).toHaveLength(sentToTypo);
  });

  it('writes in the participant’s language; the same address in other capitals moves nothing', async () => {
    const session = await createSession(trainer, 1);
    const typo = 'jordan@hotel-fictf.test';
    const outside = await registerOutside(session.invitation, { email: typo, locale: 'en-CA' });
    const [confirmation] = await mailsTo(typo, 'training_confirmed_outside');
    expect(confirmation!.text).toContain('Your seat is confirmed');
    const oldLink = linkIn(confirmation!.text, CANCEL_EN);

    // The same mailbox in capitals: nothing moves, nothing is sent, the link still works.
    let seq = await lastSeq();
    expect((await correct(coordinator, outside.id, { email: 'Jordan@hotel-fictf.test' })).statusCode).toBe(
      200,
    );
    expect(JSON.parse((await auditSince(seq))[0]!.entry).meta).toEqual({ fields: ['email'] });
    expect((await registrationStatus(outside.registrationId)).link_version).toBe(0);
    expect(await mailsTo('Jordan@hotel-fictf.test')).toHaveLength(0);
    expect((await visit('GET', oldLink)).statusCode).toBe(200);

    seq = await lastSeq();
    const fixed = 'jordan@hotel-fictif.test';
    expect((await correct(coordinator, outside.id, { email: fixed })).statusCode).toBe(200);
    expect(JSON.parse((await auditSince(seq))[0]!.entry).meta).toMatchObject({
      movedRegistrations: 1,
      resentRegistrations: 1,
    });
    const replaced = await visit('POST', oldLink);
    expect(replaced.statusCode).toBe(410);
    expect(replaced.body).toContain('This link has been replaced');
    expect(replaced.body).toContain('a corrected e-mail address');
    expect((await registrationStatus(outside.registrationId)).status).toBe('confirmed');
    const [fresh] = await mailsTo(fixed);
    expect(fresh!.kind).toBe('training_confirmed_outside');
    expect(fresh!.subject).toBe('Registration confirmed: Intervening with pimps');
    expect(fresh!.text).toContain('Hello Gisèle Externe');
    const page = await visit('GET', linkIn(fresh!.text, CANCEL_EN));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm the cancellation');

    // A French participant whose address and language are corrected at once hears in English.
    const waiting = await registerOutside(session.invitation, { email: 'remi@hotel-fictf.test' });
    expect((await registrationStatus(waiting.registrationId)).status).toBe('waitlisted');
    expect(
      (await correct(coordinator, waiting.id, { email: 'remi@hotel-fictif.test', locale: 'en-CA' }))
        .statusCode,
    ).toBe(200);
    const [english] = await mailsTo('remi@hotel-fictif.test');
    expect(english!.kind).toBe('training_waitlisted_outside');
    expect(english!.text).toContain('You are number 1 on the wait list');
    linkIn(english!.text, CANCEL_EN);
  });

  it('sends a standing evaluation link again, and nothing for a session under way', async () => {
    const db = t.platform.db;
    await makeQuestionnaire(db, { isDefault: true });
    const courseId = await makeCourse(db, { titleFr: 'Formation évaluée' });
    const over = await makeSession(db, courseId, {
      endsAt: new Date(now.getTime() - 86_400_000),
      trainerIds: [trainer.person.id],
    });
    const underway = await makeSession(db, courseId, {
      endsAt: new Date(now.getTime() + 3_600_000),
      trainerIds: [trainer.person.id],
    });
    const typo = 'eva@hotel-fictf.test';
    const participant = await outsideParticipant(db, { email: typo, fullName: 'Éva Luée' });
    const attended = await registerRow(db, over, participant);
    const attending = await registerRow(db, underway, participant);
    await announceEvaluations(t.platform);
    const [invitation] = await mailsTo(typo, 'training_evaluation_outside');
    const oldLink = linkIn(invitation!.text, '/evaluation-formation');
    expect((await visit('GET', oldLink)).statusCode).toBe(200);

    const seq = await lastSeq();
    const fixed = 'eva@hotel-fictif.test';
    expect((await correct(trainer, participant, { email: fixed })).statusCode).toBe(200);
    expect(JSON.parse((await auditSince(seq))[0]!.entry).meta).toEqual({
      fields: ['email'],
      movedRegistrations: 2,
      resentRegistrations: 0,
      resentEvaluations: 1,
      resentCertificates: 0,
    });
    for (const id of [attended, attending]) expect((await registrationStatus(id)).link_version).toBe(1);
    const stale = await visit('GET', oldLink);
    expect(stale.statusCode).toBe(404);
    expect(stale.body).toContain('Lien d’évaluation invalide');
    const mails = await mailsTo(fixed);
    expect(mails.map((m) => m.kind)).toEqual(['training_evaluation_outside']);
    expect(mails[0]!.text).toContain('Bonjour Éva Luée');
    const form = await visit('GET', linkIn(mails[0]!.text, '/evaluation-formation'));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Formation évaluée');
  });
});
