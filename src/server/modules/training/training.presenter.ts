import type { Locale } from '../../../shared/roles.js';
import type { ParticipantsView } from './attendance.service.js';
import type { CompletionRow } from './completions.repository.js';
import type { MyTraining } from './completions.service.js';
import type { CourseRow } from './courses.repository.js';
import type { CourseDetail } from './courses.service.js';
import type { OutsideParticipantDetail } from './outside-participants.service.js';
import type { SessionRow } from './sessions.repository.js';
import type { SessionDetail } from './sessions.service.js';
import { freeSeats } from './training.rules.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const pick = (locale: Locale, fr: string, en: string) => (locale === 'en-CA' ? en : fr);

export function presentCourse(locale: Locale, c: CourseRow) {
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    title: pick(locale, c.title_fr, c.title_en),
    titleFr: c.title_fr,
    titleEn: c.title_en,
    description: pick(locale, c.description_fr, c.description_en),
    descriptionFr: c.description_fr,
    descriptionEn: c.description_en,
    objectives: pick(locale, c.objectives_fr, c.objectives_en),
    objectivesFr: c.objectives_fr,
    objectivesEn: c.objectives_en,
    durationDays: Number(c.duration_days),
    audiences: c.audiences,
    openToOutside: c.open_to_outside,
    certificateValidityMonths: c.certificate_validity_months,
    networkPrerequisite: c.network_prerequisite,
    active: c.active,
    prerequisiteIds: c.prerequisite_ids,
  };
}

export function presentCourseDetail(locale: Locale, detail: CourseDetail) {
  return {
    ...presentCourse(locale, detail.course),
    prerequisites: detail.prerequisites.map((p) => ({
      id: p.id,
      title: pick(locale, p.title_fr, p.title_en),
    })),
  };
}

export function presentSessionSummary(locale: Locale, s: SessionRow) {
  return {
    id: s.id,
    courseId: s.course_id,
    courseCode: s.course_code,
    courseTitle: pick(locale, s.course_title_fr, s.course_title_en),
    courseKind: s.course_kind,
    openToOutside: s.open_to_outside,
    place: s.place,
    videoUrl: s.video_url,
    capacity: s.capacity,
    registrationDeadline: s.registration_deadline.toISOString(),
    status: s.status,
    startsAt: iso(s.starts_at),
    endsAt: iso(s.ends_at),
    confirmed: s.confirmed,
    offered: s.offered,
    waitlisted: s.waitlisted,
    seatsLeft: s.waitlisted > 0 ? 0 : freeSeats(s.capacity, s),
  };
}

export function presentSession(locale: Locale, d: SessionDetail) {
  return {
    ...presentSessionSummary(locale, d.session),
    days: d.days.map((day) => ({ day: day.day, startsAt: iso(day.starts_at)!, endsAt: iso(day.ends_at)! })),
    trainers: d.trainers,
    trainerIds: d.session.trainer_ids,
    mine: d.mine
      ? { id: d.mine.id, status: d.mine.status, offerExpiresAt: iso(d.mine.offer_expires_at) }
      : null,
    canRun: d.canRun,
    missingPrerequisites: d.missingPrerequisites.map((c) => ({
      id: c.id,
      title: pick(locale, c.title_fr, c.title_en),
    })),
  };
}

export function presentParticipants(view: ParticipantsView) {
  const marks = new Map<string, Record<string, (typeof view.attendance)[number]['status']>>();
  for (const a of view.attendance) {
    const own = marks.get(a.registration_id) ?? {};
    own[a.day] = a.status;
    marks.set(a.registration_id, own);
  }
  return {
    days: view.days.map((d) => d.day),
    items: view.participants.map((p) => ({
      registrationId: p.registration_id,
      participantId: p.participant_id,
      personId: p.person_id,
      outside: p.source === 'invited',
      name: p.full_name,
      email: p.email,
      organisationName: p.organisation_name,
      organisationType: p.organisation_type,
      profession: p.profession,
      status: p.status,
      queueNumber: p.queue_number,
      offerExpiresAt: iso(p.offer_expires_at),
      completed: p.completed,
      attendance: marks.get(p.registration_id) ?? {},
    })),
  };
}

export function presentCompletion(locale: Locale, c: CompletionRow) {
  return {
    id: c.id,
    participantId: c.participant_id,
    outside: c.source === 'invited',
    name: c.full_name,
    courseId: c.course_id,
    courseTitle: pick(locale, c.course_title_fr, c.course_title_en),
    sessionId: c.session_id,
    completedOn: c.completed_on,
    expiresOn: c.expires_on,
    certificateCode: c.certificate_code,
    organisationName: c.organisation_name,
    organisationType: c.organisation_type,
  };
}

export function presentMyTraining(locale: Locale, mine: MyTraining) {
  return {
    registrations: mine.registrations.map((r) => ({
      id: r.id,
      sessionId: r.session_id,
      status: r.status,
      position: r.position,
      offerExpiresAt: iso(r.offer_expires_at),
      courseId: r.course_id,
      courseTitle: pick(locale, r.course_title_fr, r.course_title_en),
      place: r.place,
      videoUrl: r.video_url,
      sessionStatus: r.session_status,
      startsAt: iso(r.starts_at),
      endsAt: iso(r.ends_at),
    })),
    completions: mine.completions.map((c) => presentCompletion(locale, c)),
  };
}

export function presentOutsideParticipant(locale: Locale, d: OutsideParticipantDetail) {
  const p = d.participant;
  return {
    id: p.id,
    fullName: p.full_name,
    email: p.email,
    organisationName: p.organisation_name,
    organisationType: p.organisation_type,
    profession: p.profession,
    locale: p.locale,
    registeredAt: iso(p.created_at)!,
    registrations: d.registrations.map((r) => ({
      id: r.id,
      sessionId: r.session_id,
      courseTitle: pick(locale, r.course_title_fr, r.course_title_en),
      status: r.status,
      sessionStatus: r.session_status,
      startsAt: iso(r.starts_at),
    })),
    completions: d.completions.map((c) => presentCompletion(locale, c)),
  };
}
