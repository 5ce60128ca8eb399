import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../../../test/support/app.js';
import { auditCount, outboxCount, race } from '../../../../test/support/concurrency.js';
import { sessionPlanner, trainingScenario } from '../../../../test/support/training.scenario.js';
import { remindExpiringCertificates, remindUpcoming } from './reminders.service.js';

/**
 * Registrations, offers, sessions and completions changed by several people at once: every change is
 * decided under the session's row lock, one request wins, the others get 409 (or, where the change is
 * idempotent, change nothing), and each e-mail and audit entry is written once.
 */
let now = new Date('2026-09-01T12:00:00Z');
let t: TestApp;
let coordinator: Agent;
let trainer: Agent;
let courseId: string;

beforeAll(async () => {
  ({ t, coordinator, trainer, courseId } = await trainingScenario({
    now: () => now,
    course: {
      code: 'RAC-1',
      titleFr: 'Cours fictif',
      titleEn: 'Fictional course',
      durationDays: 1,
      certificateValidityMonths: 12,
    },
  }));
});
afterAll(async () => {
  await t.close();
});

const sessions = sessionPlanner();
async function createSession(capacity: number) {
  const { session } = await sessions.plan(coordinator, {
    courseId,
    place: 'Salle fictive',
    capacity,
    trainerIds: [trainer.person.id],
  });
  return { id: session.id, startsAt: session.startsAt! };
}

async function register(agent: Agent, sessionId: string): Promise<{ id: string; status: string }> {
  const response = await agent.inject({
    method: 'POST',
    url: `/api/training/sessions/${sessionId}/registrations`,
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function registrations(sessionId: string) {
  return t.platform.db
    .selectFrom('training_registrations')
    .select(['id', 'status', 'queue_number'])
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .execute();
}

function expectRealRace(peak: number) {
  if (t.database.engine === 'postgres') expect(peak).toBeGreaterThan(1);
}

describe('training under simultaneous requests', () => {
  it('cancels a registration once and offers the freed seat once', async () => {
    const session = await createSession(1);
    const holder = await t.as('worker');
    const next = await t.as('worker');
    const mine = await register(holder, session.id);
    expect((await register(next, session.id)).status).toBe('waitlisted');
    const result = await race(t, 100, (i) =>
      (i % 2 === 0 ? holder : coordinator).inject({
        method: 'POST',
        url: `/api/training/registrations/${mine.id}/cancel`,
        payload: {},
      }),
    );
    expect(result.statuses).toEqual({ 204: 1, 409: 99 });
    expectRealRace(result.peakConnections);
    const loser = result.responses.find((r) => r.statusCode === 409)!.json();
    expect(loser.error.details[0].rule).toBe('training_not_active');
    expect(await auditCount(t, 'training.registration.cancel', mine.id)).toBe(1);
    expect(await outboxCount(t, { kind: 'training_offered', to: next.person.email })).toBe(1);
  });

  it('accepts an offer once: 100 simultaneous answers give one 204 and 99 × 409', async () => {
    const session = await createSession(1);
    const holder = await t.as('worker');
    const next = await t.as('worker');
    const first = await register(holder, session.id);
    const waiting = await register(next, session.id);
    const cancel = await holder.inject({
      method: 'POST',
      url: `/api/training/registrations/${first.id}/cancel`,
      payload: {},
    });
    expect(cancel.statusCode, cancel.body).toBe(204);
    const result = await race(t, 100, (i) =>
      next.inject({
        method: 'POST',
        url: `/api/training/registrations/${waiting.id}/${i % 2 === 0 ? 'accept' : 'decline'}`,
        payload: {},
      }),
    );
    expect(result.statuses).toEqual({ 204: 1, 409: 99 });
    expect(result.responses.find((r) => r.statusCode === 409)!.json().error.details[0].rule).toBe(
      'training_no_offer',
    );
    const answered =
      (await auditCount(t, 'training.offer.accept', waiting.id)) +
      (await auditCount(t, 'training.offer.decline', waiting.id));
    expect(answered).toBe(1);
  });

  it('promotes from the wait list in order when many seats free up at once', async () => {
    const session = await createSession(5);
    const people = await Promise.all(Array.from({ length: 12 }, () => t.as('worker')));
    const held: Array<{ id: string; status: string }> = [];
    for (const person of people) held.push(await register(person, session.id));
    const confirmed = held.filter((r) => r.status === 'confirmed');
    expect(confirmed).toHaveLength(5);
    // Each of the five confirmed registrations cancelled twenty times over, all at once.
    const result = await race(t, 100, (i) =>
      coordinator.inject({
        method: 'POST',
        url: `/api/training/registrations/${confirmed[i % 5]!.id}/cancel`,
        payload: {},
      }),
    );
    expect(result.statuses).toEqual({ 204: 5, 409: 95 });
    const after = await registrations(session.id);
    expect(after.filter((r) => r.status === 'offered').map((r) => r.queue_number)).toEqual([1, 2, 3, 4, 5]);
    for (const person of people.slice(5, 10)) {
      expect(await outboxCount(t, { kind: 'training_offered', to: person.person.email })).toBe(1);
    }
    for (const person of people.slice(10)) {
      expect(await outboxCount(t, { kind: 'training_offered', to: person.person.email })).toBe(0);
    }
  });

  it('cancels a session once: its registrants are told once', async () => {
    const session = await createSession(3);
    const people = await Promise.all(Array.from({ length: 3 }, () => t.as('worker')));
    for (const person of people) await register(person, session.id);
    const result = await race(t, 50, (i) =>
      (i % 2 === 0 ? coordinator : trainer).inject({
        method: 'PATCH',
        url: `/api/training/sessions/${session.id}`,
        payload: { status: 'cancelled' },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 49 });
    expect(result.responses.find((r) => r.statusCode === 409)!.json().error.details[0]).toMatchObject({
      field: 'status',
      rule: 'training_session_status_same',
    });
    expect(await auditCount(t, 'training.session.update', session.id)).toBe(1);
    for (const person of people) {
      expect(await outboxCount(t, { kind: 'training_session_cancelled', to: person.person.email })).toBe(1);
    }
  });

  it('completes participants once: simultaneous completions make one certificate, one e-mail, one entry', async () => {
    const session = await createSession(3);
    const people = await Promise.all(Array.from({ length: 3 }, () => t.as('worker')));
    const ids: string[] = [];
    for (const person of people) ids.push((await register(person, session.id)).id);
    const result = await race(t, 40, () =>
      trainer.inject({
        method: 'POST',
        url: `/api/training/sessions/${session.id}/completions`,
        payload: { registrationIds: ids },
      }),
    );
    // Completing twice changes nothing: every answer is 200, one of them created the three.
    expect(result.statuses).toEqual({ 200: 40 });
    expect(result.responses.map((r) => r.json().completed).sort()).toEqual([
      ...Array.from({ length: 39 }, () => 0),
      3,
    ]);
    const completions = await t.platform.db
      .selectFrom('training_completions')
      .select('id')
      .where('session_id', '=', session.id)
      .execute();
    expect(completions).toHaveLength(3);
    expect(await auditCount(t, 'training.completion.record', session.id)).toBe(1);
    for (const person of people) {
      expect(await outboxCount(t, { kind: 'training_completed', to: person.person.email })).toBe(1);
    }
  });

  it('sends the reminder before a session once when two runs overlap', async () => {
    const session = await createSession(2);
    const person = await t.as('worker');
    await register(person, session.id);
    const saved = now;
    try {
      now = new Date(new Date(session.startsAt).getTime() - 24 * 3_600_000);
      await Promise.all([remindUpcoming(t.platform), remindUpcoming(t.platform)]);
    } finally {
      now = saved;
    }
    expect(await outboxCount(t, { kind: 'training_reminder', to: person.person.email })).toBe(1);
    expect(await auditCount(t, 'training.reminder.send')).toBe(1);
  });

  it('sends a certificate expiry reminder once when two runs overlap', async () => {
    const session = await createSession(2);
    const person = await t.as('worker');
    const mine = await register(person, session.id);
    const done = await trainer.inject({
      method: 'POST',
      url: `/api/training/sessions/${session.id}/completions`,
      payload: { registrationIds: [mine.id] },
    });
    expect(done.statusCode, done.body).toBe(200);
    const saved = now;
    try {
      now = new Date(now.getTime() + 330 * 86_400_000);
      await Promise.all([remindExpiringCertificates(t.platform), remindExpiringCertificates(t.platform)]);
    } finally {
      now = saved;
    }
    expect(await outboxCount(t, { kind: 'training_certificate_expiry', to: person.person.email })).toBe(1);
  });
});
