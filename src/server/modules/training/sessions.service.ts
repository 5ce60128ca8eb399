import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import { localDay } from '../../../shared/time-zone.js';
import type { AuditEvent } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { EmailMessage } from '../../platform/notify/notify.js';
import type { Platform } from '../../platform/platform.js';
import { whoHoldRole } from '../accounts/index.js';
import * as completionRepo from './completions.repository.js';
import * as courseRepo from './courses.repository.js';
import * as participantRepo from './participants.repository.js';
import * as registrationRepo from './registration.repository.js';
import * as reminderRepo from './reminders.repository.js';
import * as repo from './sessions.repository.js';
import { sessionCalendar } from './training.documents.js';
import { appLink, changeList, dayList, pick, whereLines } from './training.emails.js';
import { stale } from './training.guards.js';
import { makeLink } from './training.links.js';
import { canPlanSessions, canRunSession, isTable, viewerOf } from './training.policy.js';
import {
  intervalsOverlap,
  missingPrerequisites,
  type SessionChange,
  sessionChanges,
} from './training.rules.js';
import type { CreateSessionBody, SessionQuery, UpdateSessionBody } from './training.schemas.js';
import { fillFreeSeats } from './waitlist.service.js';

/**
 * Sessions: planning, reading, changing and cancelling them. Registrants are told when what they live
 * by (days, hours, place, video link) changes, and when the session is cancelled.
 */

/** One day of a session as planned: when it starts and ends. */
type DayInput = Static<typeof CreateSessionBody>['days'][number];

/** A session's fields as a change gives them; those left out stay as they are. */
type SessionInput = Static<typeof UpdateSessionBody>;

export interface SessionDetail {
  session: repo.SessionRow;
  days: repo.DayRow[];
  trainers: Array<{ id: string; name: string }>;
  mine: registrationRepo.RegistrationCore | null;
  canRun: boolean;
  missingPrerequisites: Array<{ id: string; title_fr: string; title_en: string }>;
}

export function listSessions(
  platform: Platform,
  actor: Actor,
  filter: SessionQuery,
): Promise<repo.SessionRow[]> {
  return repo.listSessions(platform.db, {
    from: filter.from ? new Date(filter.from) : undefined,
    courseId: filter.courseId,
    trainerId: filter.mine ? actor.personId : undefined,
  });
}

export function listTrainers(platform: Platform, actor: Actor): Promise<repo.TrainerRow[]> {
  authorize(canPlanSessions(viewerOf(actor)), { hide: false });
  return repo.listTrainers(platform.db);
}

/** A session, its days and trainers, and the actor's own registration and missing prerequisites. */
export async function getSession(platform: Platform, actor: Actor, id: string): Promise<SessionDetail> {
  const db = platform.db;
  const session = await repo.findSession(db, id);
  if (!session) throw Errors.notFound();
  const participant = await participantRepo.participantOfPerson(db, actor.personId);
  const completed = participant
    ? await completionRepo.completedCourseIds(db, participant.id)
    : new Set<string>();
  const course = await courseRepo.findCourse(db, session.course_id);
  const missing = missingPrerequisites(course?.prerequisite_ids ?? [], completed);
  return {
    session,
    days: await repo.sessionDays(db, id),
    trainers: (await repo.sessionTrainers(db, id)).map((t) => ({ id: t.id, name: t.name })),
    mine: participant ? ((await registrationRepo.findRegistrationOf(db, id, participant.id)) ?? null) : null,
    canRun: canRunSession(viewerOf(actor), { trainerIds: session.trainer_ids }),
    missingPrerequisites: await courseRepo.courseTitles(db, missing),
  };
}

/** The session's days as iCalendar text (any signed-in person may add a session to their calendar). */
export async function sessionIcs(platform: Platform, id: string, locale: Locale): Promise<string> {
  const session = await repo.findSession(platform.db, id);
  if (!session) throw Errors.notFound();
  const days = await repo.sessionDays(platform.db, id);
  return sessionCalendar(session, days, {
    locale,
    publicUrl: platform.config.publicUrl,
    now: platform.now(),
  });
}

function normaliseDays(
  platform: Platform,
  days: readonly DayInput[],
  problems: FieldProblem[],
): repo.DayRow[] {
  const rows: repo.DayRow[] = [];
  const seen = new Set<string>();
  days.forEach((input, index) => {
    const starts = new Date(input.startsAt);
    const ends = new Date(input.endsAt);
    if (ends.getTime() <= starts.getTime()) {
      problems.push({ field: `days.${index}.endsAt`, rule: 'ends_before_start' });
      return;
    }
    const day = localDay(starts, platform.config.timeZone);
    if (localDay(new Date(ends.getTime() - 1), platform.config.timeZone) !== day) {
      problems.push({ field: `days.${index}.endsAt`, rule: 'training_day_spans_midnight' });
      return;
    }
    if (seen.has(day)) {
      problems.push({ field: `days.${index}.startsAt`, rule: 'training_day_twice' });
      return;
    }
    seen.add(day);
    rows.push({ day, starts_at: starts, ends_at: ends });
  });
  return rows.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
}

async function checkTrainers(
  trx: Transaction<DB>,
  trainerIds: readonly string[],
  days: readonly repo.DayRow[],
  sessionId: string | null,
  problems: FieldProblem[],
): Promise<void> {
  const known = await whoHoldRole(trx, trainerIds, 'trainer');
  if (known.size !== trainerIds.length) {
    problems.push({ field: 'trainerIds', rule: 'training_not_trainer' });
    return;
  }
  const busy = await repo.trainerBusyDays(trx, trainerIds, sessionId);
  const intervals = days.map((d) => ({ startsAt: d.starts_at, endsAt: d.ends_at }));
  for (const trainerId of trainerIds) {
    const theirs = busy
      .filter((b) => b.person_id === trainerId)
      .map((b) => ({ startsAt: b.starts_at, endsAt: b.ends_at }));
    if (intervalsOverlap(intervals, theirs)) {
      problems.push({ field: 'trainerIds', rule: 'training_trainer_busy' });
      return;
    }
  }
}

/**
 * Plans a session. A trainer who is not of the table gives the sessions they plan (added as trainer).
 * Refused: days overlapping another session of one of its trainers, a deadline after the first day.
 */
export async function createSession(
  platform: Platform,
  actor: Actor,
  input: Static<typeof CreateSessionBody>,
): Promise<string> {
  const viewer = viewerOf(actor);
  authorize(canPlanSessions(viewer), { hide: false });
  const trainerIds = [...new Set(input.trainerIds ?? [])];
  if (!isTable(viewer) && !trainerIds.includes(actor.personId)) trainerIds.push(actor.personId);
  return platform.db.transaction().execute(async (trx) => {
    await repo.lockPlanning(trx);
    const problems: FieldProblem[] = [];
    const course = await courseRepo.findCourse(trx, input.courseId);
    if (!course?.active) problems.push({ field: 'courseId', rule: 'unknown' });
    const days = normaliseDays(platform, input.days, problems);
    const place = input.place?.trim() || null;
    const videoUrl = input.videoUrl || null;
    if (!place && !videoUrl) problems.push({ field: 'place', rule: 'training_place_or_video' });
    const deadline = new Date(input.registrationDeadline);
    if (days[0] && deadline.getTime() > days[0].starts_at.getTime()) {
      problems.push({ field: 'registrationDeadline', rule: 'training_deadline_after_start' });
    }
    await checkTrainers(trx, trainerIds, days, null, problems);
    if (problems.length > 0) throw Errors.invalid(problems);
    const id = await repo.insertSession(
      trx,
      {
        course_id: input.courseId,
        place,
        video_url: videoUrl,
        capacity: input.capacity,
        registration_deadline: deadline,
        created_by: actor.personId,
      },
      platform.now(),
    );
    await repo.replaceDays(trx, id, days);
    await repo.replaceTrainers(trx, id, trainerIds);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.session.create',
      targetType: 'training_session',
      targetId: id,
      meta: { courseId: input.courseId, capacity: input.capacity, days: days.length },
    });
    return id;
  });
}

/**
 * Changes a session. Capacity below the seats already held is refused; a larger capacity offers the
 * new seats to the wait list at once. Cancelling it cancels every registration still holding or
 * awaiting a seat and tells each person (see cancelRegistrationsOf); a session that is over cannot be
 * cancelled. A cancelled session may be planned again, but its registrations stay cancelled. Decided
 * under the session's row lock; asking for the status it already has (cancelled, completed) is a
 * conflict, so of two cancellations at once one goes through. Throws not_found, forbidden,
 * validation_failed, conflict.
 */
export async function updateSession(platform: Platform, actor: Actor, id: string, input: SessionInput) {
  const viewer = viewerOf(actor);
  authorize(canPlanSessions(viewer), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await repo.lockPlanning(trx);
    const locked = await repo.lockSession(trx, id);
    const session = locked ? await repo.findSession(trx, id) : undefined;
    if (!locked || !session) throw Errors.notFound();
    authorize(canRunSession(viewer, { trainerIds: session.trainer_ids }));
    // Cancelled or completed already (by another request, perhaps at the same moment): no second
    // transition, no second round of e-mails or audit entry.
    if (input.status !== undefined && input.status !== 'planned' && input.status === session.status) {
      throw stale('status', 'training_session_status_same');
    }
    const now = platform.now();
    const problems: FieldProblem[] = [];
    const plannedDays = await repo.sessionDays(trx, id);
    let days = plannedDays;
    if (input.days) days = normaliseDays(platform, input.days, problems);
    const cancelling = input.status === 'cancelled' && session.status !== 'cancelled';
    if (
      cancelling &&
      (session.status === 'completed' || (session.ends_at && session.ends_at.getTime() <= now.getTime()))
    ) {
      problems.push({ field: 'status', rule: 'training_session_over' });
    }
    const place = input.place === undefined ? session.place : input.place?.trim() || null;
    const videoUrl = input.videoUrl === undefined ? session.video_url : input.videoUrl || null;
    if (!place && !videoUrl) problems.push({ field: 'place', rule: 'training_place_or_video' });
    const deadline = input.registrationDeadline
      ? new Date(input.registrationDeadline)
      : session.registration_deadline;
    if (days[0] && deadline.getTime() > days[0].starts_at.getTime()) {
      problems.push({ field: 'registrationDeadline', rule: 'training_deadline_after_start' });
    }
    const held = await registrationRepo.heldCounts(trx, id);
    if (input.capacity !== undefined && input.capacity < held.confirmed + held.offered) {
      problems.push({
        field: 'capacity',
        rule: 'training_capacity_below_confirmed',
        params: { count: held.confirmed + held.offered },
      });
    }
    const trainerIds = input.trainerIds ? [...new Set(input.trainerIds)] : session.trainer_ids;
    if (!isTable(viewer) && !trainerIds.includes(actor.personId)) {
      problems.push({ field: 'trainerIds', rule: 'training_trainer_self' });
    }
    if (input.trainerIds || input.days) await checkTrainers(trx, trainerIds, days, id, problems);
    if (problems.length > 0) throw Errors.invalid(problems);
    await repo.updateSession(
      trx,
      id,
      {
        place,
        video_url: videoUrl,
        registration_deadline: deadline,
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
      },
      now,
    );
    if (input.days) await repo.replaceDays(trx, id, days);
    if (input.trainerIds) await repo.replaceTrainers(trx, id, trainerIds);
    const planned = (input.status ?? session.status) === 'planned';
    // Only what the registrants live by (days and hours, place, video link), compared by value: the
    // same days sent again change nothing; capacity, deadline and trainers are not their concern.
    const changed = sessionChanges(
      { days: intervalsOf(plannedDays), place: session.place, videoUrl: session.video_url },
      { days: intervalsOf(days), place, videoUrl },
    );
    // Told before the freed seats are offered: an offer made now already carries the new setting. A
    // session already over is only being corrected: its past participants are not written to.
    const over = session.ends_at !== null && session.ends_at.getTime() <= now.getTime();
    const told =
      planned && !over && changed.length > 0
        ? await tellSessionChange(platform, trx, session, days, { place, videoUrl }, changed)
        : 0;
    // New dates: the reminder before the session is due again before the new first day.
    if (changed.includes('days')) await reminderRepo.clearReminders(trx, id);
    let offered = 0;
    if (planned) offered = await fillFreeSeats(platform, trx, id, now);
    const cancelled = cancelling
      ? await cancelRegistrationsOf(platform, trx, session, plannedDays, actor.personId, now)
      : [];
    // Last, in one append: the registrations cancelled with the session, then the session itself.
    await platform.audit.appendMany(trx, [
      ...cancelled,
      {
        actor: actor.personId,
        action: 'training.session.update',
        targetType: 'training_session',
        targetId: id,
        meta: {
          fields: Object.keys(input),
          offered,
          ...(changed.length > 0 ? { changed, told } : {}),
          ...(cancelling ? { cancelledRegistrations: cancelled.length } : {}),
        },
      },
    ]);
  });
}

function intervalsOf(days: readonly repo.DayRow[]) {
  return days.map((d) => ({ startsAt: d.starts_at, endsAt: d.ends_at }));
}

/**
 * The days, place or video link of a planned session changed (its row locked): every confirmed,
 * wait-listed and offered registration is told by e-mail, in their language, what changed with the
 * session's new days, hours and place — members with the session's page and its calendar file,
 * outside professionals (no account) with their cancellation link, valid until the new start — and
 * the members get one in-app notification. Returns how many registrations were told; their
 * registrations do not change.
 */
async function tellSessionChange(
  platform: Platform,
  trx: Transaction<DB>,
  session: repo.SessionRow,
  days: readonly repo.DayRow[],
  where: { place: string | null; videoUrl: string | null },
  changes: readonly SessionChange[],
): Promise<number> {
  const active = await registrationRepo.activeRegistrations(trx, session.id);
  if (active.length === 0) return 0;
  // Formatted once per language, not once per person.
  const texts = (locale: Locale) => ({
    course: pick(locale, session.course_title_fr, session.course_title_en),
    changes: changeList(locale, changes),
    dates: dayList(platform, locale, days),
    where: whereLines(locale, where.place, where.videoUrl),
  });
  const byLocale: Record<Locale, ReturnType<typeof texts>> = {
    'fr-CA': texts('fr-CA'),
    'en-CA': texts('en-CA'),
  };
  const startsAt = days[0]?.starts_at ?? session.registration_deadline;
  await platform.notifier.queueEmails(
    trx,
    active.map((r): EmailMessage => {
      const params = { name: r.full_name, ...byLocale[r.locale] };
      return r.person_id
        ? {
            to: r.email,
            locale: r.locale,
            template: 'training_session_changed',
            params: {
              ...params,
              link: appLink(platform, `/formation/sessions/${session.id}`),
              calendarLink: appLink(platform, `/api/training/sessions/${session.id}/session.ics`),
            },
          }
        : {
            to: r.email,
            locale: r.locale,
            template: 'training_session_changed_outside',
            params: {
              ...params,
              cancelLink: makeLink(
                platform,
                'training-cancellation',
                { id: r.id, version: r.link_version },
                startsAt,
                r.locale,
              ),
            },
          };
    }),
  );
  const members = active.flatMap((r) => (r.person_id ? [r.person_id] : []));
  if (members.length > 0) {
    await platform.notifier.notify(trx, members, {
      kind: 'training.session_changed',
      params: { course: session.course_code },
      link: `/formation/sessions/${session.id}`,
    });
  }
  return active.length;
}

/**
 * A session is being cancelled (its row locked): every confirmed, wait-listed and offered registration
 * is cancelled in one statement, each person gets an e-mail in their language (members with the
 * catalogue's address; outside professionals, who have no account, without it), and the members get
 * one in-app notification. Returns the audit entries the caller appends last.
 */
async function cancelRegistrationsOf(
  platform: Platform,
  trx: Transaction<DB>,
  session: repo.SessionRow,
  days: readonly repo.DayRow[],
  actorId: string,
  now: Date,
): Promise<AuditEvent[]> {
  const active = await registrationRepo.activeRegistrations(trx, session.id);
  if (active.length === 0) return [];
  await registrationRepo.cancelRegistrations(
    trx,
    active.map((r) => r.id),
    now,
  );
  // Formatted once per language, not once per person.
  const dates: Record<Locale, string> = {
    'fr-CA': dayList(platform, 'fr-CA', days),
    'en-CA': dayList(platform, 'en-CA', days),
  };
  await platform.notifier.queueEmails(
    trx,
    active.map((r) => ({
      to: r.email,
      locale: r.locale,
      template: r.person_id ? 'training_session_cancelled' : 'training_session_cancelled_outside',
      params: {
        name: r.full_name,
        course: pick(r.locale, session.course_title_fr, session.course_title_en),
        dates: dates[r.locale],
        place: session.place ?? session.video_url ?? '',
        link: appLink(platform, '/formation'),
      },
    })),
  );
  const members = active.flatMap((r) => (r.person_id ? [r.person_id] : []));
  await platform.notifier.notify(trx, members, {
    kind: 'training.session_cancelled',
    params: { course: session.course_code },
    link: '/formation',
  });
  return active.map((r) => ({
    actor: actorId,
    action: 'training.registration.cancel',
    targetType: 'training_registration',
    targetId: r.id,
    meta: { sessionId: session.id, was: r.status, reason: 'session_cancelled' },
  }));
}
