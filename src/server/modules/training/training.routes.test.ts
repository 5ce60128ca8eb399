import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../../../test/support/app.js';
import { pdfText } from '../../../../test/support/pdf.js';
import {
  createCourse as createCourseAs,
  OPEN_COURSE,
  sessionPlanner,
  trainingScenario,
} from '../../../../test/support/training.scenario.js';
import type { CreateCourseBody } from '../../../shared/contracts/training.js';
import { prerequisiteTrainingSource } from '../network/index.js';
import { remindExpiringCertificates, remindUpcoming } from './reminders.service.js';
import { expireOffers } from './waitlist.service.js';

let now = new Date('2026-09-01T12:00:00Z');
let t: TestApp;
let coordinator: Agent;
let trainer: Agent;
let course1: string;
let course2: string;

beforeAll(async () => {
  ({
    t,
    coordinator,
    trainer,
    courseId: course1,
  } = await trainingScenario({
    now: () => now,
    course: {
      code: 'PIJ-1',
      titleFr: 'Prévention et intervention',
      titleEn: 'Prevention and intervention',
      durationDays: 2,
      networkPrerequisite: true,
      certificateValidityMonths: 36,
    },
  }));
  course2 = (
    await createCourse({
      code: 'CYB-2',
      titleFr: 'Cyberprédation',
      titleEn: 'Cyber-predation',
      durationDays: 1,
      prerequisiteIds: [course1],
    })
  ).id;
});
afterAll(async () => {
  await t.close();
});

function createCourse(payload: CreateCourseBody) {
  return createCourseAs(coordinator, payload);
}

const sessions = sessionPlanner();
/** A session on fresh days (so trainers are never double-booked by accident). */
async function createSession(courseId: string, capacity: number) {
  const { session } = await sessions.plan(coordinator, {
    courseId,
    capacity,
    trainerIds: [trainer.person.id],
  });
  return session;
}

async function complete(agent: Agent, sessionId: string, registrationIds: string[]) {
  const response = await agent.inject({
    method: 'POST',
    url: `/api/training/sessions/${sessionId}/completions`,
    payload: { registrationIds },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function register(agent: Agent, sessionId: string) {
  return agent.inject({
    method: 'POST',
    url: `/api/training/sessions/${sessionId}/registrations`,
    payload: {},
  });
}

async function statuses(sessionId: string) {
  const rows = await t.platform.db
    .selectFrom('training_registrations')
    .select(['status', 'queue_number', 'participant_id', 'id'])
    .where('session_id', '=', sessionId)
    .orderBy('queue_number')
    .execute();
  return rows;
}

describe('catalogue', () => {
  it('is read by every signed-in person and edited by the table and trainers only', async () => {
    const worker = await t.as('worker');
    const list = await worker.inject({ method: 'GET', url: '/api/training/courses' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['PIJ-1', 'CYB-2']),
    );
    const refused = await worker.inject({
      method: 'POST',
      url: '/api/training/courses',
      payload: { code: 'X-1', titleFr: 'X', titleEn: 'X', durationDays: 1 },
    });
    expect(refused.statusCode).toBe(403);
    const byTrainer = await trainer.inject({
      method: 'POST',
      url: '/api/training/courses',
      payload: {
        code: 'GAR-3',
        titleFr: 'Vulnérabilité des garçons',
        titleEn: 'Vulnerability of boys',
        durationDays: 1,
      },
    });
    expect(byTrainer.statusCode).toBe(201);
  });

  it('refuses a prerequisite cycle with a clear message and stores nothing', async () => {
    const response = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/courses/${course1}`,
      payload: { prerequisiteIds: [course2], titleFr: 'Titre changé' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({
      field: 'prerequisiteIds',
      rule: 'training_prerequisite_cycle',
    });
    expect(response.json().error.details[0].message).toContain('se requière elle-même');
    const after = await coordinator.inject({ method: 'GET', url: `/api/training/courses/${course1}` });
    expect(after.json()).toMatchObject({ titleFr: 'Prévention et intervention', prerequisiteIds: [] });
  });

  it('refuses a taken code', async () => {
    const response = await coordinator.inject({
      method: 'POST',
      url: '/api/training/courses',
      payload: { code: 'PIJ-1', titleFr: 'Doublon', titleEn: 'Duplicate', durationDays: 1 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({ field: 'code', rule: 'taken' });
  });
});

describe('sessions', () => {
  it('refuses overlapping days for the same trainer and a capacity below the seats taken', async () => {
    const session = await createSession(course1, 2);
    const day = session.days[0]!.day;
    const overlap = await coordinator.inject({
      method: 'POST',
      url: '/api/training/sessions',
      payload: {
        courseId: course1,
        videoUrl: 'https://video.exemple.test/salle',
        capacity: 10,
        registrationDeadline: `${day}T00:00:00Z`,
        days: [{ startsAt: `${day}T15:00:00Z`, endsAt: `${day}T18:00:00Z` }],
        trainerIds: [trainer.person.id],
      },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.details[0]).toMatchObject({
      field: 'trainerIds',
      rule: 'training_trainer_busy',
    });

    await register(await t.as('worker'), session.id);
    await register(await t.as('worker'), session.id);
    const lower = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${session.id}`,
      payload: { capacity: 1 },
    });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().error.details[0]).toMatchObject({
      field: 'capacity',
      rule: 'training_capacity_below_confirmed',
    });
    expect(lower.json().error.details[0].message).toContain('2 place(s)');
  });

  it('gives an iCalendar file a real parser reads, one event per day', async () => {
    const first = sessions.freshStart();
    const second = new Date(first.getTime() + 86_400_000);
    const response = await coordinator.inject({
      method: 'POST',
      url: '/api/training/sessions',
      payload: {
        courseId: course1,
        place: 'Salle fictive',
        capacity: 20,
        registrationDeadline: new Date(first.getTime() - 86_400_000).toISOString(),
        days: [
          { startsAt: first.toISOString(), endsAt: new Date(first.getTime() + 7 * 3_600_000).toISOString() },
          {
            startsAt: second.toISOString(),
            endsAt: new Date(second.getTime() + 7 * 3_600_000).toISOString(),
          },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const worker = await t.as('worker');
    const ics = await worker.inject({
      method: 'GET',
      url: `/api/training/sessions/${response.json().id}/session.ics`,
    });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(ics.body));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    expect(events[0]!.summary).toBe('Prévention et intervention');
    expect(events[0]!.location).toBe('Salle fictive');
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      first.toISOString(),
      second.toISOString(),
    ]);

    // Moving the second day keeps its event's identifier and raises its sequence, so a calendar
    // importing the file again moves the event rather than adding one.
    const moved = new Date(second.getTime() + 2 * 86_400_000);
    now = new Date(now.getTime() + 60_000);
    const change = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${response.json().id}`,
      payload: {
        days: [
          { startsAt: first.toISOString(), endsAt: new Date(first.getTime() + 7 * 3_600_000).toISOString() },
          { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 7 * 3_600_000).toISOString() },
        ],
      },
    });
    expect(change.statusCode, change.body).toBe(200);
    const again = await worker.inject({
      method: 'GET',
      url: `/api/training/sessions/${response.json().id}/session.ics`,
    });
    const after = new ICAL.Component(ICAL.parse(again.body))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(after.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    expect(after[1]!.startDate.toJSDate().toISOString()).toBe(moved.toISOString());
    expect(after[1]!.sequence).toBeGreaterThan(events[1]!.sequence);
  });
});

describe('registration and the wait list', () => {
  it('refuses a course whose prerequisite is missing, naming the missing course', async () => {
    const session = await createSession(course2, 5);
    const worker = await t.as('worker');
    const response = await register(worker, session.id);
    expect(response.statusCode).toBe(400);
    const detail = response.json().error.details[0];
    expect(detail.rule).toBe('training_prerequisite_missing');
    expect(detail.message).toContain('« Prévention et intervention »');
    expect(await statuses(session.id)).toHaveLength(0);
    const english = await t.signIn(await t.createPerson({ locale: 'en-CA' }));
    const inEnglish = await english.inject({
      method: 'POST',
      url: `/api/training/sessions/${session.id}/registrations`,
      headers: { 'accept-language': 'en-CA' },
      payload: {},
    });
    expect(inEnglish.json().error.details[0].message).toContain('“Prevention and intervention”');
  });

  it('confirms, wait-lists, offers a freed seat to the first in line, then the next when declined or expired', async () => {
    const session = await createSession(course1, 1);
    const [a, b, c] = [await t.as('worker'), await t.as('worker'), await t.as('worker')];
    expect((await register(a, session.id)).json()).toMatchObject({ status: 'confirmed' });
    expect((await register(b, session.id)).json()).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await register(c, session.id)).json()).toMatchObject({ status: 'waitlisted', position: 2 });
    const twice = await register(b, session.id);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details[0].rule).toBe('training_already_registered');

    const mails = await t.platform.db
      .selectFrom('email_outbox')
      .select('to_address')
      .where('to_address', 'in', [a.person.email, b.person.email])
      .execute();
    expect(mails).toHaveLength(2);

    const mine = async (agent: Agent) =>
      (await agent.inject({ method: 'GET', url: '/api/training/me' })).json().registrations[0];
    const first = await mine(a);
    const cancel = await a.inject({
      method: 'POST',
      url: `/api/training/registrations/${first.id}/cancel`,
      payload: {},
    });
    expect(cancel.statusCode).toBe(204);
    const offerB = await mine(b);
    expect(offerB.status).toBe('offered');
    expect(offerB.offerExpiresAt).not.toBeNull();
    expect((await mine(c)).status).toBe('waitlisted');
    const offerMail = await t.platform.db
      .selectFrom('email_outbox')
      .select('to_address')
      .where('to_address', '=', b.person.email)
      .execute();
    expect(offerMail).toHaveLength(2);

    // b declines: c gets the offer; c lets it expire: nobody is left, the seat stays free.
    const decline = await b.inject({
      method: 'POST',
      url: `/api/training/registrations/${offerB.id}/decline`,
      payload: {},
    });
    expect(decline.statusCode).toBe(204);
    const offerC = await mine(c);
    expect(offerC.status).toBe('offered');
    const notMine = await b.inject({
      method: 'POST',
      url: `/api/training/registrations/${offerC.id}/accept`,
      payload: {},
    });
    expect(notMine.statusCode).toBe(404);

    const d = await t.as('worker');
    expect((await register(d, session.id)).json()).toMatchObject({ status: 'waitlisted' });
    // The offer's deadline passes (moved in the database: moving the clock would end the sessions).
    await t.platform.db
      .updateTable('training_registrations')
      .set({ offer_expires_at: new Date(now.getTime() - 1000) })
      .where('id', '=', offerC.id)
      .execute();
    const late = await c.inject({
      method: 'POST',
      url: `/api/training/registrations/${offerC.id}/accept`,
      payload: {},
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details[0].rule).toBe('training_offer_expired');
    expect(await expireOffers(t.platform)).toBe(1);
    expect((await mine(c)).status).toBe('expired');
    const offerD = await mine(d);
    expect(offerD.status).toBe('offered');
    const accept = await d.inject({
      method: 'POST',
      url: `/api/training/registrations/${offerD.id}/accept`,
      payload: {},
    });
    expect(accept.statusCode).toBe(204);
    expect((await mine(d)).status).toBe('confirmed');
    const rows = await statuses(session.id);
    expect(rows.filter((r) => r.status === 'confirmed' || r.status === 'offered')).toHaveLength(1);
  });

  it('refuses registration after the deadline', async () => {
    const session = await createSession(course1, 5);
    await t.platform.db
      .updateTable('training_sessions')
      .set({ registration_deadline: new Date(now.getTime() - 60_000) })
      .where('id', '=', session.id)
      .execute();
    const response = await register(await t.as('worker'), session.id);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].rule).toBe('training_registration_closed');
  });

  it('keeps confirmed ≤ capacity and the wait list in order under 100 concurrent registrations', async () => {
    const session = await createSession(course1, 10);
    const workers = await Promise.all(Array.from({ length: 100 }, () => t.as('worker')));
    const responses = await Promise.all(workers.map((w) => register(w, session.id)));
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    const rows = await statuses(session.id);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(10);
    const waiting = rows.filter((r) => r.status === 'waitlisted');
    expect(waiting).toHaveLength(90);
    expect(waiting.map((r) => r.queue_number)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));

    // The same person ten times at once: one registration.
    const again = await t.as('worker');
    const tries = await Promise.all(Array.from({ length: 10 }, () => register(again, session.id)));
    expect(tries.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(tries.filter((r) => r.statusCode === 400)).toHaveLength(9);

    // Five cancellations at once free five seats: exactly the first five in line get offers.
    const confirmed = rows.filter((r) => r.status === 'confirmed').slice(0, 5);
    await Promise.all(
      confirmed.map((r) =>
        coordinator.inject({
          method: 'POST',
          url: `/api/training/registrations/${r.id}/cancel`,
          payload: {},
        }),
      ),
    );
    const after = await statuses(session.id);
    expect(after.filter((r) => r.status === 'offered').map((r) => r.queue_number)).toEqual([1, 2, 3, 4, 5]);
    expect(after.filter((r) => r.status === 'confirmed' || r.status === 'offered')).toHaveLength(10);
  });

  it('reminds confirmed participants once before the session', async () => {
    const session = await createSession(course1, 5);
    const worker = await t.as('worker');
    await register(worker, session.id);
    const detail = (
      await worker.inject({ method: 'GET', url: `/api/training/sessions/${session.id}` })
    ).json();
    const saved = now;
    now = new Date(new Date(detail.startsAt).getTime() - 24 * 3_600_000);
    expect(await remindUpcoming(t.platform)).toBeGreaterThanOrEqual(1);
    expect(await remindUpcoming(t.platform)).toBe(0);
    now = saved;
    const reminders = await t.platform.db
      .selectFrom('email_outbox')
      .select('id')
      .where('to_address', '=', worker.person.email)
      .execute();
    expect(reminders).toHaveLength(2);

    // The session moves a week later: the participant is reminded again before the new date.
    const later = new Date(new Date(detail.startsAt).getTime() + 7 * 86_400_000);
    const moved = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/sessions/${session.id}`,
      payload: {
        days: [
          { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 6 * 3_600_000).toISOString() },
        ],
      },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    now = new Date(later.getTime() - 24 * 3_600_000);
    expect(await remindUpcoming(t.platform)).toBeGreaterThanOrEqual(1);
    now = saved;
    const kinds = await t.platform.db
      .selectFrom('email_outbox')
      .select('kind')
      .where('to_address', '=', worker.person.email)
      .where('kind', '=', 'training_reminder')
      .execute();
    expect(kinds).toHaveLength(2);
  });
});

describe('running a session, certificates, policies', () => {
  it('marks attendance and completion, issues a certificate verified on the public page', async () => {
    const session = await createSession(course1, 5);
    const worker = await t.signIn(await t.createPerson({ givenName: 'Camille', familyName: 'Fictive' }));
    const registration = (await register(worker, session.id)).json();
    const day = session.days[0]!.day;

    const otherTrainer = await t.as('trainer');
    const hidden = await otherTrainer.inject({
      method: 'GET',
      url: `/api/training/sessions/${session.id}/participants`,
    });
    expect(hidden.statusCode).toBe(404);
    const selfTrainer = await worker.inject({
      method: 'GET',
      url: `/api/training/sessions/${session.id}/participants`,
    });
    expect(selfTrainer.statusCode).toBe(403);

    const attendance = await trainer.inject({
      method: 'PUT',
      url: `/api/training/sessions/${session.id}/attendance`,
      payload: { entries: [{ registrationId: registration.id, day, status: 'late' }] },
    });
    expect(attendance.statusCode, attendance.body).toBe(200);
    expect(attendance.json().items[0].attendance).toEqual({ [day]: 'late' });
    const badDay = await trainer.inject({
      method: 'PUT',
      url: `/api/training/sessions/${session.id}/attendance`,
      payload: { entries: [{ registrationId: registration.id, day: '2020-01-01', status: 'present' }] },
    });
    expect(badDay.statusCode).toBe(400);

    const csv = await trainer.inject({
      method: 'GET',
      url: `/api/training/sessions/${session.id}/participants.csv`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Camille Fictive');
    const sheet = await trainer.inject({
      method: 'GET',
      url: `/api/training/sessions/${session.id}/attendance.pdf`,
    });
    expect(sheet.statusCode).toBe(200);
    const sheetText = await pdfText(sheet.rawPayload);
    expect(sheetText).toContain('Feuille de présences');
    expect(sheetText).toContain('Camille Fictive');
    expect(sheetText).toContain('En retard');

    expect(await complete(trainer, session.id, [registration.id])).toEqual({ completed: 1 });
    expect(await complete(trainer, session.id, [registration.id])).toEqual({ completed: 0 });
    const mine = (await worker.inject({ method: 'GET', url: '/api/training/me' })).json();
    const completion = mine.completions[0];
    expect(completion).toMatchObject({ courseTitle: 'Prévention et intervention' });
    expect(completion.expiresOn).not.toBeNull();
    expect(completion.certificateCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const pdf = await worker.inject({
      method: 'GET',
      url: `/api/training/completions/${completion.id}/certificate.pdf`,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Attestation de formation');
    expect(text).toContain('Camille Fictive');
    expect(text).toContain(completion.certificateCode);
    expect(text).toContain(`http://filet.test/certificats/${completion.certificateCode}`);

    const stranger = await t.as('worker', { organisationId: await t.createOrganisation() });
    const refused = await stranger.inject({
      method: 'GET',
      url: `/api/training/completions/${completion.id}/certificate.pdf`,
    });
    expect(refused.statusCode).toBe(404);

    const page = await t.app.inject({ method: 'GET', url: `/certificats/${completion.certificateCode}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Attestation valide');
    expect(page.body).toContain('Camille Fictive');
    expect(page.body).toContain('Prévention et intervention');
    expect(page.body).not.toContain(worker.person.email);
    expect(page.body).not.toContain('<script');
    const english = await t.app.inject({
      method: 'GET',
      url: `/en/certificates/${completion.certificateCode.toLowerCase()}`,
    });
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Prevention and intervention');
    const forged = await t.app.inject({ method: 'GET', url: '/certificats/AAAA-BBBB-CCCC-DDDD' });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('Attestation introuvable');
    expect(forged.body).not.toContain('Camille');
    // Codes cannot be tried in bulk: past 30 a minute, a page in the visitor's language says so.
    let limited: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    for (let i = 0; i < 31; i++) {
      limited = await t.app.inject({
        method: 'GET',
        url: `/en/certificates/AAAA-BBBB-CCCC-${String(i).padStart(4, '0')}`,
        remoteAddress: '198.51.100.7',
      });
    }
    expect(limited!.statusCode).toBe(429);
    expect(limited!.headers['content-type']).toContain('text/html');
    expect(limited!.body).toContain('<html lang="en-CA">');
    expect(limited!.body).not.toContain('<script');

    // Sixty days before the certificate expires, its holder is reminded once.
    const saved = now;
    now = new Date(new Date(`${completion.expiresOn}T12:00:00Z`).getTime() - 30 * 86_400_000);
    expect(await remindExpiringCertificates(t.platform)).toBe(1);
    expect(await remindExpiringCertificates(t.platform)).toBe(0);
    now = saved;

    // Course 2 is now open to this worker.
    const next = await createSession(course2, 5);
    expect((await register(worker, next.id)).json()).toMatchObject({ status: 'confirmed' });

    // The network counts this person as trained.
    const trained = await prerequisiteTrainingSource().completedPrerequisite(t.platform.db, [
      worker.person.id,
      stranger.person.id,
    ]);
    expect([...trained]).toEqual([worker.person.id]);
  });

  it('scopes training records: the organisation coordinator sees their people only', async () => {
    const organisationId = await t.createOrganisation();
    const session = await createSession(course1, 5);
    const ours = await t.signIn(
      await t.createPerson({ organisationId, givenName: 'Nora', familyName: 'Nôtre' }),
    );
    const theirs = await t.signIn(await t.createPerson({ givenName: 'Autre', familyName: 'Personne' }));
    const ids = [
      (await register(ours, session.id)).json().id,
      (await register(theirs, session.id)).json().id,
    ];
    await complete(coordinator, session.id, ids);
    const orgCoordinator = await t.as('org_coordinator', { organisationId });
    const records = (await orgCoordinator.inject({ method: 'GET', url: '/api/training/records' })).json()
      .items;
    expect(records.map((r: { name: string }) => r.name)).toEqual(['Nora Nôtre']);
    const all = (await coordinator.inject({ method: 'GET', url: '/api/training/records?q=personne' })).json()
      .items;
    expect(all.map((r: { name: string }) => r.name)).toContain('Autre Personne');
    const worker = await t.as('worker');
    expect((await worker.inject({ method: 'GET', url: '/api/training/records' })).statusCode).toBe(403);
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'training.completion.record')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('lets an outside professional register through a signed link, without an account', async () => {
    const open = await createCourse({ ...OPEN_COURSE, code: 'PRX-5' });
    const closedCourse = await createSession(course1, 5);
    const refused = await coordinator.inject({
      method: 'POST',
      url: `/api/training/sessions/${closedCourse.id}/invitation`,
      payload: {},
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].rule).toBe('training_not_open');

    const session = await createSession(open.id, 1);
    const link = await trainer.inject({
      method: 'POST',
      url: `/api/training/sessions/${session.id}/invitation`,
      payload: {},
    });
    expect(link.statusCode, link.body).toBe(201);
    const path = new URL(link.json().url).pathname;
    expect(path).toMatch(/^\/inscription-formation\//);

    const form = await t.app.inject({ method: 'GET', url: path });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Intervenir auprès des proxénètes');
    expect(form.body).not.toContain('<script');

    const people = async () =>
      (
        await t.platform.db
          .selectFrom('training_participants')
          .select('id')
          .where('source', '=', 'invited')
          .execute()
      ).length;
    const before = await people();
    const bad = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload:
        'fullName=&email=pas-un-courriel&organisationName=H%C3%B4tel&organisationType=casino&profession=R%C3%A9ception',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Nom complet : ce champ est obligatoire.');
    expect(bad.body).toContain('Courriel : entrez une adresse courriel valide.');
    expect(await people()).toBe(before);

    const good = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `fullName=Gis%C3%A8le+Externe&email=${encodeURIComponent(email)}&organisationName=H%C3%B4tel+fictif&organisationType=hotel&profession=R%C3%A9ception`,
      });
    const kinds = async (to: string) =>
      (await t.platform.db.selectFrom('email_outbox').select('kind').where('to_address', '=', to).execute())
        .map((r) => r.kind)
        .sort();
    // Every accepted submission gets the same page; where it stands goes to the address by e-mail.
    const first = await good('gisele@hotel-fictif.test');
    expect(first.statusCode).toBe(202);
    expect(first.body).toContain('Demande reçue');
    expect(await kinds('gisele@hotel-fictif.test')).toEqual(['training_confirmed_outside']);
    const again = await good('GISELE@hotel-fictif.test');
    expect(again.statusCode).toBe(202);
    expect(again.body).toBe(first.body);
    expect(await kinds('gisele@hotel-fictif.test')).toEqual([
      'training_already_registered_outside',
      'training_confirmed_outside',
    ]);
    const second = await good('autre@hotel-fictif.test');
    expect(second.statusCode).toBe(202);
    expect(second.body).toBe(first.body);
    expect(await kinds('autre@hotel-fictif.test')).toEqual(['training_waitlisted_outside']);
    expect(await people()).toBe(before + 2);
    const accounts = await t.platform.db
      .selectFrom('people')
      .select('id')
      .where('email', 'like', '%hotel-fictif.test')
      .execute();
    expect(accounts).toHaveLength(0);

    // One character of the signature changed (not its last: base64url's last character carries padding
    // bits, and a changed tail could by chance decode to the same bytes).
    const at = path.length - 10;
    const forgedPath = `${path.slice(0, at)}${path[at] === 'A' ? 'B' : 'A'}${path.slice(at + 1)}`;
    const forged = await t.app.inject({ method: 'GET', url: forgedPath });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('Lien d’inscription invalide');
  });
});
