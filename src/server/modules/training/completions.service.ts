import { randomInt } from 'node:crypto';
import type { Locale } from '../../../shared/roles.js';
import { localDay } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as attendanceRepo from './attendance.repository.js';
import * as repo from './completions.repository.js';
import * as courseRepo from './courses.repository.js';
import * as participantRepo from './participants.repository.js';
import * as registrationRepo from './registration.repository.js';
import * as sessionRepo from './sessions.repository.js';
import { certificatePdf } from './training.documents.js';
import { appLink, outsideCertificateEmail, pick } from './training.emails.js';
import { runnableSession } from './training.guards.js';
import { canSeeRecord, recordScope, viewerOf } from './training.policy.js';
import { certificateCode, expiryDate, normaliseCode } from './training.rules.js';
import type { RecordQuery } from './training.schemas.js';

/**
 * Completion and certificates: trainers mark participants as having completed the course, people see
 * their own training, records are browsed by scope, certificates downloaded and verified.
 */

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
    if (!(await sessionRepo.lockSession(trx, id))) throw Errors.notFound();
    const session = await runnableSession(trx, actor, id);
    const participants = await attendanceRepo.sessionParticipants(trx, id);
    const byRegistration = new Map(participants.map((p) => [p.registration_id, p]));
    const problems: FieldProblem[] = [];
    registrationIds.forEach((registrationId, index) => {
      if (byRegistration.get(registrationId)?.status !== 'confirmed')
        problems.push({ field: `registrationIds.${index}`, rule: 'training_not_confirmed' });
    });
    if (problems.length > 0) throw Errors.invalid(problems);
    const course = (await courseRepo.findCourse(trx, session.course_id))!;
    const now = platform.now();
    const end = session.ends_at && session.ends_at.getTime() < now.getTime() ? session.ends_at : now;
    const completedOn = localDay(end, platform.config.timeZone);
    let created = 0;
    for (const registrationId of new Set(registrationIds)) {
      const row = byRegistration.get(registrationId)!;
      if (row.completed) continue;
      const participant = (await participantRepo.findParticipant(trx, row.participant_id))!;
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
        action: 'training.completion.record',
        targetType: 'training_session',
        targetId: id,
        meta: { completed: created },
      });
    }
    return created;
  });
}

export interface MyTraining {
  registrations: registrationRepo.MyRegistrationRow[];
  completions: repo.CompletionRow[];
}

export async function myTraining(platform: Platform, actor: Actor): Promise<MyTraining> {
  const participant = await participantRepo.participantOfPerson(platform.db, actor.personId);
  if (!participant) return { registrations: [], completions: [] };
  return {
    registrations: await registrationRepo.registrationsOfParticipant(platform.db, participant.id),
    completions: await repo.completionsOfParticipant(platform.db, participant.id),
  };
}

/** Training records the actor may browse (the table: all; org coordinators: their people; trainers: their sessions). */
export async function listRecords(
  platform: Platform,
  actor: Actor,
  filter: RecordQuery,
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
    ? ((await sessionRepo.findSession(platform.db, completion.session_id))?.trainer_ids ?? [])
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
