import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../../../test/support/app.js';
import { mailsTo as queuedMailsTo } from '../../../../test/support/outbox.js';
import {
  makeCourse,
  makeQuestionnaire,
  makeSession,
  outsideParticipant,
  participantOf,
  register as registerRow,
} from '../../../../test/support/questionnaire.factories.js';
import {
  invitationForm,
  invitationIn,
  invitationPath,
  OPEN_COURSE,
  sessionPlanner,
  type TrainingScenario,
  trainingScenario,
} from '../../../../test/support/training.scenario.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { announceEvaluations } from './evaluation-announcements.service.js';
import { linkSecret, signLink, verifyLink } from './training.links.js';
import { expireOffers } from './waitlist.service.js';

/**
 * Cancelling or changing a session tells its people; outside professionals (no account) cancel their
 * own registration, answer a seat offered from the wait list and fill the session's evaluation through
 * personal signed links, which stop working once the registration they were sent for is renewed.
 */

let now = new Date('2026-09-01T12:00:00Z');
let t: TestApp;
let coordinator: Agent;
let trainer: Agent;
let openCourse: string;

beforeAll(async () => {
  ({
    t,
    coordinator,
    trainer,
    courseId: openCourse,
  } = await trainingScenario({ now: () => now, course: { ...OPEN_COURSE, code: 'PRX-9' } }));
});
afterAll(async () => {
  await t.close();
});

const sessions = sessionPlanner();
/** A session of the open course on fresh days, given by the trainer (of another programme if given). */
async function createSession(capacity: number, programme?: TrainingScenario) {
  const {
    coordinator: planner,
    trainer: giver,
    courseId,
  } = programme ?? { coordinator, trainer, courseId: openCourse };
  const { session, start } = await sessions.plan(planner, {
    courseId,
    capacity,
    trainerIds: [giver.person.id],
  });
  return { id: session.id, start, invitation: await invitationPath(giver, session.id) };
}

async function register(agent: Agent, sessionId: string) {
  const response = await agent.inject({
    method: 'POST',
    url: `/api/training/sessions/${sessionId}/registrations`,
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; status: string };
}

/** An outside professional registers through the invitation page, in French or in English. */
async function registerOutside(invitation: string, email: string, locale: 'fr-CA' | 'en-CA' = 'fr-CA') {
  const response = await t.app.inject({
    method: 'POST',
    url: invitationIn(invitation, locale),
    ...invitationForm({ fullName: 'Gisèle Externe', email }),
  });
  expect(response.statusCode, response.body).toBe(202);
  return registrationOf(email);
}

async function registrationOf(email: string) {
  return t.platform.db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .select(['r.id', 'r.status', 'r.offer_expires_at'])
    .where('p.email', '=', email)
    .orderBy('r.created_at', 'desc')
    .executeTakeFirstOrThrow();
}

async function statusOf(id: string) {
  const row = await t.platform.db
    .selectFrom('training_registrations')
    .select(['status', 'offer_expires_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** The e-mails queued to an address, bodies decrypted (from the file's app unless another is given). */
function mailsTo(to: string, kind?: string, app: TestApp = t) {
  return queuedMailsTo(app, to, kind);
}

async function lastSeq(app: TestApp = t): Promise<number> {
  const row = await app.platform.db
    .selectFrom('audit_log')
    .select(({ fn }) => fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow();
  return Number(row.seq ?? 0);
}

async function auditSince(seq: number, app: TestApp = t) {
  const rows = await app.platform.db
    .selectFrom('audit_log')
    .select(['seq', 'action', 'target_id', 'actor_id', 'entry'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    ...r,
    meta: (JSON.parse(r.entry) as { meta?: Record<string, unknown> }).meta ?? {},
  }));
}

/** The path of a personal link in an e-mail, under the page's path. */
function linkIn(text: string, path: string): string {
  const match = new RegExp(`http://filet\\.test(${path}/[A-Za-z0-9_.-]+)`).exec(text);
  expect(match, `${path} in:\n${text}`).not.toBeNull();
  return match![1]!;
}

/** A form sent by a public page without script (the button pressed, if any). */
function form(answer?: string) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: answer === undefined ? '' : new URLSearchParams({ answer }).toString(),
  };
}

async function linkVersionOf(id: string) {
  const row = await t.platform.db
    .selectFrom('training_registrations')
    .select('link_version')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.link_version;
}

/** What every public page of the programme must be: no script, no cookie, no cache, a CSP. */
function expectPublicPage(response: LightMyRequestResponse) {
  expect(response.headers['content-type']).toContain('text/html');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(response.body).not.toContain('<script');
}

describe('cancelling a session', () => {
  it('cancels every active registration and tells each person in their language, audited', async () => {
    const session = await createSession(2);
    const a = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const b = await t.signIn(await t.createPerson({ locale: 'en-CA' }));
    const c = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const ra = await register(a, session.id);
    const outsideEn = await registerOutside(session.invitation, 'olivia@hotel-fictif.test', 'en-CA');
    const rb = await register(b, session.id);
    const rc = await register(c, session.id);
    const outsideFr = await registerOutside(session.invitation, 'omer@hotel-fictif.test', 'fr-CA');
    expect([ra.status, outsideEn.status, rb.status, rc.status, outsideFr.status]).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    const cancel = await a.inject({
      method: 'POST',
      url: `/api/training/registrations/${ra.id}/cancel`,
      payload: {},
    });
    expect(cancel.statusCode).toBe(204);
    expect(await statusOf(rb.id)).toBe('offered');
    const active = [outsideEn.id, rb.id, rc.id, outsideFr.id];

    const before = await lastSeq();
    const response = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${session.id}`,
      payload: { status: 'cancelled' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().status).toBe('cancelled');

    // Rows: every active registration is cancelled, the pending offer with it.
    const rows = await t.platform.db
      .selectFrom('training_registrations')
      .select(['id', 'status', 'offer_expires_at'])
      .where('session_id', '=', session.id)
      .execute();
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.status === 'cancelled' && r.offer_expires_at === null)).toBe(true);

    // E-mails: members with the catalogue's address, outside professionals without it, each in their language.
    const [toC] = await mailsTo(c.person.email, 'training_session_cancelled');
    expect(toC!.subject).toBe('Session annulée : Intervenir auprès des proxénètes');
    expect(toC!.text).toContain('« Intervenir auprès des proxénètes »');
    expect(toC!.text).toContain('octobre 2026');
    expect(toC!.text).toContain('9 h 00');
    expect(toC!.text).toContain('Salle fictive, 10 rue de l’Exemple');
    expect(toC!.text).toContain('http://filet.test/formation\n');
    const [toB] = await mailsTo(b.person.email, 'training_session_cancelled');
    expect(toB!.subject).toBe('Session cancelled: Intervening with pimps');
    expect(toB!.text).toContain('“Intervening with pimps”');
    expect(toB!.text).toContain('October');
    expect(toB!.text).toContain('http://filet.test/formation\n');
    const [toOutsideEn] = await mailsTo('olivia@hotel-fictif.test', 'training_session_cancelled_outside');
    expect(toOutsideEn!.subject).toBe('Session cancelled: Intervening with pimps');
    expect(toOutsideEn!.text).toContain('Salle fictive');
    expect(toOutsideEn!.text).not.toContain('/formation');
    const [toOutsideFr] = await mailsTo('omer@hotel-fictif.test', 'training_session_cancelled_outside');
    expect(toOutsideFr!.text).toContain('nouveau lien d’inscription');
    expect(await mailsTo(a.person.email, 'training_session_cancelled')).toHaveLength(0);

    // In the app: the members still registered, in one notification.
    const notes = await t.platform.db
      .selectFrom('notifications')
      .select(['id', 'person_id', 'link'])
      .where('kind', '=', 'training.session_cancelled')
      .execute();
    expect(notes.map((n) => n.person_id).sort()).toEqual([b.person.id, c.person.id].sort());
    expect(new Set(notes.map((n) => n.id)).size).toBe(1);

    // Audit: one entry per registration, then the session's, last.
    const entries = await auditSince(before);
    expect(entries.map((e) => e.action)).toEqual([
      ...active.map(() => 'training.registration.cancel'),
      'training.session.update',
    ]);
    expect(
      entries
        .slice(0, 4)
        .map((e) => e.target_id)
        .sort(),
    ).toEqual([...active].sort());
    expect(entries[0]!.meta).toMatchObject({ reason: 'session_cancelled', sessionId: session.id });
    expect(entries[4]!.meta).toMatchObject({ cancelledRegistrations: 4 });

    // Cancelling again is refused and tells nobody twice; planning it again leaves the registrations
    // cancelled.
    const again = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${session.id}`,
      payload: { status: 'cancelled' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].rule).toBe('training_session_status_same');
    expect(await mailsTo(c.person.email, 'training_session_cancelled')).toHaveLength(1);
    const reopened = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${session.id}`,
      payload: { status: 'planned' },
    });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'planned', confirmed: 0, offered: 0, waitlisted: 0 });
    for (const id of active) expect(await statusOf(id)).toBe('cancelled');
  });

  it('refuses to cancel a session that is over, with a clear message, and changes nothing', async () => {
    const courseId = await makeCourse(t.platform.db);
    const sessionId = await makeSession(t.platform.db, courseId, {
      endsAt: new Date(now.getTime() - 86_400_000),
      trainerIds: [trainer.person.id],
    });
    const worker = await t.as('worker');
    const registrationId = await registerRow(
      t.platform.db,
      sessionId,
      await participantOf(t.platform.db, worker.person),
    );
    const response = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${sessionId}`,
      payload: { status: 'cancelled' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({
      field: 'status',
      rule: 'training_session_over',
    });
    expect(response.json().error.details[0].message).toContain('cette session est terminée');
    expect(await statusOf(registrationId)).toBe('confirmed');
    expect(await mailsTo(worker.person.email)).toHaveLength(0);
  });
});

describe('outside professionals cancelling through their link', () => {
  it('shows the session, cancels on confirmation, offers the seat, and refuses forged, used and late links', async () => {
    const session = await createSession(1);
    const outside = await registerOutside(session.invitation, 'claude@hotel-fictif.test');
    expect(outside.status).toBe('confirmed');
    const member = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const waiting = await register(member, session.id);
    expect(waiting.status).toBe('waitlisted');
    const english = await registerOutside(session.invitation, 'jordan@hotel-fictif.test', 'en-CA');
    const late = await registerOutside(session.invitation, 'lou@hotel-fictif.test');
    expect([english.status, late.status]).toEqual(['waitlisted', 'waitlisted']);

    // The confirmation and wait-list e-mails carry a personal link in the person's language.
    const [confirmation] = await mailsTo('claude@hotel-fictif.test', 'training_confirmed_outside');
    expect(confirmation!.text).toContain('Votre place est confirmée');
    const frLink = /http:\/\/filet\.test(\/inscription-formation\/annulation\/\S+)/.exec(
      confirmation!.text,
    )![1]!;
    const [waitlisted] = await mailsTo('jordan@hotel-fictif.test', 'training_waitlisted_outside');
    expect(waitlisted!.text).toContain('You are number 2 on the wait list');
    const enLink = /http:\/\/filet\.test(\/en\/training-registration\/cancel\/\S+)/.exec(
      waitlisted!.text,
    )![1]!;
    const [lateMail] = await mailsTo('lou@hotel-fictif.test', 'training_waitlisted_outside');
    const lateLink = /http:\/\/filet\.test(\/inscription-formation\/annulation\/\S+)/.exec(
      lateMail!.text,
    )![1]!;

    // GET shows the course and date and asks to confirm; it changes nothing.
    const page = await t.app.inject({ method: 'GET', url: frLink });
    expect(page.statusCode).toBe(200);
    expectPublicPage(page);
    expect(page.body).toContain('Intervenir auprès des proxénètes');
    expect(page.body).toContain('octobre 2026');
    expect(page.body).toContain(`<form method="post" action="${frLink}">`);
    expect(page.body).toContain('Confirmer l’annulation');
    const token = frLink.split('/').pop()!;
    const inEnglish = await t.app.inject({ method: 'GET', url: `/en/training-registration/cancel/${token}` });
    expect(inEnglish.statusCode).toBe(200);
    expect(inEnglish.body).toContain('Intervening with pimps');
    expect(inEnglish.body).toContain('Confirm the cancellation');
    expect(await statusOf(outside.id)).toBe('confirmed');

    // Forged links (changed signature, a link made for another page) change nothing.
    const before = await lastSeq();
    const forged = `${frLink.slice(0, -4)}AAAA`;
    for (const url of [forged, `/inscription-formation/annulation/${session.invitation.split('/').pop()}`]) {
      const get = await t.app.inject({ method: 'GET', url });
      expect(get.statusCode).toBe(404);
      expect(get.body).toContain('Lien d’annulation invalide');
      const post = await t.app.inject({ method: 'POST', url, payload: {} });
      expect(post.statusCode).toBe(404);
      expectPublicPage(post);
    }
    expect(await statusOf(outside.id)).toBe('confirmed');
    expect(await lastSeq()).toBe(before);

    // POST cancels; the freed seat is offered to the first in line, as for a member's cancellation.
    const done = await t.app.inject({
      method: 'POST',
      url: frLink,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(done.statusCode, done.body).toBe(200);
    expectPublicPage(done);
    expect(done.body).toContain('Votre inscription est annulée');
    expect(await statusOf(outside.id)).toBe('cancelled');
    expect(await statusOf(waiting.id)).toBe('offered');
    expect(await statusOf(english.id)).toBe('waitlisted');
    expect(await mailsTo(member.person.email, 'training_offered')).toHaveLength(1);
    const entries = await auditSince(before);
    expect(entries.map((e) => e.action)).toEqual(['training.registration.cancel']);
    expect(entries[0]).toMatchObject({ target_id: outside.id, actor_id: null });
    expect(entries[0]!.meta).toMatchObject({ was: 'confirmed', offered: 1, by: 'outside_link' });

    // The same link again: a clear page, nothing changes.
    const twice = await t.app.inject({ method: 'POST', url: frLink, payload: {} });
    expect(twice.statusCode).toBe(410);
    expect(twice.body).toContain('Cette inscription est déjà annulée');
    const seeAgain = await t.app.inject({ method: 'GET', url: frLink });
    expect(seeAgain.statusCode).toBe(410);
    expect(await statusOf(waiting.id)).toBe('offered');
    expect(await lastSeq()).toBe(before + 1);

    // In English, from the wait list: cancelled, nobody else is offered a seat.
    const englishDone = await t.app.inject({ method: 'POST', url: enLink, payload: {} });
    expect(englishDone.statusCode).toBe(200);
    expect(englishDone.body).toContain('Your registration is cancelled');
    expect(await statusOf(english.id)).toBe('cancelled');
    expect(await statusOf(late.id)).toBe('waitlisted');

    // Once the session has started, the link no longer works.
    const saved = now;
    now = new Date(session.start.getTime() + 3_600_000);
    try {
      const started = await t.app.inject({ method: 'GET', url: lateLink });
      expect(started.statusCode).toBe(404);
      expect(started.body).toContain('Lien d’annulation invalide');
      const startedPost = await t.app.inject({
        method: 'POST',
        url: lateLink.replace('/inscription-formation/annulation/', '/en/training-registration/cancel/'),
        payload: {},
      });
      expect(startedPost.statusCode).toBe(404);
      expect(startedPost.body).toContain('Invalid cancellation link');
    } finally {
      now = saved;
    }
    expect(await statusOf(late.id)).toBe('waitlisted');
  });
});

describe('outside professionals filling the evaluation', () => {
  it('sends those who attended a personal link to a public form checked by the questionnaire rules', async () => {
    const evaluation = await makeQuestionnaire(t.platform.db, { isDefault: true });
    await announceEvaluations(t.platform); // sessions of the tests above that are over
    const [scale, single, multiple, comments] = evaluation.questionIds as [string, string, string, string];
    const db = t.platform.db;
    const courseId = await makeCourse(db, { titleFr: 'Formation évaluée' });
    const ended = new Date(now.getTime() - 86_400_000);
    const sessionId = await makeSession(db, courseId, { endsAt: ended, trainerIds: [trainer.person.id] });
    const day = new Date(ended.getTime() - 7 * 3_600_000).toISOString().slice(0, 10);
    const present = await registerRow(
      db,
      sessionId,
      await outsideParticipant(db, { email: 'present@hotel-fictif.test', locale: 'fr-CA' }),
    );
    const unmarked = await registerRow(
      db,
      sessionId,
      await outsideParticipant(db, { email: 'unmarked@hotel-fictif.test', locale: 'en-CA' }),
    );
    const absent = await registerRow(
      db,
      sessionId,
      await outsideParticipant(db, { email: 'absent@hotel-fictif.test' }),
    );
    await registerRow(
      db,
      sessionId,
      await outsideParticipant(db, { email: 'waiting@hotel-fictif.test' }),
      'waitlisted',
    );
    await db
      .insertInto('training_attendance')
      .values([
        { registration_id: present, day, status: 'present' },
        { registration_id: absent, day, status: 'absent' },
      ])
      .execute();
    const members = [await t.as('worker'), await t.as('worker')];
    for (const m of members) await registerRow(db, sessionId, await participantOf(db, m.person));

    // The hourly job: members in the app, outside professionals who attended by e-mail, once.
    expect(await announceEvaluations(t.platform)).toBe(4);
    expect(await announceEvaluations(t.platform)).toBe(0);
    for (const email of ['absent@hotel-fictif.test', 'waiting@hotel-fictif.test']) {
      expect(await mailsTo(email)).toHaveLength(0);
    }
    const [frMail] = await mailsTo('present@hotel-fictif.test', 'training_evaluation_outside');
    expect(frMail!.subject).toBe('Votre avis sur la formation « Formation évaluée »');
    const frLink = /http:\/\/filet\.test(\/evaluation-formation\/\S+)/.exec(frMail!.text)![1]!;
    const [enMail] = await mailsTo('unmarked@hotel-fictif.test', 'training_evaluation_outside');
    expect(enMail!.subject).toBe('Your opinion on the course “Fictional course”');
    const enLink = /http:\/\/filet\.test(\/en\/training-evaluation\/\S+)/.exec(enMail!.text)![1]!;

    const form = await t.app.inject({ method: 'GET', url: frLink });
    expect(form.statusCode).toBe(200);
    expectPublicPage(form);
    expect(form.body).toContain('Satisfaction générale');
    expect(form.body).toContain(`name="q-${scale}" type="radio" value="5"`);
    expect(form.body).toContain(`name="q-${multiple}" type="checkbox" value="cases"`);
    expect(form.body).toContain('Formation évaluée');

    const count = async () =>
      Number(
        (
          await db
            .selectFrom('questionnaire_responses')
            .select(({ fn }) => fn.countAll<string>().as('n'))
            .where('session_id', '=', sessionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const post = (url: string, fields: Array<[string, string]>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields.map(([id, v]): [string, string] => [`q-${id}`, v])).toString(),
      });

    // Bad input: the same rules as members' answers, messages translated, values kept, nothing stored.
    const bad = await post(frLink, [
      [scale, '9'],
      [single, 'nope'],
      [comments, 'Très concret <b>vraiment</b>'],
    ]);
    expect(bad.statusCode).toBe(400);
    expectPublicPage(bad);
    expect(bad.body).toContain('Choisissez une valeur de 1 à 5.');
    expect(bad.body).toContain('Ce choix ne fait pas partie des options de la question.');
    expect(bad.body).toContain('Répondez à cette question : elle est obligatoire.');
    expect(bad.body).toContain(`href="#q-${multiple}"`);
    expect(bad.body).toContain('Très concret &lt;b&gt;vraiment&lt;/b&gt;</textarea>');
    expect(await count()).toBe(0);
    const kept = await post(frLink, [
      [scale, '4'],
      [multiple, 'cases'],
      [multiple, 'law'],
    ]);
    expect(kept.statusCode).toBe(400);
    expect(kept.body).toContain(`name="q-${scale}" type="radio" value="4" checked`);
    expect(kept.body).toContain(`name="q-${multiple}" type="checkbox" value="law" checked`);
    expect(kept.body).not.toContain(`value="tools" checked`);
    expect(await count()).toBe(0);

    const before = await lastSeq();
    const good = await post(frLink, [
      [scale, '2'],
      [single, 'no'],
      [multiple, 'cases'],
      [multiple, 'tools'],
      [comments, 'Exemples hôteliers bienvenus'],
    ]);
    expect(good.statusCode, good.body).toBe(201);
    expect(good.body).toContain('Merci pour votre évaluation');
    const stored = await db
      .selectFrom('questionnaire_responses')
      .select(['person_id', 'participant_id', 'organisation_type', 'questionnaire_id'])
      .where('session_id', '=', sessionId)
      .execute();
    expect(stored).toEqual([
      expect.objectContaining({
        person_id: null,
        organisation_type: 'hotel',
        questionnaire_id: evaluation.id,
      }),
    ]);
    expect(stored[0]!.participant_id).not.toBeNull();
    const entries = await auditSince(before);
    expect(entries.map((e) => e.action)).toEqual(['training.evaluation.submit']);
    expect(entries[0]).toMatchObject({ target_id: sessionId, actor_id: null });
    expect(entries[0]!.meta).toMatchObject({ respondent: 'outside' });

    // One answer per participant and session.
    const twice = await post(frLink, [
      [scale, '5'],
      [single, 'yes'],
      [multiple, 'law'],
    ]);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Évaluation déjà remplie');
    expect((await t.app.inject({ method: 'GET', url: frLink })).statusCode).toBe(409);
    expect(await count()).toBe(1);

    // In English, from the participant whose attendance was not taken.
    const englishForm = await t.app.inject({ method: 'GET', url: enLink });
    expect(englishForm.statusCode).toBe(200);
    expect(englishForm.body).toContain('Overall satisfaction');
    expect(englishForm.body).toContain('Would you recommend the course?');
    const english = await post(enLink, [
      [scale, '3'],
      [single, 'yes'],
      [multiple, 'law'],
    ]);
    expect(english.statusCode).toBe(201);
    expect(english.body).toContain('Thank you for your evaluation');

    // Forged, expired, for another purpose, not attended, too early: nothing opens, nothing is stored.
    const secret = linkSecret(t.platform, 'training-evaluation');
    const inAMonth = new Date(now.getTime() + 30 * 86_400_000);
    const absentLink = `/evaluation-formation/${signLink(secret, 'training-evaluation', absent, inAMonth)}`;
    const expired = `/evaluation-formation/${signLink(secret, 'training-evaluation', unmarked, new Date(now.getTime() - 1000))}`;
    const otherPurpose = `/evaluation-formation/${signLink(linkSecret(t.platform, 'training-cancellation'), 'training-cancellation', present, inAMonth)}`;
    for (const url of [`${frLink.slice(0, -4)}AAAA`, absentLink, expired, otherPurpose]) {
      const get = await t.app.inject({ method: 'GET', url });
      expect(get.statusCode, url).toBe(404);
      expect(get.body).toContain('Lien d’évaluation invalide');
    }
    const refused = await post(absentLink, [
      [scale, '1'],
      [single, 'no'],
      [multiple, 'law'],
    ]);
    expect(refused.statusCode).toBe(404);
    const upcoming = await makeSession(db, courseId, { endsAt: new Date(now.getTime() + 86_400_000) });
    const early = await registerRow(
      db,
      upcoming,
      await outsideParticipant(db, { email: 'early@hotel-fictif.test', locale: 'en-CA' }),
    );
    const earlyPage = await t.app.inject({
      method: 'GET',
      url: `/en/training-evaluation/${signLink(secret, 'training-evaluation', early, inAMonth)}`,
    });
    expect(earlyPage.statusCode).toBe(409);
    expect(earlyPage.body).toContain('The evaluation is not open yet');
    expect(await count()).toBe(2);

    // Results count the outside answers; under three answer sets, the count only.
    const few = await coordinator.inject({
      method: 'GET',
      url: `/api/training/evaluations/results/sessions/${sessionId}`,
    });
    expect(few.statusCode, few.body).toBe(200);
    expect(few.json().blocks).toEqual([
      expect.objectContaining({ responses: 2, detailed: false, questions: [] }),
    ]);
    expect(few.body).not.toContain('Exemples hôteliers');
    const byMember = await members[0]!.inject({
      method: 'POST',
      url: `/api/training/evaluations/sessions/${sessionId}`,
      payload: {
        answers: [
          { questionId: scale, scale: 4 },
          { questionId: single, choices: ['yes'] },
          { questionId: multiple, choices: ['cases'] },
        ],
      },
    });
    expect(byMember.statusCode, byMember.body).toBe(201);
    const results = await trainer.inject({
      method: 'GET',
      url: `/api/training/evaluations/results/sessions/${sessionId}`,
    });
    const block = results.json().blocks[0];
    expect(block).toMatchObject({ responses: 3, detailed: true });
    expect(block.questions[0]).toMatchObject({ mean: 3, distribution: [0, 1, 1, 1, 0] });
    expect(block.questions[1].options).toEqual([
      { key: 'yes', label: 'Oui', count: 2 },
      { key: 'no', label: 'Non', count: 1 },
    ]);
    expect(block.questions[3].texts).toEqual(['Exemples hôteliers bienvenus']);
    const list = await trainer.inject({ method: 'GET', url: '/api/training/evaluations/results' });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ responses: 3, session: expect.objectContaining({ id: sessionId }) }),
    );
    const course = await coordinator.inject({
      method: 'GET',
      url: `/api/training/evaluations/results/courses/${courseId}`,
    });
    expect(course.json().blocks[0].responses).toBe(3);
  });
});

describe('outside professionals answering a seat offered from the wait list', () => {
  it('get a personal link to a public page where they accept or decline, the seat moving on as for members', async () => {
    const session = await createSession(1);
    const member = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const seat = await register(member, session.id);
    const first = await registerOutside(session.invitation, 'odile@hotel-fictif.test');
    const second = await registerOutside(session.invitation, 'owen@hotel-fictif.test', 'en-CA');
    const last = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const lastInLine = await register(last, session.id);
    expect([seat.status, first.status, second.status, lastInLine.status]).toEqual([
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);

    // A seat frees up: the first in line, an outside professional, is sent the offer with a personal
    // link that expires with it (not the members' e-mail, whose link needs an account).
    const cancel = await member.inject({
      method: 'POST',
      url: `/api/training/registrations/${seat.id}/cancel`,
      payload: {},
    });
    expect(cancel.statusCode).toBe(204);
    const offered = await registrationOf('odile@hotel-fictif.test');
    expect(offered.status).toBe('offered');
    expect(await mailsTo('odile@hotel-fictif.test', 'training_offered')).toHaveLength(0);
    const [offerMail] = await mailsTo('odile@hotel-fictif.test', 'training_offered_outside');
    expect(offerMail!.subject).toBe('Une place s’est libérée : Intervenir auprès des proxénètes');
    expect(offerMail!.text).toContain('« Intervenir auprès des proxénètes »');
    expect(offerMail!.text).toContain('octobre 2026');
    expect(offerMail!.text).toContain('9 h 00');
    expect(offerMail!.text).toContain('Lieu : Salle fictive, 10 rue de l’Exemple');
    expect(offerMail!.text).toContain('jusqu’au 3 septembre 2026'); // 48 hours to answer
    expect(offerMail!.text).not.toContain('/formation');
    const frLink = linkIn(offerMail!.text, '/inscription-formation/offre');
    const token = frLink.split('/').pop()!;
    const claims = verifyLink(linkSecret(t.platform, 'training-offer'), 'training-offer', token)!;
    expect(claims).toMatchObject({ id: first.id, version: 0 });
    expect(claims.expiresAt.getTime()).toBe(Math.floor(offered.offer_expires_at!.getTime() / 1000) * 1000);

    // The page shows the course, its days and hours, the place and the deadline, with two buttons;
    // looking changes nothing.
    const page = await t.app.inject({ method: 'GET', url: frLink });
    expect(page.statusCode).toBe(200);
    expectPublicPage(page);
    expect(page.body).toContain('Une place s’est libérée pour vous');
    expect(page.body).toContain('Intervenir auprès des proxénètes');
    expect(page.body).toContain('octobre 2026');
    expect(page.body).toContain('Salle fictive, 10 rue de l’Exemple');
    expect(page.body).toContain('Répondre avant le');
    expect(page.body).toContain('3 septembre 2026');
    expect(page.body).toContain(`<form method="post" action="${frLink}">`);
    expect(page.body).toContain(
      '<button type="submit" name="answer" value="accept">Accepter la place</button>',
    );
    expect(page.body).toContain(
      '<button type="submit" name="answer" value="decline">Refuser la place</button>',
    );
    const english = await t.app.inject({ method: 'GET', url: `/en/training-registration/offer/${token}` });
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Intervening with pimps');
    expect(english.body).toContain('October');
    expect(english.body).toContain('Accept the seat');
    expect(await statusOf(first.id)).toBe('offered');

    // Forged, made for another page, naming a member's registration, or sent without a choice:
    // a clear page, and nothing changes.
    const before = await lastSeq();
    const [waitlisted] = await mailsTo('odile@hotel-fictif.test', 'training_waitlisted_outside');
    const cancelToken = linkIn(waitlisted!.text, '/inscription-formation/annulation').split('/').pop()!;
    const inADay = new Date(now.getTime() + 86_400_000);
    const memberOffer = signLink(
      linkSecret(t.platform, 'training-offer'),
      'training-offer',
      lastInLine.id,
      inADay,
    );
    for (const url of [
      `${frLink.slice(0, -4)}AAAA`,
      `/inscription-formation/offre/${cancelToken}`,
      `/inscription-formation/offre/${memberOffer}`,
    ]) {
      const get = await t.app.inject({ method: 'GET', url });
      expect(get.statusCode, url).toBe(404);
      expect(get.body).toContain('Lien d’offre invalide');
      const post = await t.app.inject({ method: 'POST', url, ...form('accept') });
      expect(post.statusCode, url).toBe(404);
      expectPublicPage(post);
    }
    const onCancelPage = await t.app.inject({
      method: 'POST',
      url: `/inscription-formation/annulation/${token}`,
      ...form(),
    });
    expect(onCancelPage.statusCode).toBe(404);
    for (const answer of [undefined, 'peut-être']) {
      const unanswered = await t.app.inject({ method: 'POST', url: frLink, ...form(answer) });
      expect(unanswered.statusCode).toBe(400);
      expectPublicPage(unanswered);
      expect(unanswered.body).toContain(
        'Choisissez d’accepter ou de refuser la place : rien n’a été modifié.',
      );
      expect(unanswered.body).toContain('name="answer" value="accept"');
    }
    expect(await statusOf(first.id)).toBe('offered');
    expect(await lastSeq()).toBe(before);

    // Declined (from the English page): the seat goes to the next in line, as when a member declines.
    const declined = await t.app.inject({
      method: 'POST',
      url: `/en/training-registration/offer/${token}`,
      ...form('decline'),
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expectPublicPage(declined);
    expect(declined.body).toContain('You declined the seat');
    expect(await statusOf(first.id)).toBe('declined');
    expect(await statusOf(second.id)).toBe('offered');
    expect(await statusOf(lastInLine.id)).toBe('waitlisted');
    let entries = await auditSince(before);
    expect(entries.map((e) => e.action)).toEqual(['training.offer.decline']);
    expect(entries[0]).toMatchObject({ target_id: first.id, actor_id: null });
    expect(entries[0]!.meta).toMatchObject({ sessionId: session.id, offered: 1, by: 'outside_link' });

    // The same link again: already answered, nothing changes.
    const again = await t.app.inject({ method: 'POST', url: frLink, ...form('accept') });
    expect(again.statusCode).toBe(410);
    expectPublicPage(again);
    expect(again.body).toContain('Vous avez déjà refusé cette place');
    expect((await t.app.inject({ method: 'GET', url: frLink })).statusCode).toBe(410);
    expect(await statusOf(first.id)).toBe('declined');
    expect(await lastSeq()).toBe(before + 1);

    // The next in line accepts in English: confirmed, with the confirmation e-mail and its
    // cancellation link, as when registering.
    const [secondOffer] = await mailsTo('owen@hotel-fictif.test', 'training_offered_outside');
    expect(secondOffer!.subject).toBe('A seat is free: Intervening with pimps');
    expect(secondOffer!.text).toContain('Place: Salle fictive');
    const enLink = linkIn(secondOffer!.text, '/en/training-registration/offer');
    const accepted = await t.app.inject({ method: 'POST', url: enLink, ...form('accept') });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.body).toContain('Your seat is confirmed');
    expect(await statusOf(second.id)).toBe('confirmed');
    const confirmations = await mailsTo('owen@hotel-fictif.test', 'training_confirmed_outside');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.subject).toBe('Registration confirmed: Intervening with pimps');
    const newCancel = linkIn(confirmations[0]!.text, '/en/training-registration/cancel');
    expect((await t.app.inject({ method: 'GET', url: newCancel })).statusCode).toBe(200);
    entries = await auditSince(before + 1);
    expect(entries.map((e) => e.action)).toEqual(['training.offer.accept']);
    expect(entries[0]).toMatchObject({ target_id: second.id, actor_id: null });
    expect(entries[0]!.meta).toMatchObject({ sessionId: session.id, by: 'outside_link' });
    const seenAgain = await t.app.inject({ method: 'GET', url: enLink });
    expect(seenAgain.statusCode).toBe(410);
    expect(seenAgain.body).toContain('You already accepted this seat');
    expect(await statusOf(lastInLine.id)).toBe('waitlisted');
  });

  it('say when the offer has expired, change nothing, and the job passes the seat on', async () => {
    const session = await createSession(1);
    const member = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const seat = await register(member, session.id);
    const outside = await registerOutside(session.invitation, 'ines@hotel-fictif.test', 'en-CA');
    const next = await t.signIn(await t.createPerson({ locale: 'en-CA' }));
    const nextInLine = await register(next, session.id);
    await member.inject({
      method: 'POST',
      url: `/api/training/registrations/${seat.id}/cancel`,
      payload: {},
    });
    expect(await statusOf(outside.id)).toBe('offered');
    const [mail] = await mailsTo('ines@hotel-fictif.test', 'training_offered_outside');
    const link = linkIn(mail!.text, '/en/training-registration/offer');
    const saved = now;
    now = new Date(now.getTime() + 49 * 3_600_000);
    try {
      const before = await lastSeq();
      const page = await t.app.inject({ method: 'GET', url: link });
      expect(page.statusCode).toBe(410);
      expectPublicPage(page);
      expect(page.body).toContain('The time to answer has passed');
      expect(page.body).not.toContain('<form');
      const post = await t.app.inject({ method: 'POST', url: link, ...form('accept') });
      expect(post.statusCode).toBe(410);
      expect(await statusOf(outside.id)).toBe('offered');
      expect(await lastSeq()).toBe(before);
      await expireOffers(t.platform);
      expect(await statusOf(outside.id)).toBe('expired');
      expect(await statusOf(nextInLine.id)).toBe('offered');
      const after = await t.app.inject({
        method: 'GET',
        url: link
          .replace('/en/training-registration/', '/inscription-formation/')
          .replace('/offer/', '/offre/'),
      });
      expect(after.statusCode).toBe(410);
      expect(after.body).toContain('Le délai pour répondre est passé');
    } finally {
      now = saved;
    }
  });
});

describe('personal links and renewed registrations', () => {
  it('stop acting once the registration they were sent for is cancelled and renewed; current links keep working', async () => {
    const session = await createSession(3);
    const first = await registerOutside(session.invitation, 'renee@hotel-fictif.test');
    expect(first.status).toBe('confirmed');
    const [mail] = await mailsTo('renee@hotel-fictif.test', 'training_confirmed_outside');
    const oldCancel = linkIn(mail!.text, '/inscription-formation/annulation');
    // A first registration is version 0, whose links have the form of those sent before versions
    // existed: links already sent keep working.
    const cancelSecret = linkSecret(t.platform, 'training-cancellation');
    expect(oldCancel).toBe(
      `/inscription-formation/annulation/${signLink(cancelSecret, 'training-cancellation', first.id, session.start)}`,
    );
    expect((await t.app.inject({ method: 'POST', url: oldCancel, ...form() })).statusCode).toBe(200);

    // Registering again (a minute later) reuses the row, with a new version and a new link.
    now = new Date(now.getTime() + 60_000);
    const again = await registerOutside(session.invitation, 'renee@hotel-fictif.test');
    expect(again).toMatchObject({ id: first.id, status: 'confirmed' });
    expect(await linkVersionOf(first.id)).toBe(1);
    const mails = await mailsTo('renee@hotel-fictif.test', 'training_confirmed_outside');
    expect(mails).toHaveLength(2);
    const newCancel = linkIn(mails[1]!.text, '/inscription-formation/annulation');
    expect(newCancel).not.toBe(oldCancel);

    // The earlier registration's link: a clear page, and nothing changes.
    const before = await lastSeq();
    const get = await t.app.inject({ method: 'GET', url: oldCancel });
    expect(get.statusCode).toBe(410);
    expectPublicPage(get);
    expect(get.body).toContain('Ce lien a été remplacé');
    expect(get.body).not.toContain('<form');
    const post = await t.app.inject({
      method: 'POST',
      url: oldCancel.replace('/inscription-formation/annulation/', '/en/training-registration/cancel/'),
      ...form(),
    });
    expect(post.statusCode).toBe(410);
    expect(post.body).toContain('This link has been replaced');
    expect(await statusOf(first.id)).toBe('confirmed');

    // Offer and evaluation links of the earlier registration open nothing either; the current ones do.
    const inAMonth = new Date(now.getTime() + 30 * 86_400_000);
    const offerSecret = linkSecret(t.platform, 'training-offer');
    const oldOffer = `/inscription-formation/offre/${signLink(offerSecret, 'training-offer', first.id, inAMonth)}`;
    const oldOfferPost = await t.app.inject({ method: 'POST', url: oldOffer, ...form('decline') });
    expect(oldOfferPost.statusCode).toBe(410);
    expect(oldOfferPost.body).toContain('Ce lien a été remplacé');
    const currentOffer = await t.app.inject({
      method: 'GET',
      url: `/inscription-formation/offre/${signLink(offerSecret, 'training-offer', first.id, inAMonth, 1)}`,
    });
    expect(currentOffer.body).toContain('Vous avez déjà accepté cette place');
    // The open course gets its own evaluation, so the current link has a form to open.
    const evaluation = await makeQuestionnaire(t.platform.db);
    await t.platform.db
      .insertInto('questionnaire_assignments')
      .values({ course_id: openCourse, questionnaire_id: evaluation.id })
      .onConflict((oc) => oc.column('course_id').doNothing())
      .execute();
    const evaluationSecret = linkSecret(t.platform, 'training-evaluation');
    const oldEvaluation = await t.app.inject({
      method: 'GET',
      url: `/evaluation-formation/${signLink(evaluationSecret, 'training-evaluation', first.id, inAMonth)}`,
    });
    expect(oldEvaluation.statusCode).toBe(404);
    expect(oldEvaluation.body).toContain('Lien d’évaluation invalide');
    const currentEvaluation = await t.app.inject({
      method: 'GET',
      url: `/evaluation-formation/${signLink(evaluationSecret, 'training-evaluation', first.id, inAMonth, 1)}`,
    });
    expect(currentEvaluation.statusCode).toBe(409);
    expect(currentEvaluation.body).toContain('L’évaluation n’est pas encore ouverte');
    expect(await statusOf(first.id)).toBe('confirmed');
    expect(await lastSeq()).toBe(before);

    // The current link cancels.
    const current = await t.app.inject({ method: 'POST', url: newCancel, ...form() });
    expect(current.statusCode).toBe(200);
    expect(await statusOf(first.id)).toBe('cancelled');

    // A member registering again moves the version on too.
    const member = await t.signIn(await t.createPerson());
    const mine = await register(member, session.id);
    await member.inject({
      method: 'POST',
      url: `/api/training/registrations/${mine.id}/cancel`,
      payload: {},
    });
    expect((await register(member, session.id)).id).toBe(mine.id);
    expect(await linkVersionOf(mine.id)).toBe(1);
  });
});

describe('changing a session', () => {
  it('tells every active registrant what changed, in their language, only when days, hours, place or video link change', async () => {
    const session = await createSession(2);
    const a = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const b = await t.signIn(await t.createPerson({ locale: 'en-CA' }));
    const c = await t.signIn(await t.createPerson({ locale: 'fr-CA' }));
    const ra = await register(a, session.id);
    const outsideEn = await registerOutside(session.invitation, 'oscar@hotel-fictif.test', 'en-CA');
    const rb = await register(b, session.id);
    const outsideFr = await registerOutside(session.invitation, 'pia@hotel-fictif.test', 'fr-CA');
    const rc = await register(c, session.id);
    // c leaves the wait list: no longer told.
    await c.inject({ method: 'POST', url: `/api/training/registrations/${rc.id}/cancel`, payload: {} });
    const patch = (payload: Record<string, unknown>) =>
      coordinator.inject({ method: 'PATCH', url: `/api/training/sessions/${session.id}`, payload });
    const people = [
      a.person.email,
      b.person.email,
      c.person.email,
      'oscar@hotel-fictif.test',
      'pia@hotel-fictif.test',
    ];
    const changeMails = async () =>
      (
        await t.platform.db
          .selectFrom('email_outbox')
          .select('to_address')
          .where('kind', 'in', ['training_session_changed', 'training_session_changed_outside'])
          .where('to_address', 'in', people)
          .execute()
      ).map((r) => r.to_address);
    const changeNotes = () =>
      t.platform.db
        .selectFrom('notifications')
        .select(['id', 'person_id', 'params', 'link'])
        .where('kind', '=', 'training.session_changed')
        .execute();

    // Seats (b is offered the new one), deadline, trainers, the same day and place sent again: nobody is
    // told of a change.
    const before = await lastSeq();
    const otherTrainer = await t.as('trainer');
    const sameDays = [
      {
        startsAt: session.start.toISOString(),
        endsAt: new Date(session.start.getTime() + 7 * 3_600_000).toISOString(),
      },
    ];
    for (const payload of [
      { capacity: 3 },
      { registrationDeadline: new Date(session.start.getTime() - 2 * 86_400_000).toISOString() },
      { trainerIds: [trainer.person.id, otherTrainer.person.id] },
      { days: sameDays, place: 'Salle fictive, 10 rue de l’Exemple' },
    ]) {
      const response = await patch(payload);
      expect(response.statusCode, response.body).toBe(200);
    }
    expect(await statusOf(rb.id)).toBe('offered');
    expect(await changeMails()).toEqual([]);
    expect(await changeNotes()).toEqual([]);
    let entries = await auditSince(before);
    expect(entries.map((e) => e.action)).toEqual(Array(4).fill('training.session.update'));
    expect(entries.some((e) => 'changed' in e.meta)).toBe(false);

    // Days and place change: everyone holding or awaiting a seat is told, in one transaction with the change.
    const moved = new Date(session.start.getTime() + 7 * 86_400_000 + 90 * 60_000);
    const seq = await lastSeq();
    const changed = await patch({
      days: [
        { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 5 * 3_600_000).toISOString() },
      ],
      place: 'Nouvelle salle, 20 rue de l’Essai',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await changeMails()).sort()).toEqual(
      [a.person.email, b.person.email, 'oscar@hotel-fictif.test', 'pia@hotel-fictif.test'].sort(),
    );
    const movedFr = new Intl.DateTimeFormat('fr-CA', {
      dateStyle: 'long',
      timeZone: REGION_TIME_ZONE,
    }).format(moved);
    const movedEn = new Intl.DateTimeFormat('en-CA', {
      dateStyle: 'long',
      timeZone: REGION_TIME_ZONE,
    }).format(moved);
    const [toA] = await mailsTo(a.person.email, 'training_session_changed');
    expect(toA!.subject).toBe('Session modifiée : Intervenir auprès des proxénètes');
    expect(toA!.text).toContain('Ce qui change : les dates ou les heures et le lieu.');
    expect(toA!.text).toContain(movedFr);
    expect(toA!.text).toContain('10 h 30');
    expect(toA!.text).toContain('Lieu : Nouvelle salle, 20 rue de l’Essai');
    expect(toA!.text).toContain(`http://filet.test/formation/sessions/${session.id}\n`);
    expect(toA!.text).toContain(`http://filet.test/api/training/sessions/${session.id}/session.ics\n`);
    const [toB] = await mailsTo(b.person.email, 'training_session_changed');
    expect(toB!.subject).toBe('Session changed: Intervening with pimps');
    expect(toB!.text).toContain('What changes: the dates or hours and the place.');
    expect(toB!.text).toContain(movedEn);
    expect(toB!.text).toContain('10:30');
    expect(toB!.text).toContain('Place: Nouvelle salle, 20 rue de l’Essai');
    const [toOutsideEn] = await mailsTo('oscar@hotel-fictif.test', 'training_session_changed_outside');
    expect(toOutsideEn!.subject).toBe('Session changed: Intervening with pimps');
    expect(toOutsideEn!.text).toContain(movedEn);
    expect(toOutsideEn!.text).toContain('Place: Nouvelle salle, 20 rue de l’Essai');
    expect(toOutsideEn!.text).not.toContain('/formation');
    expect(toOutsideEn!.text).not.toContain('/api/');
    const [toOutsideFr] = await mailsTo('pia@hotel-fictif.test', 'training_session_changed_outside');
    expect(toOutsideFr!.text).toContain('Ce qui change : les dates ou les heures et le lieu.');
    expect(toOutsideFr!.text).toContain(movedFr);
    // Their cancellation link, valid until the new start, shows the new date.
    const cancelPage = await t.app.inject({
      method: 'GET',
      url: linkIn(toOutsideFr!.text, '/inscription-formation/annulation'),
    });
    expect(cancelPage.statusCode).toBe(200);
    expect(cancelPage.body).toContain(movedFr);
    const enCancel = linkIn(toOutsideEn!.text, '/en/training-registration/cancel');
    const claims = verifyLink(
      linkSecret(t.platform, 'training-cancellation'),
      'training-cancellation',
      enCancel.split('/').pop()!,
    )!;
    expect(claims).toMatchObject({ id: outsideEn.id, version: 0, expiresAt: moved });
    // Members: one in-app notification; the calendar file has the new place.
    const notes = await changeNotes();
    expect(notes.map((n) => n.person_id).sort()).toEqual([a.person.id, b.person.id].sort());
    expect(new Set(notes.map((n) => n.id)).size).toBe(1);
    expect(notes[0]).toMatchObject({
      params: { course: 'PRX-9' },
      link: `/formation/sessions/${session.id}`,
    });
    const ics = await a.inject({ method: 'GET', url: `/api/training/sessions/${session.id}/session.ics` });
    expect(ics.body).toContain('LOCATION:Nouvelle salle');
    // Audited: the session's entry says what changed and how many were told; registrations stay.
    entries = await auditSince(seq);
    expect(entries.map((e) => e.action)).toEqual(['training.session.update']);
    expect(entries[0]!.meta).toMatchObject({ changed: ['days', 'place'], told: 4 });
    expect([
      await statusOf(ra.id),
      await statusOf(outsideEn.id),
      await statusOf(rb.id),
      await statusOf(outsideFr.id),
    ]).toEqual(['confirmed', 'confirmed', 'offered', 'waitlisted']);

    // A video link added a minute later: said as such, with the place still given.
    now = new Date(now.getTime() + 60_000);
    expect((await patch({ videoUrl: 'https://video.example/formation' })).statusCode).toBe(200);
    const second = (await mailsTo(a.person.email, 'training_session_changed'))[1]!;
    expect(second.text).toContain('Ce qui change : le lien de visioconférence.');
    expect(second.text).toContain('Lien de visioconférence : https://video.example/formation');
    expect(second.text).toContain('Lieu : Nouvelle salle, 20 rue de l’Essai');

    // A change refused for another field: nothing is stored, nobody is told.
    const count = (await changeMails()).length;
    const last = await lastSeq();
    const refused = await patch({ place: 'Autre salle', capacity: 1 });
    expect(refused.statusCode).toBe(400);
    expect((await changeMails()).length).toBe(count);
    expect(await lastSeq()).toBe(last);
    const detail = await coordinator.inject({ method: 'GET', url: `/api/training/sessions/${session.id}` });
    expect(detail.json().place).toBe('Nouvelle salle, 20 rue de l’Essai');

    // A session already over is only corrected: its participants are not written to.
    const pastCourse = await makeCourse(t.platform.db);
    const pastSession = await makeSession(t.platform.db, pastCourse, {
      endsAt: new Date(now.getTime() - 86_400_000),
      trainerIds: [trainer.person.id],
    });
    const past = await t.as('worker');
    await registerRow(t.platform.db, pastSession, await participantOf(t.platform.db, past.person));
    const corrected = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${pastSession}`,
      payload: { place: 'Salle corrigée' },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().place).toBe('Salle corrigée');
    expect(await mailsTo(past.person.email)).toHaveLength(0);

    // Cancelled along with a change: only the cancellation is sent.
    expect((await patch({ status: 'cancelled', place: 'Ailleurs' })).statusCode).toBe(200);
    expect((await changeMails()).length).toBe(count);
    expect(await mailsTo(a.person.email, 'training_session_cancelled')).toHaveLength(1);

    // The web app says each training notification sent here (offered, changed, cancelled) with the
    // parameters the server gives it.
    const sent = await t.platform.db
      .selectFrom('notifications')
      .select(['kind', 'params'])
      .where('kind', 'like', 'training.%')
      .execute();
    const kinds = new Map(sent.map((n) => [n.kind, n.params]));
    expect([...kinds.keys()]).toEqual(
      expect.arrayContaining(['training.offered', 'training.session_cancelled', 'training.session_changed']),
    );
    for (const locale of ['fr-CA', 'en-CA']) {
      const catalogue = JSON.parse(
        readFileSync(new URL(`../../../../locales/${locale}/web.training.json`, import.meta.url), 'utf8'),
      ) as { notifications: Record<string, string> };
      for (const [kind, params] of kinds) {
        const text = catalogue.notifications[kind.slice('training.'.length)];
        expect(text, `${locale} ${kind}`).toBeTruthy();
        for (const [, name] of text!.matchAll(/\{\{(\w+)\}\}/g)) {
          expect(params, `${locale} ${kind} {{${name}}}`).toHaveProperty(name!);
        }
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// The invitation form and people already on record, on an app of their own: its form allows ten posts a
// minute per client and language, which the tests above already come close to on `t`.

interface InvitationFields {
  fullName: string;
  email: string;
  organisationName: string;
  organisationType: string;
  profession: string;
}

const GISELE: InvitationFields = {
  fullName: 'Gisèle Externe',
  email: 'gisele@hotel-fictif.test',
  organisationName: 'Hôtel fictif',
  organisationType: 'hotel',
  profession: 'Réception',
};

/** The invitation form as a browser posts it, in French or in English; the response as it comes. */
function submitInvitation(
  app: TestApp,
  invitation: string,
  fields: InvitationFields,
  locale: 'fr-CA' | 'en-CA' = 'fr-CA',
) {
  return app.app.inject({
    method: 'POST',
    url: invitationIn(invitation, locale),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields }).toString(),
  });
}

describe('the invitation form and people already on record', () => {
  let p: TrainingScenario;
  beforeAll(async () => {
    // A fresh app with its own course open to outside professionals.
    p = await trainingScenario({
      now: () => now,
      course: {
        code: 'EXT-1',
        titleFr: 'Reconnaître l’exploitation sexuelle',
        titleEn: 'Recognising sexual exploitation',
        durationDays: 1,
        openToOutside: true,
      },
    });
  });
  afterAll(async () => {
    await p.t.close();
  });

  const participantsWith = (email: string) =>
    p.t.platform.db
      .selectFrom('training_participants')
      .select(['id', 'full_name', 'email', 'organisation_name', 'organisation_type', 'profession', 'locale'])
      .where('source', '=', 'invited')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .execute();
  const registrationsIn = (sessionId: string, participantId: string) =>
    p.t.platform.db
      .selectFrom('training_registrations')
      .select(['id', 'status', 'link_version'])
      .where('session_id', '=', sessionId)
      .where('participant_id', '=', participantId)
      .execute();

  it('never lets the anonymous form rewrite someone on record, and answers every request with the same page', async () => {
    const session = await createSession(1, p);
    const first = await submitInvitation(p.t, session.invitation, GISELE);
    expect(first.statusCode, first.body).toBe(202);
    expectPublicPage(first);
    expect(first.body).toContain('Demande reçue');
    expect(first.body).not.toContain('confirmée');
    const [gisele, ...others] = await participantsWith(GISELE.email);
    expect(others).toHaveLength(0);
    const onRecord = {
      full_name: 'Gisèle Externe',
      email: 'gisele@hotel-fictif.test',
      organisation_name: 'Hôtel fictif',
      organisation_type: 'hotel',
      profession: 'Réception',
      locale: 'fr-CA',
    };
    expect(gisele).toMatchObject(onRecord);
    const [registration] = await registrationsIn(session.id, gisele!.id);
    expect(registration).toMatchObject({ status: 'confirmed', link_version: 0 });

    // Someone else holding the link and her address, in English, with other details; then a newcomer
    // in English: the same page, byte for byte, so the page tells nothing of who is registered.
    const seq = await lastSeq(p.t);
    const intruder = await submitInvitation(
      p.t,
      session.invitation,
      {
        fullName: 'Mallory Intruse',
        email: 'GISELE@Hotel-Fictif.test',
        organisationName: 'Autre employeur',
        organisationType: 'other',
        profession: 'Imposture',
      },
      'en-CA',
    );
    const newcomer = await submitInvitation(
      p.t,
      session.invitation,
      { ...GISELE, fullName: 'Nadia Nouvelle', email: 'nadia@hotel-fictif.test' },
      'en-CA',
    );
    expect(intruder.statusCode, intruder.body).toBe(202);
    expect(newcomer.statusCode, newcomer.body).toBe(202);
    expect(intruder.body).toContain('Request received');
    expect(intruder.body).toBe(newcomer.body);

    // Her record and registration are untouched.
    expect(await participantsWith(GISELE.email)).toEqual([{ id: gisele!.id, ...onRecord }]);
    expect(await registrationsIn(session.id, gisele!.id)).toEqual([registration]);

    // The outcome went to the address on record, in her language and under her name, with the
    // cancellation link of her current registration; nothing goes to the address as typed.
    expect(await mailsTo('GISELE@Hotel-Fictif.test', undefined, p.t)).toEqual([]);
    const mails = await mailsTo(GISELE.email, undefined, p.t);
    expect(mails.map((m) => m.kind).sort()).toEqual([
      'training_already_registered_outside',
      'training_confirmed_outside',
    ]);
    const again = mails.find((m) => m.kind === 'training_already_registered_outside')!;
    expect(again.subject).toBe('Vous êtes déjà inscrit·e : Reconnaître l’exploitation sexuelle');
    expect(again.text).toContain('Bonjour Gisèle Externe,');
    expect(again.text).toContain('rien n’a été modifié');
    expect(again.text).toContain('Votre place est confirmée.');
    expect(again.text).not.toContain('Mallory');
    const cancel = await p.t.app.inject({
      method: 'GET',
      url: linkIn(again.text, '/inscription-formation/annulation'),
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.body).toContain('Annuler votre inscription');

    // Audited without a name or an address; the newcomer is on the wait list (one seat).
    const audit = await auditSince(seq, p.t);
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ['training.registration.renew_invited', null],
      ['training.registration.create_invited', null],
    ]);
    expect(audit[0]).toMatchObject({
      target_id: registration!.id,
      meta: { sessionId: session.id, status: 'confirmed' },
    });
    expect(audit[1]!.meta).toMatchObject({ status: 'waitlisted', participant: 'new' });
    expect(JSON.stringify(audit)).not.toMatch(/Mallory|Nadia|hotel-fictif/i);
    expect((await mailsTo('nadia@hotel-fictif.test', undefined, p.t)).map((m) => m.kind)).toEqual([
      'training_waitlisted_outside',
    ]);

    // The newcomer asks again from the French page: the e-mail is in the language on record.
    const nadiaAgain = await submitInvitation(p.t, session.invitation, {
      ...GISELE,
      fullName: 'Nadia Nouvelle',
      email: 'nadia@hotel-fictif.test',
    });
    expect(nadiaAgain.body).toBe(first.body);
    const [waiting] = await mailsTo('nadia@hotel-fictif.test', 'training_already_registered_outside', p.t);
    expect(waiting!.subject).toBe('You are already registered: Recognising sexual exploitation');
    expect(waiting!.text).toContain('You are on the wait list');
    expect(waiting!.text).toContain('/en/training-registration/cancel/');

    // Gisèle registers for another session, with other details: a new registration on the record
    // she has, the confirmation under her name and in her language.
    const other = await createSession(5, p);
    const elsewhere = await submitInvitation(
      p.t,
      other.invitation,
      { ...GISELE, fullName: 'G. Autre-Nom', organisationName: 'Nouvel hôtel', profession: 'Gérance' },
      'en-CA',
    );
    expect(elsewhere.statusCode).toBe(202);
    expect(elsewhere.body).toContain('<h1>Request received</h1>');
    expect(await participantsWith(GISELE.email)).toEqual([{ id: gisele!.id, ...onRecord }]);
    expect(await registrationsIn(other.id, gisele!.id)).toMatchObject([{ status: 'confirmed' }]);
    const confirmations = await mailsTo(GISELE.email, 'training_confirmed_outside', p.t);
    expect(confirmations).toHaveLength(2);
    expect(confirmations.every((m) => m.text.startsWith('Bonjour Gisèle Externe,'))).toBe(true);
  });

  it('ends simultaneous first registrations with one address as one participant, never a 500', async () => {
    const one = await createSession(5, p);
    const two = await createSession(5, p);
    const fields = { ...GISELE, fullName: 'Simone Simultanée', email: 'simone@hotel-fictif.test' };
    // Four at once on each of two sessions, in both languages: the same new address everywhere.
    const responses = await Promise.all([
      ...[1, 2, 3, 4].map(() => submitInvitation(p.t, one.invitation, fields)),
      ...[1, 2, 3, 4].map(() => submitInvitation(p.t, two.invitation, fields, 'en-CA')),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202, 202, 202, 202]);
    const participants = await participantsWith(fields.email);
    expect(participants).toHaveLength(1);
    for (const session of [one, two]) {
      expect(await registrationsIn(session.id, participants[0]!.id)).toMatchObject([{ status: 'confirmed' }]);
    }
    const kinds = (await mailsTo(fields.email, undefined, p.t)).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'training_confirmed_outside')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'training_already_registered_outside')).toHaveLength(6);
  });

  it('answers an oversized form with the same clear page on the registration and evaluation forms', async () => {
    const session = await createSession(5, p);
    const before = (await participantsWith('gros@hotel-fictif.test')).length;
    const tooLarge = await submitInvitation(p.t, session.invitation, {
      ...GISELE,
      email: 'gros@hotel-fictif.test',
      profession: 'x'.repeat(20_000),
    });
    expect(tooLarge.statusCode).toBe(413);
    expectPublicPage(tooLarge);
    expect(tooLarge.body).toContain('<h1>La requête est trop volumineuse.</h1>');
    expect((await participantsWith('gros@hotel-fictif.test')).length).toBe(before);

    for (const [path, title] of [
      ['/evaluation-formation/abc', 'La requête est trop volumineuse.'],
      ['/en/training-evaluation/abc', 'The request is too large.'],
      ['/en/training-registration/abc', 'The request is too large.'],
    ] as const) {
      const response = await p.t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `answer=${'x'.repeat(140_000)}`,
      });
      expect(response.statusCode, path).toBe(413);
      expectPublicPage(response);
      expect(response.body, path).toContain(`<h1>${title}</h1>`);
    }
  });
});
