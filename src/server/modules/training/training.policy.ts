import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import type { ParticipantSource } from './training.table.js';

/** Who a training policy looks at. */
export interface Viewer {
  personId: string;
  organisationId: string;
  roles: ReadonlySet<Role>;
}

export function viewerOf(actor: Actor): Viewer {
  return { personId: actor.personId, organisationId: actor.organisationId, roles: actor.roles };
}

/** The table's coordination (and administration) runs the whole programme. */
export function isTable(viewer: Viewer): boolean {
  return viewer.roles.has('admin') || viewer.roles.has('table_coordinator');
}

/** The catalogue is edited by the table and by trainers; everyone signed in reads it. */
export function canEditCatalogue(viewer: Viewer): boolean {
  return isTable(viewer) || viewer.roles.has('trainer');
}

/** The table and trainers plan sessions; a trainer plans the sessions they give. */
export function canPlanSessions(viewer: Viewer): boolean {
  return isTable(viewer) || viewer.roles.has('trainer');
}

/**
 * A session's participants, attendance and completion: the table, and the session's own trainers
 * (a trainer does not see the participants of sessions they do not give).
 */
export function canRunSession(viewer: Viewer, session: { trainerIds: readonly string[] }): boolean {
  if (isTable(viewer)) return true;
  return viewer.roles.has('trainer') && session.trainerIds.includes(viewer.personId);
}

/**
 * A training record (registration, completion, certificate): its own holder, the table, the trainers
 * of its session, and the coordinators of the holder's organisation.
 */
export function canSeeRecord(
  viewer: Viewer,
  record: { personId: string | null; organisationId: string | null; sessionTrainerIds: readonly string[] },
): boolean {
  if (record.personId !== null && record.personId === viewer.personId) return true;
  if (isTable(viewer)) return true;
  if (viewer.roles.has('trainer') && record.sessionTrainerIds.includes(viewer.personId)) return true;
  return (
    viewer.roles.has('org_coordinator') &&
    record.organisationId !== null &&
    record.organisationId === viewer.organisationId
  );
}

/**
 * An outside professional's participant record (their identity as registered through an invitation
 * link: name, e-mail, employer, profession, language), to read and correct: the table for every outside
 * participant, a trainer for those registered in (or having completed) a session they give — the people
 * canRunSession already shows them. Members' identity belongs to their account, never edited here.
 */
export function canCorrectParticipant(
  viewer: Viewer,
  participant: { source: ParticipantSource; sessionTrainerIds: readonly string[] },
): boolean {
  if (participant.source !== 'invited') return false;
  if (isTable(viewer)) return true;
  return viewer.roles.has('trainer') && participant.sessionTrainerIds.includes(viewer.personId);
}

/** The list of training records a viewer may browse, decided before any row is read. */
export function recordScope(
  viewer: Viewer,
): { all: true } | { organisationId: string } | { trainerId: string } | null {
  if (isTable(viewer)) return { all: true };
  if (viewer.roles.has('org_coordinator')) return { organisationId: viewer.organisationId };
  if (viewer.roles.has('trainer')) return { trainerId: viewer.personId };
  return null;
}

/** The permissions the web app receives for this module. */
export function trainingPermissions(actor: Actor): Record<string, boolean> {
  return {
    'training.editCatalogue': hasRole(actor, 'admin', 'table_coordinator', 'trainer'),
    'training.planSessions': hasRole(actor, 'admin', 'table_coordinator', 'trainer'),
    'training.manageAll': hasRole(actor, 'admin', 'table_coordinator'),
    'training.records': hasRole(actor, 'admin', 'table_coordinator', 'org_coordinator', 'trainer'),
    // Whom exactly is decided per participant (canCorrectParticipant); this only opens the screen.
    'training.correctParticipants': hasRole(actor, 'admin', 'table_coordinator', 'trainer'),
  };
}
