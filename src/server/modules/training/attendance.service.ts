import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './attendance.repository.js';
import * as sessionRepo from './sessions.repository.js';
import { attendanceSheetPdf, participantsCsv } from './training.documents.js';
import { runnableSession } from './training.guards.js';
import type { AttendanceBody } from './training.schemas.js';
import type { AttendanceStatus } from './training.table.js';

/** Running a session: its participants, their attendance per day, the participant list and attendance sheet. */

export interface ParticipantsView {
  session: sessionRepo.SessionRow;
  days: sessionRepo.DayRow[];
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
    days: await sessionRepo.sessionDays(platform.db, id),
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
  entries: AttendanceBody['entries'],
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    if (!(await sessionRepo.lockSession(trx, id))) throw Errors.notFound();
    await runnableSession(trx, actor, id);
    const days = new Set((await sessionRepo.sessionDays(trx, id)).map((d) => d.day));
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
      action: 'training.attendance.record',
      targetType: 'training_session',
      targetId: id,
      meta: { entries: entries.length },
    });
  });
}

/** The participants of a session read for an export, the export audited before anything is returned. */
async function exportedParticipants(
  platform: Platform,
  actor: Actor,
  id: string,
  format: 'csv' | 'pdf',
): Promise<ParticipantsView> {
  const view = await sessionParticipants(platform, actor, id);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.participants.export',
      targetType: 'training_session',
      targetId: id,
      meta: { format, rows: view.participants.length },
    }),
  );
  return view;
}

/** The participant list as CSV: the session's trainers and the table; the export is audited. */
export async function participantsCsvFile(platform: Platform, actor: Actor, id: string, locale: Locale) {
  const view = await exportedParticipants(platform, actor, id, 'csv');
  return participantsCsv(locale, view.participants);
}

/** The attendance sheet as PDF: the session's trainers and the table; the export is audited. */
export async function attendanceSheet(platform: Platform, actor: Actor, id: string, locale: Locale) {
  const view = await exportedParticipants(platform, actor, id, 'pdf');
  return attendanceSheetPdf(
    locale,
    view.session,
    view.days,
    view.participants,
    view.attendance,
    platform.config.timeZone,
  );
}
