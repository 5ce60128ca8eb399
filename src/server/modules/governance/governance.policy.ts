import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';

/** Who a policy looks at: a person with their roles (a signed-in actor, or a calendar feed's owner). */
export interface Viewer {
  personId: string;
  roles: ReadonlySet<Role>;
}

/** The viewer a signed-in actor is. */
export function viewerOf(actor: Actor): Viewer {
  return { personId: actor.personId, roles: actor.roles };
}

/** The table's coordination (and administration) runs meetings, the plan and announcements. */
export function canManage(viewer: Viewer | null): boolean {
  if (!viewer) return false;
  return viewer.roles.has('admin') || viewer.roles.has('table_coordinator');
}

/** Throws forbidden (403) unless the actor runs the table's governance. */
export function manageOrThrow(actor: Actor): void {
  authorize(canManage(viewerOf(actor)), { hide: false });
}

export interface MeetingSubject {
  restricted: boolean;
  invited: boolean;
}

/**
 * Every member of the table reads its meetings, except restricted ones (closed sessions), which only
 * their invitees and the coordination see.
 */
export function canSeeMeeting(viewer: Viewer, meeting: MeetingSubject): boolean {
  if (canManage(viewer)) return true;
  return !meeting.restricted || meeting.invited;
}

/**
 * Minutes are read by every member who sees the meeting once approved; a draft (closed, not yet
 * approved) only by the coordination and the people marked present.
 */
export function canSeeMinutes(
  viewer: Viewer,
  meeting: MeetingSubject & { approved: boolean; present: boolean },
): boolean {
  if (!canSeeMeeting(viewer, meeting)) return false;
  if (canManage(viewer)) return true;
  return meeting.approved || meeting.present;
}

/** Read receipts of announcements: the coordination, which writes them. */
export function canSeeReceipts(viewer: Viewer): boolean {
  return canManage(viewer);
}

/** The permissions the web app receives for this module. */
export function governancePermissions(actor: Actor): Record<string, boolean> {
  return { 'governance.manage': hasRole(actor, 'admin', 'table_coordinator') };
}
