import type { ConsultationAbilities, ConsultationDetail } from '../../../shared/contracts/consultations.js';
import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * Who may do what with consultations. A consultation is seen by its asker, the pivots routing asked
 * (in full until one takes it, then a "taken" stub), the pivots taking part, and the organisation
 * coordinators of the asker's and of the lead pivot's organisations; the coordinators of the asked
 * pivots' organisations, told of an overdue one, see the stub. Nobody else: not the table's
 * coordination, not an administrator. Every other reader gets a 404 that says nothing of it.
 */

/** Who asks: the staff of any partner organisation who meet young people, and their coordinators. */
export const ASK_ROLES: readonly Role[] = ['worker', 'pivot', 'org_coordinator'];
/** Who answers, takes, brings in, hands over, closes, writes know-how. */
export const PIVOT_ROLES: readonly Role[] = ['pivot'];
/** Lists and counts: the askers, and the table's coordination (consultations nobody could be found for). */
export const LIST_ROLES: readonly Role[] = [...ASK_ROLES, 'table_coordinator'];
/** Asking a pivot for a consultation still waiting: the asker's org coordinator, the table's coordination. */
export const COORDINATOR_ROLES: readonly Role[] = ['org_coordinator', 'table_coordinator'];
/** The table's settings and figures. */
export const TABLE_ROLES: readonly Role[] = ['table_coordinator'];
/** Editing know-how: its author (a pivot) or the table's coordination. */
export const KNOWLEDGE_EDIT_ROLES: readonly Role[] = ['pivot', 'table_coordinator'];

export type Side = ConsultationDetail['side'];

/** Where the reader stands in a consultation, as the service reads it. */
export interface Place {
  asker: boolean;
  recipient: boolean;
  participant: boolean;
  lead: boolean;
  /** org_coordinator of the asker's or the lead pivot's organisation. */
  coordinator: boolean;
  /** org_coordinator of the asker's organisation. */
  askerCoordinator: boolean;
  /** org_coordinator of an asked pivot's organisation (sees the stub). */
  recipientCoordinator: boolean;
  /** table_coordinator, of a consultation routing found nobody for (sees the stub while it waits). */
  tableCoordinator: boolean;
}

export interface ConsultationState {
  status: 'open' | 'taken' | 'closed' | 'withdrawn';
  destroyed: boolean;
  knowledgeId: string | null;
}

/** What the reader sees: everything, the stub, or nothing (404). */
export function viewOf(place: Place, state: ConsultationState): 'full' | 'stub' | null {
  if (place.asker || place.participant || place.coordinator) return 'full';
  if (place.recipient) return state.status === 'open' ? 'full' : 'stub';
  if (place.recipientCoordinator) return 'stub';
  if (place.tableCoordinator) return 'stub';
  return null;
}

export function sideOf(place: Place): Side {
  if (place.asker) return 'asker';
  if (place.participant) return 'participant';
  if (place.recipient) return 'recipient';
  return 'coordinator';
}

/** What the reader may do now. */
export function abilities(actor: Actor, place: Place, state: ConsultationState): ConsultationAbilities {
  const pivot = hasRole(actor, 'pivot');
  const live = !state.destroyed;
  const taken = live && state.status === 'taken';
  return {
    take: live && pivot && place.recipient && !place.participant && state.status === 'open',
    message: taken && (place.asker || (pivot && place.participant)),
    bringIn: taken && pivot && place.participant,
    handOver: taken && pivot && place.lead,
    close: taken && pivot && place.lead,
    withdraw: live && place.asker && state.status === 'open',
    makeKnowledge: live && pivot && place.lead && state.status === 'closed' && state.knowledgeId === null,
    askPivot: live && state.status === 'open' && (place.askerCoordinator || place.tableCoordinator),
  };
}

export function asks(actor: Actor): boolean {
  return hasRole(actor, ...ASK_ROLES);
}

export function keepsTable(actor: Actor): boolean {
  return hasRole(actor, ...TABLE_ROLES);
}

/** Know-how: its author while a pivot, or the table's coordination. */
export function mayEditKnowledge(actor: Actor, entry: { author_person_id: string | null }): boolean {
  return keepsTable(actor) || (hasRole(actor, 'pivot') && entry.author_person_id === actor.personId);
}

/** What the web app may show. */
export function consultationsPermissions(actor: Actor): Record<string, boolean> {
  return {
    'consultations.ask': asks(actor),
    'consultations.answer': hasRole(actor, ...PIVOT_ROLES),
    'consultations.coordinate': hasRole(actor, 'org_coordinator', 'table_coordinator'),
    'consultations.settings': keepsTable(actor),
    'consultations.figures': keepsTable(actor),
    'consultations.knowledge': true,
  };
}
