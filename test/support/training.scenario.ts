import { expect } from 'vitest';
import type {
  CreateCourseBody,
  CreateSessionBody,
  SessionDetail,
} from '../../src/shared/contracts/training.js';
import { type Agent, createTestApp, type TestApp } from './app.js';
import { makeCourse, makeSession, participantOf, register } from './questionnaire.factories.js';

/**
 * The set-up the training route tests share, done through the API as the table would do it: a test
 * app with a table coordinator, a trainer and a course; sessions planned on fresh days; the invitation
 * page of a session for outside professionals.
 */

/** A one-day course open to outside professionals (no Filet account); tests add a code of their own. */
export const OPEN_COURSE = {
  titleFr: 'Intervenir auprès des proxénètes',
  titleEn: 'Intervening with pimps',
  durationDays: 1,
  openToOutside: true,
} as const;

export interface TrainingScenario {
  t: TestApp;
  /** A table coordinator: creates courses and plans sessions. */
  coordinator: Agent;
  /** A trainer (of no session yet). */
  trainer: Agent;
  /** The course created by the coordinator. */
  courseId: string;
}

/** A test app (its clock read from `now`), a table coordinator, a trainer and `course` created by the coordinator. */
export async function trainingScenario(options: {
  now: () => Date;
  course: CreateCourseBody;
}): Promise<TrainingScenario> {
  const t = await createTestApp({ now: options.now });
  const coordinator = await t.as('table_coordinator');
  const trainer = await t.as('trainer');
  const course = await createCourse(coordinator, options.course);
  return { t, coordinator, trainer, courseId: course.id };
}

/** A course created through the API by `coordinator` (201 checked). */
export async function createCourse(coordinator: Agent, payload: CreateCourseBody): Promise<{ id: string }> {
  const response = await coordinator.inject({ method: 'POST', url: '/api/training/courses', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** What a planned session needs besides its days; the place defaults to a fictional room. */
export type SessionPlan = Omit<CreateSessionBody, 'registrationDeadline' | 'days'> &
  Partial<Pick<CreateSessionBody, 'registrationDeadline' | 'days'>>;

/**
 * Plans sessions through the API (201 checked), each on fresh days so trainers are never double-booked
 * by accident: one seven-hour day from 13:00 UTC, three days after the previous session's (the first
 * on 4 October 2026), registrations closing a day before it starts. Each planner counts its own days.
 */
export function sessionPlanner() {
  let dayOffset = 0;
  /** 13:00 UTC on fresh days, for a test that writes a session's days itself. */
  function freshStart(): Date {
    dayOffset += 3;
    return new Date(Date.UTC(2026, 9, 1 + dayOffset, 13, 0));
  }
  async function plan(
    coordinator: Agent,
    plan: SessionPlan,
  ): Promise<{ session: SessionDetail; start: Date }> {
    const start = freshStart();
    const response = await coordinator.inject({
      method: 'POST',
      url: '/api/training/sessions',
      payload: {
        place: 'Salle fictive, 10 rue de l’Exemple',
        registrationDeadline: new Date(start.getTime() - 86_400_000).toISOString(),
        days: [
          { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7 * 3_600_000).toISOString() },
        ],
        ...plan,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return { session: response.json(), start };
  }
  return { freshStart, plan };
}

/** The path of a session's invitation page for outside professionals, opened by `giver` (201 checked). */
export async function invitationPath(giver: Agent, sessionId: string): Promise<string> {
  const invitation = await giver.inject({
    method: 'POST',
    url: `/api/training/sessions/${sessionId}/invitation`,
    payload: {},
  });
  expect(invitation.statusCode, invitation.body).toBe(201);
  return new URL(invitation.json().url).pathname;
}

/** A session's invitation page in a language: the French path as given, or its English twin. */
export function invitationIn(invitation: string, locale: 'fr-CA' | 'en-CA' = 'fr-CA'): string {
  return locale === 'en-CA'
    ? invitation.replace('/inscription-formation/', '/en/training-registration/')
    : invitation;
}

/** The invitation form as a browser without script posts it, for a hotel's receptionist. */
export function invitationForm(person: { fullName: string; email: string }) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      ...person,
      organisationName: 'Hôtel fictif',
      organisationType: 'hotel',
      profession: 'Réception',
    }).toString(),
  };
}

/**
 * A session of a new course, written straight to the database, whose only day ended at `endsAt`,
 * given by `trainer`, with `members` new workers (signed in) holding a confirmed seat.
 */
export async function sessionWithMembers(
  t: TestApp,
  options: { trainer: Agent; members: number; endsAt: Date },
): Promise<{ courseId: string; sessionId: string; participants: Agent[] }> {
  const db = t.platform.db;
  const courseId = await makeCourse(db);
  const sessionId = await makeSession(db, courseId, {
    endsAt: options.endsAt,
    trainerIds: [options.trainer.person.id],
  });
  const participants: Agent[] = [];
  for (let i = 0; i < options.members; i += 1) {
    const agent = await t.as('worker');
    await register(db, sessionId, await participantOf(db, agent.person));
    participants.push(agent);
  }
  return { courseId, sessionId, participants };
}
