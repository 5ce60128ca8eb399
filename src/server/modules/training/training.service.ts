import { randomInt } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { AuditEvent } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import { t } from '../../platform/i18n/i18n.js';
import { localDay } from '../../platform/i18n/time.js';
import type { EmailMessage } from '../../platform/notify/notify.js';
import type { Platform } from '../../platform/platform.js';
import { resendOutsideEvaluations } from './evaluation-announcements.service.js';
import {
  attendanceSheetPdf,
  certificatePdf,
  participantsCsv,
  sessionCalendar,
  verificationUrl,
} from './training.documents.js';
import {
  holderVersion,
  inspectLink,
  isCurrent,
  type LinkClaims,
  type LinkedRecord,
  linkSecret,
  linkUrl,
  makeLink,
  openLink,
  readLink,
  signLink,
} from './training.links.js';
import {
  canCorrectParticipant,
  canEditCatalogue,
  canPlanSessions,
  canRunSession,
  canSeeRecord,
  isTable,
  recordScope,
  type Viewer,
  viewerOf,
} from './training.policy.js';
import * as repo from './training.repository.js';
import {
  certificateCode,
  expiryDate,
  freeSeats,
  intervalsOverlap,
  missingPrerequisites,
  nextInLine,
  normaliseCode,
  OUTSIDE_TYPES,
  offerDeadline,
  placeRegistration,
  type SessionChange,
  sessionChanges,
  wouldCreateCycle,
} from './training.rules.js';
import type { AttendanceStatus, CourseKind, RegistrationStatus, SessionStatus } from './training.table.js';

const pick = (locale: Locale, fr: string, en: string) => (locale === 'en-CA' ? en : fr);

/** A date and time for an e-mail, in the region's time zone and the reader's language. */
// Building a date formatter is costly (a batch of 200 registrations formats 200 dates): keep one per
// locale and time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function when(platform: Platform, locale: Locale, instant: Date | null): string {
  if (!instant) return '';
  const key = `${locale}|${platform.config.timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: platform.config.timeZone,
    });
    formatters.set(key, format);
  }
  return format.format(instant);
}

function appLink(platform: Platform, path: string): string {
  return `${platform.config.publicUrl}${path}`;
}

// ================================================================================================
// Catalogue

export interface CourseInput {
  code?: string | undefined;
  kind?: CourseKind | undefined;
  titleFr?: string | undefined;
  titleEn?: string | undefined;
  descriptionFr?: string | undefined;
  descriptionEn?: string | undefined;
  objectivesFr?: string | undefined;
  objectivesEn?: string | undefined;
  durationDays?: number | undefined;
  audiences?: string[] | undefined;
  openToOutside?: boolean | undefined;
  certificateValidityMonths?: number | null | undefined;
  networkPrerequisite?: boolean | undefined;
  active?: boolean | undefined;
  prerequisiteIds?: string[] | undefined;
}

export interface CourseDetail {
  course: repo.CourseRow;
  prerequisites: Array<{ id: string; title_fr: string; title_en: string }>;
}

/** The catalogue: active courses for everyone, inactive ones too for those who edit it. */
export function listCourses(platform: Platform, actor: Actor): Promise<repo.CourseRow[]> {
  return repo.listCourses(platform.db, { activeOnly: !canEditCatalogue(viewerOf(actor)) });
}

async function courseDetail(db: Executor, actor: Actor, id: string): Promise<CourseDetail> {
  const course = await repo.findCourse(db, id);
  if (!course || (!course.active && !canEditCatalogue(viewerOf(actor)))) throw Errors.notFound();
  return { course, prerequisites: await repo.courseTitles(db, course.prerequisite_ids) };
}

export function getCourse(platform: Platform, actor: Actor, id: string): Promise<CourseDetail> {
  return courseDetail(platform.db, actor, id);
}

async function checkCourseInput(
  trx: Transaction<DB>,
  input: CourseInput,
  courseId: string | null,
): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const field of ['titleFr', 'titleEn'] as const) {
    if (input[field] !== undefined && !input[field]!.trim()) problems.push({ field, rule: 'required' });
  }
  if (input.code !== undefined && (await repo.courseCodeTaken(trx, input.code, courseId))) {
    problems.push({ field: 'code', rule: 'taken' });
  }
  if (input.audiences && new Set(input.audiences).size !== input.audiences.length) {
    problems.push({ field: 'audiences', rule: 'invalid' });
  }
  if (input.prerequisiteIds) {
    const ids = [...new Set(input.prerequisiteIds)];
    const known = await repo.existingCourseIds(trx, ids);
    if (known.size !== ids.length) problems.push({ field: 'prerequisiteIds', rule: 'unknown' });
    else if (courseId && ids.includes(courseId)) {
      problems.push({ field: 'prerequisiteIds', rule: 'training_prerequisite_cycle' });
    } else if (courseId && wouldCreateCycle(await repo.prerequisiteEdges(trx), courseId, ids)) {
      problems.push({ field: 'prerequisiteIds', rule: 'training_prerequisite_cycle' });
    }
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

function courseValues(input: CourseInput): Partial<repo.CourseInsert> {
  const values: Partial<repo.CourseInsert> = {};
  if (input.code !== undefined) values.code = input.code;
  if (input.kind !== undefined) values.kind = input.kind;
  if (input.titleFr !== undefined) values.title_fr = input.titleFr.trim();
  if (input.titleEn !== undefined) values.title_en = input.titleEn.trim();
  if (input.descriptionFr !== undefined) values.description_fr = input.descriptionFr.trim();
  if (input.descriptionEn !== undefined) values.description_en = input.descriptionEn.trim();
  if (input.objectivesFr !== undefined) values.objectives_fr = input.objectivesFr.trim();
  if (input.objectivesEn !== undefined) values.objectives_en = input.objectivesEn.trim();
  if (input.durationDays !== undefined) values.duration_days = input.durationDays;
  if (input.audiences !== undefined) values.audiences = [...input.audiences];
  if (input.openToOutside !== undefined) values.open_to_outside = input.openToOutside;
  if (input.certificateValidityMonths !== undefined)
    values.certificate_validity_months = input.certificateValidityMonths;
  if (input.networkPrerequisite !== undefined) values.network_prerequisite = input.networkPrerequisite;
  if (input.active !== undefined) values.active = input.active;
  return values;
}

/** Adds a course to the catalogue. Throws validation_failed (code taken, unknown prerequisite). */
export async function createCourse(
  platform: Platform,
  actor: Actor,
  input: CourseInput & { code: string; titleFr: string; titleEn: string; durationDays: number },
): Promise<string> {
  authorize(canEditCatalogue(viewerOf(actor)), { hide: false });
  return platform.db.transaction().execute(async (trx) => {
    await repo.lockCatalogue(trx);
    await checkCourseInput(trx, input, null);
    const values = courseValues(input);
    if (values.network_prerequisite) await repo.clearNetworkPrerequisite(trx, null);
    const id = await repo.insertCourse(trx, {
      kind: 'course',
      description_fr: '',
      description_en: '',
      objectives_fr: '',
      objectives_en: '',
      audiences: [],
      open_to_outside: false,
      certificate_validity_months: null,
      network_prerequisite: false,
      active: true,
      ...values,
      code: input.code,
      title_fr: input.titleFr.trim(),
      title_en: input.titleEn.trim(),
      duration_days: input.durationDays,
    });
    if (input.prerequisiteIds) await repo.replacePrerequisites(trx, id, [...new Set(input.prerequisiteIds)]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.course_create',
      targetType: 'training_course',
      targetId: id,
      meta: { code: input.code },
    });
    return id;
  });
}

/** Edits a course; a prerequisite list that would make a cycle is refused, nothing stored. */
export async function updateCourse(platform: Platform, actor: Actor, id: string, input: CourseInput) {
  authorize(canEditCatalogue(viewerOf(actor)), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await repo.lockCatalogue(trx);
    if (!(await repo.findCourse(trx, id))) throw Errors.notFound();
    await checkCourseInput(trx, input, id);
    const values = courseValues(input);
    if (values.network_prerequisite) await repo.clearNetworkPrerequisite(trx, id);
    await repo.updateCourse(trx, id, values, platform.now());
    if (input.prerequisiteIds) await repo.replacePrerequisites(trx, id, [...new Set(input.prerequisiteIds)]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.course_update',
      targetType: 'training_course',
      targetId: id,
      meta: { fields: Object.keys(input) },
    });
  });
}

// ================================================================================================
// Sessions

export interface DayInput {
  startsAt: string;
  endsAt: string;
}

export interface SessionInput {
  courseId?: string | undefined;
  place?: string | null | undefined;
  videoUrl?: string | null | undefined;
  capacity?: number | undefined;
  registrationDeadline?: string | undefined;
  days?: DayInput[] | undefined;
  trainerIds?: string[] | undefined;
  status?: SessionStatus | undefined;
}

export interface SessionDetail {
  session: repo.SessionRow;
  days: repo.DayRow[];
  trainers: Array<{ id: string; name: string }>;
  mine: repo.RegistrationCore | null;
  canRun: boolean;
  missingPrerequisites: Array<{ id: string; title_fr: string; title_en: string }>;
}

export function listSessions(
  platform: Platform,
  actor: Actor,
  filter: { from?: string | undefined; courseId?: string | undefined; mine?: boolean | undefined },
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
  const participant = await repo.participantOfPerson(db, actor.personId);
  const completed = participant ? await repo.completedCourseIds(db, participant.id) : new Set<string>();
  const course = await repo.findCourse(db, session.course_id);
  const missing = missingPrerequisites(course?.prerequisite_ids ?? [], completed);
  return {
    session,
    days: await repo.sessionDays(db, id),
    trainers: (await repo.sessionTrainers(db, id)).map((t) => ({ id: t.id, name: t.name })),
    mine: participant ? ((await repo.findRegistrationOf(db, id, participant.id)) ?? null) : null,
    canRun: canRunSession(viewerOf(actor), { trainerIds: session.trainer_ids }),
    missingPrerequisites: await repo.courseTitles(db, missing),
  };
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
  const known = await repo.peopleWithRole(trx, trainerIds, 'trainer');
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
  input: SessionInput & {
    courseId: string;
    capacity: number;
    registrationDeadline: string;
    days: DayInput[];
  },
): Promise<string> {
  const viewer = viewerOf(actor);
  authorize(canPlanSessions(viewer), { hide: false });
  const trainerIds = [...new Set(input.trainerIds ?? [])];
  if (!isTable(viewer) && !trainerIds.includes(actor.personId)) trainerIds.push(actor.personId);
  return platform.db.transaction().execute(async (trx) => {
    await repo.lockPlanning(trx);
    const problems: FieldProblem[] = [];
    const course = await repo.findCourse(trx, input.courseId);
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
      action: 'training.session_create',
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
    const held = await repo.heldCounts(trx, id);
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
    if (changed.includes('days')) await repo.clearReminders(trx, id);
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
        action: 'training.session_update',
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

/** Where a session takes place, one line each for its place and its video link, in the reader's language. */
function whereLines(locale: Locale, place: string | null, videoUrl: string | null): string {
  return [
    ...(place ? [t(locale, 'training.mail.place', { place })] : []),
    ...(videoUrl ? [t(locale, 'training.mail.videoUrl', { url: videoUrl })] : []),
  ].join('\n');
}

/** What changed in a session, as words of a sentence in the reader's language. */
function changeList(locale: Locale, changes: readonly SessionChange[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(
    changes.map((change) => t(locale, `training.mail.changes.${change}`)),
  );
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
  const active = await repo.activeRegistrations(trx, session.id);
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

/** Each day of a session with its hours, in the reader's language and the region's time zone. */
function dayList(platform: Platform, locale: Locale, days: readonly repo.DayRow[]): string {
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: platform.config.timeZone,
  });
  return days.map((d) => `- ${format.formatRange(d.starts_at, d.ends_at)}`).join('\n');
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
  const active = await repo.activeRegistrations(trx, session.id);
  if (active.length === 0) return [];
  await repo.cancelRegistrations(
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
    action: 'training.registration_cancel',
    targetType: 'training_registration',
    targetId: r.id,
    meta: { sessionId: session.id, was: r.status, reason: 'session_cancelled' },
  }));
}

// ================================================================================================
// Registration and the wait list

export interface RegistrationResult {
  id: string;
  status: RegistrationStatus;
  position: number | null;
}

/** One signed-in person asking for a seat for themselves. */
interface RegistrationRequest {
  personId: string;
  actorId: string | null;
  locale: Locale;
}

type Outcome = { ok: RegistrationResult } | { error: unknown };

/**
 * Registers a batch of people for one session in ONE transaction under the session's row lock, in
 * arrival order. Under any concurrency (other batches, other processes) confirmed + offered never
 * exceed capacity, a person is never registered twice, and wait-list numbers follow arrival without
 * gaps. Each request is checked before anything of it is written, so a refused request (closed
 * registration, missing prerequisite, already registered) stores nothing and does not affect the
 * others; it gets its own translated error.
 */
async function registerBatch(
  platform: Platform,
  trx: Transaction<DB>,
  sessionId: string,
  requests: readonly RegistrationRequest[],
): Promise<Outcome[]> {
  const session = await repo.lockSession(trx, sessionId);
  if (!session) return requests.map(() => ({ error: Errors.notFound() }));
  const now = platform.now();
  if (session.status !== 'planned' || now.getTime() > session.registration_deadline.getTime()) {
    return requests.map(() => ({ error: Errors.field('sessionId', 'training_registration_closed') }));
  }
  const course = await repo.findCourse(trx, session.course_id);
  const required = course?.prerequisite_ids ?? [];
  const full = (await repo.findSession(trx, sessionId))!;
  const held = await repo.heldCounts(trx, sessionId);
  let nextQueue = session.next_queue_number;
  // Everything the checks need, read in a few set-based queries.
  const personIds = [...new Set(requests.map((r) => r.personId))];
  const people = new Map((await repo.personFactsMany(trx, personIds)).map((p) => [p.id, p]));
  const known = new Map((await repo.participantsOfPeople(trx, personIds)).map((p) => [p.person_id!, p]));
  const knownIds = [...known.values()].map((p) => p.id);
  const existing = new Map(
    (await repo.registrationsOfParticipants(trx, sessionId, knownIds)).map((r) => [r.participant_id, r]),
  );
  const completed = await repo.completionsAmong(trx, knownIds, required);
  let titles: Array<{ id: string; title_fr: string; title_en: string }> | null = null;

  // Decisions in arrival order; a refused request writes nothing.
  const outcomes: Array<Outcome | { accepted: Placement }> = [];
  const seen = new Set<string>();
  for (const request of requests) {
    const person = people.get(request.personId);
    const participant = known.get(request.personId);
    const previous = participant ? existing.get(participant.id) : undefined;
    if (!person) {
      outcomes.push({ error: Errors.notFound() });
      continue;
    }
    if (seen.has(request.personId) || (previous && ACTIVE.has(previous.status))) {
      outcomes.push({ error: Errors.field('sessionId', 'training_already_registered') });
      continue;
    }
    const missing = missingPrerequisites(
      required,
      (participant && completed.get(participant.id)) || new Set(),
    );
    if (missing.length > 0) {
      titles ??= await repo.courseTitles(trx, required);
      const names = titles.filter((c) => missing.includes(c.id));
      outcomes.push({
        error: Errors.field('sessionId', 'training_prerequisite_missing', {
          course: names
            .map((c) => (request.locale === 'en-CA' ? `“${c.title_en}”` : `« ${c.title_fr} »`))
            .join(', '),
        }),
      });
      continue;
    }
    seen.add(request.personId);
    const status = placeRegistration(session.capacity, held);
    const queueNumber = status === 'waitlisted' ? nextQueue++ : null;
    const position = status === 'waitlisted' ? held.waitlisted + 1 : null;
    held[status] += 1;
    outcomes.push({
      accepted: {
        person,
        actorId: request.actorId,
        status,
        queueNumber,
        position,
        previousId: previous?.id ?? null,
      },
    });
  }

  // The writes, in bulk where the platform allows.
  const accepted = outcomes.flatMap((o) => ('accepted' in o ? [o.accepted] : []));
  const participants = new Map(
    (
      await repo.upsertMemberParticipants(
        trx,
        accepted.map((a) => a.person),
      )
    ).map((p) => [p.person_id!, p]),
  );
  const fresh = accepted.filter((a) => a.previousId === null);
  const inserted = await repo.insertRegistrations(
    trx,
    fresh.map((a) => ({
      session_id: sessionId,
      participant_id: participants.get(a.person.id)!.id,
      status: a.status,
      queue_number: a.queueNumber,
      waitlisted_at: a.status === 'waitlisted' ? now : null,
      created_at: now,
      updated_at: now,
    })),
  );
  const idOf = new Map(inserted.map((r) => [r.participant_id, r.id]));
  const results: Outcome[] = [];
  const events: AuditEvent[] = [];
  const emails: EmailMessage[] = [];
  for (const outcome of outcomes) {
    if (!('accepted' in outcome)) {
      results.push(outcome);
      continue;
    }
    const a = outcome.accepted;
    const participant = participants.get(a.person.id)!;
    let id: string;
    if (a.previousId) {
      id = a.previousId;
      await repo.renewRegistration(
        trx,
        id,
        {
          status: a.status,
          queue_number: a.queueNumber,
          waitlisted_at: a.status === 'waitlisted' ? now : null,
        },
        now,
      );
    } else {
      id = idOf.get(participant.id)!;
    }
    emails.push({
      to: participant.email,
      locale: participant.locale,
      template: a.status === 'confirmed' ? 'training_confirmed' : 'training_waitlisted',
      params: {
        name: participant.full_name,
        course: pick(participant.locale, full.course_title_fr, full.course_title_en),
        date: when(platform, participant.locale, full.starts_at),
        place: full.place ?? full.video_url ?? '',
        position: a.position ?? 0,
        link: appLink(platform, `/formation/sessions/${sessionId}`),
      },
    });
    events.push({
      actor: a.actorId,
      action: 'training.register',
      targetType: 'training_registration',
      targetId: id,
      meta: { sessionId, status: a.status },
    });
    results.push({ ok: { id, status: a.status, position: a.position } });
  }
  if (nextQueue !== session.next_queue_number) {
    await repo.updateSession(trx, sessionId, { next_queue_number: nextQueue }, now);
  }
  await platform.notifier.queueEmails(trx, emails);
  // Last, in one append for the whole batch: the chain is the same as one entry per registration.
  await platform.audit.appendMany(trx, events);
  return results;
}

/** Where an accepted request goes, decided before the batch writes anything. */
interface Placement {
  person: repo.PersonFacts;
  actorId: string | null;
  status: 'confirmed' | 'waitlisted';
  queueNumber: number | null;
  position: number | null;
  previousId: string | null;
}

const ACTIVE = new Set<RegistrationStatus>(['confirmed', 'waitlisted', 'offered']);
const BATCH_LIMIT = 200;

interface Desk {
  queue: Array<{ request: RegistrationRequest; settle: (outcome: Outcome) => void }>;
  running: boolean;
}

/**
 * Registration desks, one per session and per app: requests arriving while a batch is being written
 * wait and go together in the next transaction (group commit). The row lock still decides, so several
 * processes stay correct; the desk only saves one commit per request when hundreds arrive at once.
 */
const desks = new WeakMap<Platform, Map<string, Desk>>();

async function runDesk(platform: Platform, sessionId: string, desk: Desk): Promise<void> {
  desk.running = true;
  try {
    while (desk.queue.length > 0) {
      const batch = desk.queue.splice(0, BATCH_LIMIT);
      try {
        const outcomes = await platform.db.transaction().execute((trx) =>
          registerBatch(
            platform,
            trx,
            sessionId,
            batch.map((b) => b.request),
          ),
        );
        for (const [i, b] of batch.entries()) b.settle(outcomes[i]!);
      } catch (error) {
        for (const b of batch) b.settle({ error });
      }
    }
  } finally {
    desk.running = false;
    desks.get(platform)?.delete(sessionId);
  }
}

/**
 * The actor registers themselves for a session: confirmed while seats are free, else wait-listed.
 * Throws validation_failed (closed, missing prerequisite named, already registered) or not_found.
 */
export function register(platform: Platform, actor: Actor, sessionId: string): Promise<RegistrationResult> {
  let byPlatform = desks.get(platform);
  if (!byPlatform) {
    byPlatform = new Map();
    desks.set(platform, byPlatform);
  }
  let desk = byPlatform.get(sessionId);
  if (!desk) {
    desk = { queue: [], running: false };
    byPlatform.set(sessionId, desk);
  }
  const current = desk;
  const outcome = new Promise<Outcome>((settle) => {
    current.queue.push({
      request: { personId: actor.personId, actorId: actor.personId, locale: actor.locale },
      settle,
    });
  });
  if (!current.running) void runDesk(platform, sessionId, current);
  return outcome.then((result) => {
    if ('ok' in result) return result.ok;
    throw result.error;
  });
}

/**
 * Offers every free seat of a locked session to the first people of its wait list, in order, each
 * with a deadline to confirm, and tells them by e-mail: members to answer in the app, outside
 * professionals through a personal link to a public page (see answerOutsideOffer). Call with the
 * session's row lock held.
 */
async function fillFreeSeats(
  platform: Platform,
  trx: Transaction<DB>,
  sessionId: string,
  now: Date,
): Promise<number> {
  const session = await repo.findSession(trx, sessionId);
  if (session?.status !== 'planned' || !session.starts_at) return 0;
  const held = await repo.heldCounts(trx, sessionId);
  const seats = freeSeats(session.capacity, held);
  const deadline = offerDeadline(now, session.starts_at);
  if (seats === 0 || !deadline) return 0;
  const line = nextInLine(
    (await repo.waitlist(trx, sessionId, seats)).map((w) => ({ ...w, queueNumber: w.queue_number })),
    seats,
  );
  let days: repo.DayRow[] | null = null;
  for (const waiting of line) {
    await repo.setRegistration(trx, waiting.id, { status: 'offered', offer_expires_at: deadline }, now);
    const course = pick(waiting.locale, session.course_title_fr, session.course_title_en);
    if (!waiting.person_id) {
      days ??= await repo.sessionDays(trx, sessionId);
      await platform.notifier.queueEmail(
        trx,
        outsideOfferEmail(
          platform,
          waiting,
          session,
          days,
          { id: waiting.id, version: waiting.link_version },
          deadline,
        ),
      );
      continue;
    }
    await platform.notifier.queueEmail(trx, {
      to: waiting.email,
      locale: waiting.locale,
      template: 'training_offered',
      params: {
        name: waiting.full_name,
        course,
        date: when(platform, waiting.locale, session.starts_at),
        deadline: when(platform, waiting.locale, deadline),
        link: appLink(platform, '/formation/mes-formations'),
      },
    });
    await platform.notifier.notify(trx, waiting.person_id, {
      kind: 'training.offered',
      link: '/formation/mes-formations',
    });
  }
  return line.length;
}

/**
 * The e-mail offering a seat to an outside participant: without an account, they answer on a public
 * page through a personal link that expires with the offer, valid for this version of the registration.
 */
function outsideOfferEmail(
  platform: Platform,
  participant: { email: string; full_name: string; locale: Locale },
  session: repo.SessionRow,
  days: readonly repo.DayRow[],
  registration: LinkedRecord,
  deadline: Date,
): EmailMessage {
  const locale = participant.locale;
  return {
    to: participant.email,
    locale,
    template: 'training_offered_outside',
    params: {
      name: participant.full_name,
      course: pick(locale, session.course_title_fr, session.course_title_en),
      dates: dayList(platform, locale, days),
      where: whereLines(locale, session.place, session.video_url),
      deadline: when(platform, locale, deadline),
      link: makeLink(platform, 'training-offer', registration, deadline, locale),
    },
  };
}

async function ownedRegistration(
  trx: Transaction<DB>,
  actor: Actor,
  id: string,
): Promise<{ registration: repo.RegistrationOwnerRow; session: repo.SessionRow }> {
  const found = await repo.findRegistration(trx, id);
  if (!found) throw Errors.notFound();
  await repo.lockSession(trx, found.session_id);
  const registration = (await repo.findRegistration(trx, id))!;
  const session = (await repo.findSession(trx, registration.session_id))!;
  const mine = registration.person_id === actor.personId;
  authorize(mine || canRunSession(viewerOf(actor), { trainerIds: session.trainer_ids }));
  return { registration, session };
}

/** A registration or session no longer in the state a request expects (one of several at once won). */
const stale = (field: string, rule: string) => new AppError('conflict', 409, { details: [{ field, rule }] });

/**
 * Cancels one registration whose session row the caller holds locked: the freed seat is offered to the
 * wait list, and the audit entry is written last. Every cancellation by a person goes through here (a
 * member in the app, an outside professional through their link). Throws conflict when the
 * registration is no longer active (cancelled by someone else, even at the same moment).
 */
async function cancelLockedRegistration(
  platform: Platform,
  trx: Transaction<DB>,
  registration: { id: string; session_id: string; status: RegistrationStatus },
  actorId: string | null,
  extra: Record<string, string> = {},
): Promise<void> {
  if (!ACTIVE.has(registration.status)) throw stale('registrationId', 'training_not_active');
  const now = platform.now();
  await repo.setRegistration(trx, registration.id, { status: 'cancelled' }, now);
  const offered = await fillFreeSeats(platform, trx, registration.session_id, now);
  await platform.audit.append(trx, {
    actor: actorId,
    action: 'training.registration_cancel',
    targetType: 'training_registration',
    targetId: registration.id,
    meta: { sessionId: registration.session_id, was: registration.status, offered, ...extra },
  });
}

/** Cancels a registration (its holder, the session's trainers or the table); a freed seat is offered. */
export async function cancelRegistration(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const { registration } = await ownedRegistration(trx, actor, id);
    await cancelLockedRegistration(platform, trx, registration, actor.personId);
  });
}

type OfferAnswer = 'accept' | 'decline';

/**
 * Answers the seat offered to a registration whose session row the caller holds locked. Accepting
 * before the deadline confirms it; an outside participant, who has no account, is sent the
 * confirmation e-mail with their cancellation link. Declining frees the seat, which goes to the next
 * in line. The audit entry is written last. Every answer to an offer goes through here (a member in
 * the app, an outside professional through their link). Throws conflict when there is no offer (any
 * more: answered, expired or withdrawn, even at the same moment), or when accepting after its deadline.
 */
async function answerLockedOffer(
  platform: Platform,
  trx: Transaction<DB>,
  registration: repo.RegistrationHolderRow,
  answer: OfferAnswer,
  actorId: string | null,
  extra: Record<string, string> = {},
): Promise<void> {
  if (registration.status !== 'offered') throw stale('registrationId', 'training_no_offer');
  const now = platform.now();
  let offered: number | undefined;
  if (answer === 'decline') {
    await repo.setRegistration(trx, registration.id, { status: 'declined' }, now);
    offered = await fillFreeSeats(platform, trx, registration.session_id, now);
  } else {
    if (registration.offer_expires_at && registration.offer_expires_at.getTime() <= now.getTime()) {
      throw stale('registrationId', 'training_offer_expired');
    }
    await repo.setRegistration(trx, registration.id, { status: 'confirmed' }, now);
    if (!registration.person_id) {
      const participant = (await repo.findParticipant(trx, registration.participant_id))!;
      const session = (await repo.findSession(trx, registration.session_id))!;
      await platform.notifier.queueEmail(
        trx,
        outsideRegistrationEmail(
          platform,
          participant,
          session,
          { id: registration.id, version: registration.link_version },
          { status: 'confirmed', position: null },
        ),
      );
    }
  }
  await platform.audit.append(trx, {
    actor: actorId,
    action: answer === 'accept' ? 'training.offer_accept' : 'training.offer_decline',
    targetType: 'training_registration',
    targetId: registration.id,
    meta: {
      sessionId: registration.session_id,
      ...(offered === undefined ? {} : { offered }),
      ...extra,
    },
  });
}

/** The holder of an offer takes the seat before its deadline. */
export async function acceptOffer(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const { registration } = await ownedRegistration(trx, actor, id);
    if (registration.person_id !== actor.personId) throw Errors.notFound();
    await answerLockedOffer(platform, trx, registration, 'accept', actor.personId);
  });
}

/** The holder of an offer lets it go; the next person in line gets it. */
export async function declineOffer(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const { registration } = await ownedRegistration(trx, actor, id);
    if (registration.person_id !== actor.personId) throw Errors.notFound();
    await answerLockedOffer(platform, trx, registration, 'decline', actor.personId);
  });
}

/**
 * Job: offers left unanswered past their deadline expire and go to the next in line. One session per
 * transaction, under its row lock; a registration answered meanwhile is left alone.
 */
export async function expireOffers(platform: Platform): Promise<number> {
  const now = platform.now();
  const due = await repo.expiredOffers(platform.db, now);
  const sessions = [...new Set(due.map((d) => d.session_id))];
  let expired = 0;
  for (const sessionId of sessions) {
    expired += await platform.db.transaction().execute(async (trx) => {
      await repo.lockSession(trx, sessionId);
      const still = (await repo.expiredOffers(trx, now)).filter((d) => d.session_id === sessionId);
      for (const offer of still) await repo.setRegistration(trx, offer.id, { status: 'expired' }, now);
      if (still.length === 0) return 0;
      const offered = await fillFreeSeats(platform, trx, sessionId, now);
      await platform.audit.append(trx, {
        actor: null,
        action: 'training.offers_expire',
        targetType: 'training_session',
        targetId: sessionId,
        meta: { expired: still.length, offered },
      });
      return still.length;
    });
  }
  return expired;
}

/** Job: a reminder two days before a session to everyone confirmed, once. */
export async function remindUpcoming(platform: Platform): Promise<number> {
  const now = platform.now();
  const listed = await repo.dueReminders(platform.db, now, new Date(now.getTime() + 48 * 3_600_000));
  if (listed.length === 0) return 0;
  return platform.db.transaction().execute(async (trx) => {
    // Marked first, conditionally: a registration another run reminded meanwhile is left out.
    const marked = await repo.markReminded(
      trx,
      listed.map((d) => d.id),
      now,
    );
    const due = listed.filter((d) => marked.has(d.id));
    if (due.length === 0) return 0;
    for (const row of due) {
      await platform.notifier.queueEmail(trx, {
        to: row.email,
        locale: row.locale,
        template: 'training_reminder',
        params: {
          name: row.full_name,
          course: pick(row.locale, row.course_title_fr, row.course_title_en),
          date: when(platform, row.locale, row.starts_at),
          place: row.place ?? row.video_url ?? '',
          link: appLink(platform, `/formation/sessions/${row.session_id}`),
        },
      });
    }
    await platform.audit.append(trx, {
      actor: null,
      action: 'training.reminders_send',
      meta: { count: due.length },
    });
    return due.length;
  });
}

/** Job: holders of a certificate with a validity are told sixty days before it expires, once. */
export async function remindExpiringCertificates(platform: Platform): Promise<number> {
  const now = platform.now();
  const until = localDay(new Date(now.getTime() + 60 * 86_400_000), platform.config.timeZone);
  const listed = await repo.expiringCertificates(platform.db, until);
  if (listed.length === 0) return 0;
  return platform.db.transaction().execute(async (trx) => {
    // Marked first, conditionally: a certificate another run reminded meanwhile is left out.
    const marked = await repo.markExpiryReminded(
      trx,
      listed.map((d) => d.id),
      now,
    );
    const due = listed.filter((d) => marked.has(d.id));
    if (due.length === 0) return 0;
    for (const row of due) {
      const course = pick(row.locale, row.course_title_fr, row.course_title_en);
      // An outside professional has no account to sign in to: their e-mail says whom to ask for a new
      // invitation and where their certificate is checked, not a link into the app.
      await platform.notifier.queueEmail(
        trx,
        row.source === 'invited'
          ? {
              to: row.email,
              locale: row.locale,
              template: 'training_certificate_expiry_outside',
              params: {
                name: row.full_name,
                course,
                expiresOn: row.expires_on,
                verifyLink: row.certificate_code
                  ? verificationUrl(platform.config.publicUrl, row.locale, row.certificate_code)
                  : '',
              },
            }
          : {
              to: row.email,
              locale: row.locale,
              template: 'training_certificate_expiry',
              params: {
                name: row.full_name,
                course,
                expiresOn: row.expires_on,
                link: appLink(platform, '/formation'),
              },
            },
      );
    }
    await platform.audit.append(trx, {
      actor: null,
      action: 'training.expiry_reminders_send',
      meta: { count: due.length },
    });
    return due.length;
  });
}

// ================================================================================================
// Running a session: participants, attendance, completion

async function runnableSession(db: Executor, actor: Actor, id: string): Promise<repo.SessionRow> {
  const session = await repo.findSession(db, id);
  if (!session) throw Errors.notFound();
  authorize(canRunSession(viewerOf(actor), { trainerIds: session.trainer_ids }));
  return session;
}

export interface ParticipantsView {
  session: repo.SessionRow;
  days: repo.DayRow[];
  participants: repo.ParticipantListRow[];
  attendance: Array<{ registration_id: string; day: string; status: AttendanceStatus }>;
}

/** Registrations, wait list and attendance of a session: its trainers and the table only. */
export async function sessionParticipants(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<ParticipantsView> {
  const session = await runnableSession(platform.db, actor, id);
  return {
    session,
    days: await repo.sessionDays(platform.db, id),
    participants: await repo.sessionParticipants(platform.db, id),
    attendance: await repo.sessionAttendance(platform.db, id),
  };
}

/**
 * Records attendance per day of confirmed participants, under the session's row lock (a registration
 * cancelled at the same moment is either still confirmed here or refused). Throws not_found,
 * forbidden, validation_failed.
 */
export async function setAttendance(
  platform: Platform,
  actor: Actor,
  id: string,
  entries: ReadonlyArray<{ registrationId: string; day: string; status: AttendanceStatus }>,
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.lockSession(trx, id))) throw Errors.notFound();
    await runnableSession(trx, actor, id);
    const days = new Set((await repo.sessionDays(trx, id)).map((d) => d.day));
    const confirmed = new Set(
      (await repo.sessionParticipants(trx, id))
        .filter((p) => p.status === 'confirmed')
        .map((p) => p.registration_id),
    );
    const problems: FieldProblem[] = [];
    entries.forEach((entry, index) => {
      if (!confirmed.has(entry.registrationId))
        problems.push({ field: `entries.${index}.registrationId`, rule: 'training_not_confirmed' });
      if (!days.has(entry.day)) problems.push({ field: `entries.${index}.day`, rule: 'training_not_a_day' });
    });
    if (problems.length > 0) throw Errors.invalid(problems);
    await repo.upsertAttendance(
      trx,
      entries.map((e) => ({ registration_id: e.registrationId, day: e.day, status: e.status })),
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.attendance',
      targetType: 'training_session',
      targetId: id,
      meta: { entries: entries.length },
    });
  });
}

/**
 * Marks confirmed participants as having completed the session's course: one completion each, with a
 * random verification code and its expiry when the course has a validity; they are told by e-mail.
 * Decided under the session's row lock. Completing someone twice changes nothing (intentionally
 * idempotent: the answer counts 0 and no e-mail or audit entry is written), also when two trainers do
 * it at the same moment. Returns how many completions were made. Throws not_found, forbidden,
 * validation_failed.
 */
export async function completeParticipants(
  platform: Platform,
  actor: Actor,
  id: string,
  registrationIds: readonly string[],
): Promise<number> {
  return platform.db.transaction().execute(async (trx) => {
    if (!(await repo.lockSession(trx, id))) throw Errors.notFound();
    const session = await runnableSession(trx, actor, id);
    const participants = await repo.sessionParticipants(trx, id);
    const byRegistration = new Map(participants.map((p) => [p.registration_id, p]));
    const problems: FieldProblem[] = [];
    registrationIds.forEach((registrationId, index) => {
      if (byRegistration.get(registrationId)?.status !== 'confirmed')
        problems.push({ field: `registrationIds.${index}`, rule: 'training_not_confirmed' });
    });
    if (problems.length > 0) throw Errors.invalid(problems);
    const course = (await repo.findCourse(trx, session.course_id))!;
    const now = platform.now();
    const end = session.ends_at && session.ends_at.getTime() < now.getTime() ? session.ends_at : now;
    const completedOn = localDay(end, platform.config.timeZone);
    let created = 0;
    for (const registrationId of new Set(registrationIds)) {
      const row = byRegistration.get(registrationId)!;
      if (row.completed) continue;
      const participant = (await repo.findParticipant(trx, row.participant_id))!;
      const code = certificateCode(randomInt);
      const completionId = await repo.insertCompletion(trx, {
        participant_id: row.participant_id,
        course_id: course.id,
        session_id: id,
        completed_on: completedOn,
        organisation_id: participant.organisation_id,
        organisation_type: participant.organisation_type,
        certificate_code: code,
        expires_on: expiryDate(completedOn, course.certificate_validity_months),
        created_by: actor.personId,
      });
      if (!completionId) continue;
      created += 1;
      await platform.notifier.queueEmail(
        trx,
        row.source === 'invited'
          ? // Without an account, the certificate is downloaded through a personal link.
            outsideCertificateEmail(platform, participant, {
              id: completionId,
              course_title_fr: course.title_fr,
              course_title_en: course.title_en,
              certificate_code: code,
            })
          : {
              to: participant.email,
              locale: participant.locale,
              template: 'training_completed',
              params: {
                name: participant.full_name,
                course: pick(participant.locale, course.title_fr, course.title_en),
                link: appLink(platform, '/formation/mes-formations'),
              },
            },
      );
    }
    if (created > 0) {
      await platform.audit.append(trx, {
        actor: actor.personId,
        action: 'training.complete',
        targetType: 'training_session',
        targetId: id,
        meta: { completed: created },
      });
    }
    return created;
  });
}

// ================================================================================================
// The worker's own training, records, certificates

export interface MyTraining {
  registrations: repo.MyRegistrationRow[];
  completions: repo.CompletionRow[];
}

export async function myTraining(platform: Platform, actor: Actor): Promise<MyTraining> {
  const participant = await repo.participantOfPerson(platform.db, actor.personId);
  if (!participant) return { registrations: [], completions: [] };
  return {
    registrations: await repo.registrationsOfParticipant(platform.db, participant.id),
    completions: await repo.completionsOfParticipant(platform.db, participant.id),
  };
}

/** Training records the actor may browse (the table: all; org coordinators: their people; trainers: their sessions). */
export async function listRecords(
  platform: Platform,
  actor: Actor,
  filter: { courseId?: string | undefined; q?: string | undefined },
): Promise<repo.CompletionRow[]> {
  const scope = recordScope(viewerOf(actor));
  authorize(scope !== null, { hide: false });
  const q = filter.q?.trim()
    ? filter.q
        .trim()
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[%_\\]/g, '')
    : undefined;
  return repo.listRecords(platform.db, scope, { courseId: filter.courseId, q }, 500);
}

/** A completion the actor may see (holder, table, session trainers, holder's organisation coordinators). */
export async function getCompletion(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<repo.CompletionRow> {
  const completion = await repo.findCompletion(platform.db, id);
  if (!completion) throw Errors.notFound();
  const trainers = completion.session_id
    ? ((await repo.findSession(platform.db, completion.session_id))?.trainer_ids ?? [])
    : [];
  authorize(
    canSeeRecord(viewerOf(actor), {
      personId: completion.person_id,
      organisationId: completion.participant_organisation_id,
      sessionTrainerIds: trainers,
    }),
  );
  if (!completion.certificate_code) throw Errors.notFound();
  return completion;
}

/** What the public verification page may say about a code: name, course, date, expiry. Nothing else. */
export interface VerifiedCertificate {
  fullName: string;
  courseTitleFr: string;
  courseTitleEn: string;
  completedOn: string;
  expiresOn: string | null;
}

export async function verifyCertificate(
  platform: Platform,
  input: string,
): Promise<VerifiedCertificate | null> {
  const code = normaliseCode(input);
  if (!code) return null;
  const row = await repo.findCompletionByCode(platform.db, code);
  if (!row) return null;
  return {
    fullName: row.full_name,
    courseTitleFr: row.course_title_fr,
    courseTitleEn: row.course_title_en,
    completedOn: row.completed_on,
    expiresOn: row.expires_on,
  };
}

/** The prerequisite source the network reads: people who completed the course it counts. */
export function peopleWithNetworkPrerequisite(db: Executor, personIds: string[]): Promise<Set<string>> {
  return repo.peopleWithNetworkPrerequisite(db, personIds);
}

// ================================================================================================
// Files

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

/** The participant list as CSV: the session's trainers and the table; the export is audited. */
export async function participantsCsvFile(platform: Platform, actor: Actor, id: string, locale: Locale) {
  const view = await sessionParticipants(platform, actor, id);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.participants_export',
      targetType: 'training_session',
      targetId: id,
      meta: { format: 'csv', rows: view.participants.length },
    }),
  );
  return participantsCsv(locale, view.participants);
}

/** The attendance sheet as PDF: the session's trainers and the table; the export is audited. */
export async function attendanceSheet(platform: Platform, actor: Actor, id: string, locale: Locale) {
  const view = await sessionParticipants(platform, actor, id);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.participants_export',
      targetType: 'training_session',
      targetId: id,
      meta: { format: 'pdf', rows: view.participants.length },
    }),
  );
  return attendanceSheetPdf(
    locale,
    view.session,
    view.days,
    view.participants,
    view.attendance,
    platform.config.timeZone,
  );
}

/** A certificate PDF for someone allowed to see the completion (see getCompletion). */
export async function certificateFile(
  platform: Platform,
  actor: Actor,
  id: string,
  locale: Locale,
): Promise<Uint8Array> {
  const completion = await getCompletion(platform, actor, id);
  return certificatePdf(locale, completion, platform.config.publicUrl);
}

// ================================================================================================
// Outside professionals invited by link

/** The signed link outside professionals register with: the session and an expiry, nothing else. */
export function invitationToken(secret: Buffer, sessionId: string, expiresAt: Date): string {
  return signLink(secret, 'training-invitation', sessionId, expiresAt);
}

/** The session a token opens, or null when it is forged, malformed or expired. */
export function readInvitationToken(secret: Buffer, token: string, now: Date): string | null {
  return readLink(secret, 'training-invitation', token, now)?.id ?? null;
}

function invitationSecret(platform: Platform): Buffer {
  return linkSecret(platform, 'training-invitation');
}

/**
 * A registration link for outside professionals (courses open to them only), valid until the session's
 * registration deadline. The table and the session's trainers make it; making one is audited.
 */
export async function createInvitation(
  platform: Platform,
  actor: Actor,
  sessionId: string,
): Promise<{ url: string; expiresAt: Date }> {
  const session = await runnableSession(platform.db, actor, sessionId);
  if (!session.open_to_outside) throw Errors.field('sessionId', 'training_not_open');
  const expiresAt = session.registration_deadline;
  const token = invitationToken(invitationSecret(platform), sessionId, expiresAt);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.invitation_create',
      targetType: 'training_session',
      targetId: sessionId,
    }),
  );
  return { url: linkUrl(platform, 'training-invitation', 'fr-CA', token), expiresAt };
}

/** What the public invitation page shows about the session: course, first day, place. */
export async function invitationSession(platform: Platform, token: string): Promise<repo.SessionRow | null> {
  const sessionId = readInvitationToken(invitationSecret(platform), token, platform.now());
  if (!sessionId) return null;
  const session = await repo.findSession(platform.db, sessionId);
  return session?.open_to_outside && session.status === 'planned' ? session : null;
}

/** An e-mail address an outside professional can be written to (no account checks it for them). */
const OUTSIDE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface InvitedInput {
  fullName: string;
  email: string;
  organisationName: string;
  organisationType: string;
  profession: string;
}

/**
 * The e-mail telling an outside participant that their seat is confirmed or where they stand on the
 * wait list, with their own cancellation link, valid until the session starts: they have no account
 * to cancel in.
 */
function outsideRegistrationEmail(
  platform: Platform,
  participant: { email: string; full_name: string; locale: Locale },
  session: repo.SessionRow,
  registration: LinkedRecord,
  placed: { status: 'confirmed' | 'waitlisted'; position: number | null },
): EmailMessage {
  const locale = participant.locale;
  return {
    to: participant.email,
    locale,
    template: placed.status === 'confirmed' ? 'training_confirmed_outside' : 'training_waitlisted_outside',
    params: {
      name: participant.full_name,
      course: pick(locale, session.course_title_fr, session.course_title_en),
      date: when(platform, locale, session.starts_at),
      place: session.place ?? session.video_url ?? '',
      position: placed.position ?? 0,
      cancelLink: makeLink(
        platform,
        'training-cancellation',
        registration,
        session.starts_at ?? session.registration_deadline,
        locale,
      ),
    },
  };
}

/**
 * The e-mail telling an outside participant that someone (most likely themselves) asked again for a
 * session they already hold a registration in: nothing changed, where they stand, and their current
 * cancellation link. The answer goes to the address, never to the page, so the invitation page does not
 * tell whoever holds the link which addresses are registered.
 */
function alreadyRegisteredEmail(
  platform: Platform,
  participant: repo.ParticipantRow,
  session: repo.SessionRow,
  registration: repo.RegistrationCore,
): EmailMessage {
  const locale = participant.locale;
  return {
    to: participant.email,
    locale,
    template: 'training_already_registered_outside',
    params: {
      name: participant.full_name,
      course: pick(locale, session.course_title_fr, session.course_title_en),
      date: when(platform, locale, session.starts_at),
      place: session.place ?? session.video_url ?? '',
      standing: t(locale, `training.mail.standing.${registration.status}`),
      cancelLink: makeLink(
        platform,
        'training-cancellation',
        { id: registration.id, version: registration.link_version },
        session.starts_at ?? session.registration_deadline,
        locale,
      ),
    },
  };
}

/**
 * An outside professional registers through an invitation link: no account is created, only a
 * participant row (for a new address) and the registration, under the session's row lock like every
 * registration. Every accepted submission ends the same way for the visitor: the outcome goes by e-mail
 * to the address given (confirmed or wait-listed with the cancellation link, or already registered),
 * so nothing here tells whoever holds the link whether an address is known. An existing participant's
 * name, employer, profession and language are never changed by this anonymous form, and the e-mails
 * use what is on record. Throws token_invalid for a forged or expired link, validation_failed for bad
 * input or a closed session (nothing stored).
 */
export async function registerInvited(
  platform: Platform,
  token: string,
  input: InvitedInput,
  locale: Locale,
): Promise<void> {
  const sessionId = readInvitationToken(invitationSecret(platform), token, platform.now());
  if (!sessionId) throw new AppError('token_invalid', 400);
  const problems: FieldProblem[] = [];
  const fullName = input.fullName.trim();
  const email = input.email.trim();
  if (!fullName || fullName.length > 200) problems.push({ field: 'fullName', rule: 'required' });
  if (!OUTSIDE_EMAIL.test(email) || email.length > 254)
    problems.push({ field: 'email', rule: 'format_email' });
  if (!input.organisationName.trim() || input.organisationName.length > 200)
    problems.push({ field: 'organisationName', rule: 'required' });
  if (!(OUTSIDE_TYPES as readonly string[]).includes(input.organisationType))
    problems.push({ field: 'organisationType', rule: 'one_of' });
  if (!input.profession.trim() || input.profession.length > 120)
    problems.push({ field: 'profession', rule: 'required' });
  if (problems.length > 0) throw Errors.invalid(problems);
  await platform.db.transaction().execute(async (trx) => {
    const session = await repo.lockSession(trx, sessionId);
    const full = await repo.findSession(trx, sessionId);
    const now = platform.now();
    if (!session || !full?.open_to_outside) throw new AppError('token_invalid', 400);
    if (session.status !== 'planned' || now.getTime() > session.registration_deadline.getTime()) {
      throw Errors.field('sessionId', 'training_registration_closed');
    }
    const course = await repo.findCourse(trx, session.course_id);
    if ((course?.prerequisite_ids.length ?? 0) > 0) throw Errors.field('sessionId', 'training_not_open');
    const participant = await repo.findOrCreateInvitedParticipant(trx, {
      full_name: fullName,
      email,
      organisation_type: input.organisationType,
      organisation_name: input.organisationName.trim(),
      profession: input.profession.trim(),
      locale,
    });
    const previous = await repo.findRegistrationOf(trx, sessionId, participant.id);
    if (previous && ACTIVE.has(previous.status)) {
      await platform.notifier.queueEmail(trx, alreadyRegisteredEmail(platform, participant, full, previous));
      await platform.audit.append(trx, {
        actor: null,
        action: 'training.register_invited_again',
        targetType: 'training_registration',
        targetId: previous.id,
        meta: { sessionId, status: previous.status },
      });
      return;
    }
    const held = await repo.heldCounts(trx, sessionId);
    const status = placeRegistration(session.capacity, held);
    const queueNumber = status === 'waitlisted' ? session.next_queue_number : null;
    if (queueNumber !== null) {
      await repo.updateSession(trx, sessionId, { next_queue_number: queueNumber + 1 }, now);
    }
    const values = { status, queue_number: queueNumber, waitlisted_at: status === 'waitlisted' ? now : null };
    let id: string;
    let version = 0;
    if (previous) {
      // A renewed registration: the links sent for the earlier one stop acting on it.
      id = previous.id;
      version = await repo.renewRegistration(trx, id, values, now);
    } else {
      id = await repo.insertRegistration(trx, {
        session_id: sessionId,
        participant_id: participant.id,
        ...values,
        created_at: now,
        updated_at: now,
      });
    }
    const position = status === 'waitlisted' ? held.waitlisted + 1 : null;
    await platform.notifier.queueEmail(
      trx,
      outsideRegistrationEmail(platform, participant, full, { id, version }, { status, position }),
    );
    await platform.audit.append(trx, {
      actor: null,
      action: 'training.register_invited',
      targetType: 'training_registration',
      targetId: id,
      meta: { sessionId, status, participant: participant.created ? 'new' : 'existing' },
    });
  });
}

// ================================================================================================
// Outside professionals' records, read and corrected by the table and their trainers

export interface OutsideParticipantDetail {
  participant: repo.ParticipantRecordRow;
  /** The registrations the reader may see: all for the table, those of their sessions for a trainer. */
  registrations: repo.MyRegistrationRow[];
  /** The completions the reader may see (canSeeRecord). */
  completions: repo.CompletionRow[];
}

/** A correction of an outside participant's identity: the fields given are set, the others kept. */
export interface ParticipantCorrection {
  fullName?: string | undefined;
  email?: string | undefined;
  organisationName?: string | undefined;
  organisationType?: string | undefined;
  profession?: string | undefined;
  locale?: Locale | undefined;
}

/** The column each correctable field is kept in. */
const IDENTITY_COLUMNS = {
  fullName: 'full_name',
  email: 'email',
  organisationName: 'organisation_name',
  organisationType: 'organisation_type',
  profession: 'profession',
  locale: 'locale',
} as const satisfies Record<keyof ParticipantCorrection, keyof repo.ParticipantIdentity>;

/**
 * Refuses (404) a participant the viewer may not read or correct; else returns the trainers of each
 * session the participant is registered in or completed, to filter what the viewer sees of them.
 */
async function reachParticipant(
  db: Executor,
  viewer: Viewer,
  participant: repo.ParticipantRecordRow,
): Promise<Map<string, string[]>> {
  const rows = await repo.participantSessionTrainers(db, participant.id);
  authorize(
    canCorrectParticipant(viewer, {
      source: participant.source,
      sessionTrainerIds: rows.map((r) => r.person_id),
    }),
  );
  const bySession = new Map<string, string[]>();
  for (const row of rows)
    bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), row.person_id]);
  return bySession;
}

/**
 * An outside participant's record: their identity as registered through an invitation link, with the
 * registrations and completions the reader may see. Throws not_found for an unknown id, a member (their
 * identity is their account's), a participant of past years, or an outside participant out of reach.
 */
export async function getOutsideParticipant(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<OutsideParticipantDetail> {
  const db = platform.db;
  const viewer = viewerOf(actor);
  const participant = await repo.findParticipantRecord(db, id);
  if (!participant) throw Errors.notFound();
  const trainers = await reachParticipant(db, viewer, participant);
  const trainersOf = (sessionId: string | null) => (sessionId ? (trainers.get(sessionId) ?? []) : []);
  return {
    participant,
    registrations: (await repo.registrationsOfParticipant(db, id)).filter((r) =>
      canRunSession(viewer, { trainerIds: trainersOf(r.session_id) }),
    ),
    completions: (await repo.completionsOfParticipant(db, id)).filter((c) =>
      canSeeRecord(viewer, {
        personId: c.person_id,
        organisationId: c.participant_organisation_id,
        sessionTrainerIds: trainersOf(c.session_id),
      }),
    ),
  };
}

/**
 * Corrects an outside participant's name, e-mail address, employer (name and type), profession or
 * language — what the anonymous invitation form may never change — for the table, or for a trainer of
 * one of their sessions. Only what differs from the record is written, under the participant's row
 * lock, in one transaction with the audit entry last; the entry names the fields changed, never their
 * values. Certificates and the public verification page read the name from this record: whatever is
 * generated afterwards carries the corrected name, under the same verification code. Completions keep
 * the organisation type they were counted under (the figures of past years do not move).
 * A new address (not the same one in other capitals) moves the personal links on, in the same
 * transaction (see relinkOutsideParticipant): those sent to the earlier address stop working, and
 * fresh ones go to the new address in the participant's language; the audit entry counts the e-mails
 * sent again, never an address.
 * Returns the fields changed (none when nothing differed: nothing written, nothing audited).
 * Throws not_found (unknown, a member, out of reach) or validation_failed (an empty value, an address
 * another outside participant uses), storing nothing.
 */
export async function correctOutsideParticipant(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ParticipantCorrection,
): Promise<Array<keyof ParticipantCorrection>> {
  const viewer = viewerOf(actor);
  return platform.db.transaction().execute(async (trx) => {
    const participant = await repo.findParticipantRecord(trx, id, { lock: true });
    if (!participant) throw Errors.notFound();
    await reachParticipant(trx, viewer, participant);
    const problems: FieldProblem[] = [];
    const wanted: Partial<repo.ParticipantIdentity> = {};
    const text = (field: 'fullName' | 'organisationName' | 'profession', max: number) => {
      const value = input[field]?.trim();
      if (value === undefined) return;
      if (!value) problems.push({ field, rule: 'required' });
      else if (value.length > max) problems.push({ field, rule: 'too_long', params: { max } });
      else wanted[IDENTITY_COLUMNS[field]] = value;
    };
    text('fullName', 200);
    text('organisationName', 200);
    text('profession', 120);
    if (input.email !== undefined) {
      const email = input.email.trim();
      if (!OUTSIDE_EMAIL.test(email) || email.length > 254)
        problems.push({ field: 'email', rule: 'format_email' });
      else wanted.email = email;
    }
    if (input.organisationType !== undefined) {
      if ((OUTSIDE_TYPES as readonly string[]).includes(input.organisationType))
        wanted.organisation_type = input.organisationType;
      else problems.push({ field: 'organisationType', rule: 'one_of' });
    }
    if (input.locale !== undefined) wanted.locale = input.locale;
    const fields = (Object.keys(IDENTITY_COLUMNS) as Array<keyof ParticipantCorrection>).filter((field) => {
      const column = IDENTITY_COLUMNS[field];
      return wanted[column] !== undefined && wanted[column] !== participant[column];
    });
    // Their own address in other letters is no clash: the check leaves their own row out.
    if (fields.includes('email') && (await repo.outsideEmailTaken(trx, wanted.email!, id))) {
      problems.push({ field: 'email', rule: 'training_outside_email_taken' });
    }
    if (problems.length > 0) throw Errors.invalid(problems);
    if (fields.length === 0) return [];
    const values = Object.fromEntries(
      fields.map((field) => [IDENTITY_COLUMNS[field], wanted[IDENTITY_COLUMNS[field]]]),
    ) as Partial<repo.ParticipantIdentity>;
    // A new mailbox, not the same address in other capitals (one mailbox, as the unique index has it).
    const moving =
      values.email !== undefined && values.email.toLowerCase() !== participant.email.toLowerCase();
    // Every change to a session's registrations takes the session's lock first. Taken before the
    // participant's row is written: a registration through the public form holds a session's lock
    // when it meets this row's address in the unique index, so the other order could deadlock.
    if (moving) await lockHeldSessions(trx, id);
    try {
      await repo.updateParticipant(trx, id, values);
    } catch (error) {
      // The same address given to someone else at this very moment (a correction or a first
      // registration): the unique index keeps one, this one gets the same answer as above.
      if (isUniqueViolation(error)) throw Errors.field('email', 'training_outside_email_taken');
      throw error;
    }
    const relinked = moving
      ? await relinkOutsideParticipant(platform, trx, { ...participant, ...values })
      : undefined;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.participant_correct',
      targetType: 'training_participant',
      targetId: id,
      meta: { fields, ...relinked },
    });
    return fields;
  });
}

/**
 * Locks the session of every registration in which a participant holds or awaits a seat, in the order
 * of their ids; a registration made meanwhile in another session is locked in a further round.
 */
async function lockHeldSessions(trx: Transaction<DB>, participantId: string): Promise<void> {
  const locked = new Set<string>();
  for (;;) {
    const more = (await repo.activeSessionIdsOf(trx, participantId)).filter((id) => !locked.has(id));
    if (more.length === 0) return;
    await repo.lockSessions(trx, more);
    for (const id of more) locked.add(id);
  }
}

/**
 * An outside participant's address was corrected (their sessions locked, their row written): the link
 * version of each registration holding or awaiting a seat moves on, so every personal link sent before
 * (cancellation, seat offer, evaluation) stops working, and certificate links, made for the holder's
 * address, stop too. Queued to the new address, in the participant's language, with fresh links: for
 * each registration of a session not started yet, the e-mail of where it stands (the confirmation or
 * wait-list e-mail with the cancellation link; the offer with its answer link and deadline while the
 * offer stands); for a session over whose evaluation link was sent and still stands, that e-mail
 * again; for each certificate, the certificate e-mail. Returns what the audit entry counts.
 */
async function relinkOutsideParticipant(
  platform: Platform,
  trx: Transaction<DB>,
  holder: { id: string; email: string; full_name: string; locale: Locale },
): Promise<{
  movedRegistrations: number;
  resentRegistrations: number;
  resentEvaluations: number;
  resentCertificates: number;
}> {
  const now = platform.now();
  const moved = await repo.moveLinkVersions(trx, holder.id);
  const held = await repo.heldRegistrationsOf(trx, holder.id);
  const emails: EmailMessage[] = [];
  for (const registration of held) {
    const session = (await repo.findSession(trx, registration.session_id))!;
    // Once a session has started, its registrations are no longer cancelled or offered by link.
    if (session.status !== 'planned' || !session.starts_at || session.starts_at.getTime() <= now.getTime())
      continue;
    const linked = { id: registration.id, version: registration.link_version };
    if (registration.status === 'offered') {
      const deadline = registration.offer_expires_at;
      // An offer past its deadline is the expiry job's: nothing to answer any more.
      if (!deadline || deadline.getTime() <= now.getTime()) continue;
      const days = await repo.sessionDays(trx, session.id);
      emails.push(outsideOfferEmail(platform, holder, session, days, linked, deadline));
    } else {
      emails.push(
        outsideRegistrationEmail(platform, holder, session, linked, {
          status: registration.status === 'confirmed' ? 'confirmed' : 'waitlisted',
          position: registration.position,
        }),
      );
    }
  }
  const registrations = emails.length;
  const evaluations = await resendOutsideEvaluations(
    platform,
    trx,
    held.filter((r) => r.status === 'confirmed').map((r) => r.id),
  );
  let certificates = 0;
  for (const completion of await repo.completionsOfParticipant(trx, holder.id)) {
    if (!completion.certificate_code) continue;
    emails.push(
      outsideCertificateEmail(platform, holder, {
        ...completion,
        certificate_code: completion.certificate_code,
      }),
    );
    certificates += 1;
  }
  await platform.notifier.queueEmails(trx, emails);
  return {
    movedRegistrations: moved,
    resentRegistrations: registrations,
    resentEvaluations: evaluations,
    resentCertificates: certificates,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

// ================================================================================================
// Outside professionals' certificates, through their personal link

/**
 * How long an outside participant's certificate link stays valid: two years from its e-mail. Long
 * enough for the moments a certificate is asked for (a new employer, a yearly review, the renewal of a
 * course valid one or two years); bounded, so a forgotten or forwarded e-mail does not open the
 * holder's certificate for ever. The public verification page, whose address the e-mail also gives,
 * never expires, and the table or a trainer can still download the certificate from the record.
 */
export const CERTIFICATE_LINK_MS = 730 * 86_400_000;

/**
 * The e-mail giving an outside participant (no account) their certificate: a personal link to the PDF,
 * for this completion and the holder's current address (see holderVersion), valid two years, and the
 * public verification address with the code.
 */
function outsideCertificateEmail(
  platform: Platform,
  holder: { id: string; email: string; full_name: string; locale: Locale },
  completion: { id: string; course_title_fr: string; course_title_en: string; certificate_code: string },
): EmailMessage {
  const locale = holder.locale;
  const expires = new Date(platform.now().getTime() + CERTIFICATE_LINK_MS);
  const until = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeZone: platform.config.timeZone,
  }).format(expires);
  return {
    to: holder.email,
    locale,
    template: 'training_completed_outside',
    params: {
      name: holder.full_name,
      course: pick(locale, completion.course_title_fr, completion.course_title_en),
      code: completion.certificate_code,
      until,
      link: makeLink(
        platform,
        'training-certificate',
        { id: completion.id, version: holderVersion(platform, holder) },
        expires,
        locale,
      ),
      verifyLink: verificationUrl(platform.config.publicUrl, locale, completion.certificate_code),
    },
  };
}

/**
 * What an outside participant's certificate link gives: the PDF (`ready`), or `replaced` (the link was
 * sent to an address corrected since), or `invalid` (forged, malformed, expired, made for another page,
 * or naming no certificate of an outside participant).
 */
export type OutsideCertificate = { state: 'ready'; pdf: Uint8Array } | { state: 'replaced' | 'invalid' };

/**
 * The certificate PDF an outside participant's link opens, in the language of the page — the same
 * document members download, with the name as recorded now. Each download is audited (the
 * completion, never the name); nothing of the visitor is stored.
 */
export async function outsideCertificateFile(
  platform: Platform,
  token: string,
  locale: Locale,
): Promise<OutsideCertificate> {
  const link = openLink(platform, 'training-certificate', token);
  if (!link) return { state: 'invalid' };
  const completion = await repo.findOutsideCompletion(platform.db, link.id);
  if (!completion) return { state: 'invalid' };
  const holder = { id: completion.participant_id, email: completion.email };
  if (!isCurrent(link, { link_version: holderVersion(platform, holder) })) return { state: 'replaced' };
  // Made before the audit entry, outside its transaction (no connection held while drawing): a
  // document that fails is neither sent nor audited; one that is sent always is.
  const pdf = await certificatePdf(locale, completion, platform.config.publicUrl);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: null,
      action: 'training.certificate_download',
      targetType: 'training_completion',
      targetId: completion.id,
      meta: { by: 'outside_link', locale },
    }),
  );
  return { state: 'ready', pdf };
}

// ================================================================================================
// Outside professionals cancelling through their personal link

/**
 * What the public cancellation page may show: the course, the first day and the place. `replaced`:
 * the link was sent for an earlier version of the registration (since cancelled and renewed, or sent
 * to an address corrected since).
 */
export type OutsideCancellation =
  | { state: 'open'; session: repo.SessionRow }
  | { state: 'inactive'; session: repo.SessionRow }
  | { state: 'replaced' }
  | { state: 'invalid' };

/** Whether a cancellation link still works: forged, expired, replaced, started, or already used. */
function cancellationState(
  now: Date,
  link: LinkClaims,
  registration: repo.OutsideRegistrationRow | undefined,
  session: repo.SessionRow | undefined,
): OutsideCancellation {
  if (!registration || !session) return { state: 'invalid' };
  if (!isCurrent(link, registration)) return { state: 'replaced' };
  if (session.starts_at && session.starts_at.getTime() <= now.getTime()) return { state: 'invalid' };
  if (!ACTIVE.has(registration.status)) return { state: 'inactive', session };
  return { state: 'open', session };
}

/** The registration an outside professional's cancellation link opens, and whether it can still be cancelled. */
export async function outsideCancellation(platform: Platform, token: string): Promise<OutsideCancellation> {
  const link = openLink(platform, 'training-cancellation', token);
  if (!link) return { state: 'invalid' };
  const registration = await repo.findOutsideRegistration(platform.db, link.id);
  const session = registration ? await repo.findSession(platform.db, registration.session_id) : undefined;
  return cancellationState(platform.now(), link, registration, session);
}

/**
 * An outside professional cancels their registration through the link of their confirmation e-mail,
 * under the session's row lock, exactly as a member's cancellation (the freed seat goes to the wait
 * list). Nothing of the visitor is stored. Returns the state after the attempt: `inactive` when it
 * was already cancelled (nothing changes), `replaced` for a link of an earlier version, `invalid`
 * for a forged or expired link or a started session.
 */
export async function cancelOutsideRegistration(
  platform: Platform,
  token: string,
): Promise<OutsideCancellation & { cancelled: boolean }> {
  const link = openLink(platform, 'training-cancellation', token);
  if (!link) return { state: 'invalid', cancelled: false };
  return platform.db.transaction().execute(async (trx) => {
    const found = await repo.findOutsideRegistration(trx, link.id);
    if (!found) return { state: 'invalid' as const, cancelled: false };
    await repo.lockSession(trx, found.session_id);
    const registration = await repo.findOutsideRegistration(trx, link.id);
    const session = await repo.findSession(trx, found.session_id);
    const state = cancellationState(platform.now(), link, registration, session);
    if (state.state !== 'open') return { ...state, cancelled: false };
    await cancelLockedRegistration(platform, trx, registration!, null, { by: 'outside_link' });
    return { state: 'inactive' as const, session: state.session, cancelled: true };
  });
}

// ================================================================================================
// Outside professionals answering a seat offered from the wait list

/** What the public offer page shows: the course, every day with its hours, the place, the deadline. */
export interface OfferView {
  session: repo.SessionRow;
  days: repo.DayRow[];
  deadline: Date;
}

/**
 * Where an outside professional's seat offer stands: `open` (they may answer), `accepted` or
 * `declined` (answered just now), `alreadyAccepted` or `alreadyDeclined` (answered before), `expired`
 * (its deadline passed), `closed` (the registration was cancelled, or the session cancelled or
 * started), `replaced` (a link of an earlier version: since renewed, or address corrected), `invalid`
 * (forged, malformed, made for another page).
 */
export type OutsideOffer =
  | ({
      state: 'open' | 'accepted' | 'declined' | 'alreadyAccepted' | 'alreadyDeclined' | 'expired' | 'closed';
    } & OfferView)
  | { state: 'replaced' | 'invalid' };

async function outsideOfferOf(
  platform: Platform,
  db: Executor,
  link: (LinkClaims & { expired: boolean }) | null,
): Promise<{ offer: OutsideOffer; registration?: repo.OutsideRegistrationRow }> {
  if (!link) return { offer: { state: 'invalid' } };
  const registration = await repo.findOutsideRegistration(db, link.id);
  const session = registration ? await repo.findSession(db, registration.session_id) : undefined;
  if (!registration || !session) return { offer: { state: 'invalid' } };
  if (!isCurrent(link, registration)) return { offer: { state: 'replaced' } };
  const now = platform.now().getTime();
  const view: OfferView = {
    session,
    days: await repo.sessionDays(db, session.id),
    deadline: registration.offer_expires_at ?? link.expiresAt,
  };
  const state = ((): Extract<OutsideOffer, OfferView>['state'] => {
    switch (registration.status) {
      case 'confirmed':
        return 'alreadyAccepted';
      case 'declined':
        return 'alreadyDeclined';
      case 'expired':
        return 'expired';
      case 'offered':
        if (session.status !== 'planned' || (session.starts_at && session.starts_at.getTime() <= now))
          return 'closed';
        if (link.expired || view.deadline.getTime() <= now) return 'expired';
        return 'open';
      default:
        return 'closed';
    }
  })();
  return { offer: { state, ...view }, registration };
}

/** The seat offer an outside professional's link opens, and where it stands. Changes nothing. */
export async function outsideOffer(platform: Platform, token: string): Promise<OutsideOffer> {
  return (await outsideOfferOf(platform, platform.db, inspectLink(platform, 'training-offer', token))).offer;
}

/**
 * An outside professional accepts or declines the seat offered to them, through the personal link of
 * their offer e-mail, under the session's row lock and exactly as a member's answer (see
 * answerLockedOffer): accepting confirms the seat and sends the confirmation with their cancellation
 * link; declining offers the seat to the next in line. Nothing of the visitor is stored. A link that
 * is forged, expired, replaced or already answered changes nothing: the state says why.
 */
export async function answerOutsideOffer(
  platform: Platform,
  token: string,
  answer: OfferAnswer,
): Promise<OutsideOffer> {
  const link = inspectLink(platform, 'training-offer', token);
  if (!link) return { state: 'invalid' };
  return platform.db.transaction().execute(async (trx) => {
    const found = await repo.findOutsideRegistration(trx, link.id);
    if (!found) return { state: 'invalid' as const };
    await repo.lockSession(trx, found.session_id);
    const { offer, registration } = await outsideOfferOf(platform, trx, link);
    if (offer.state !== 'open') return offer;
    await answerLockedOffer(platform, trx, registration!, answer, null, { by: 'outside_link' });
    return { ...offer, state: answer === 'accept' ? ('accepted' as const) : ('declined' as const) };
  });
}
