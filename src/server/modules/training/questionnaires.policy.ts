import { type Actor, hasRole } from '../../platform/authz/actor.js';
import type { QuestionnaireKind } from './questionnaires.table.js';

/** The table's coordination (and administration) runs questionnaires, surveys and the figures. */
export function isCoordination(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'table_coordinator');
}

/** The table edits every questionnaire; trainers edit evaluation questionnaires only. */
export function canEditQuestionnaire(actor: Actor, kind: QuestionnaireKind): boolean {
  if (isCoordination(actor)) return true;
  return kind === 'evaluation' && hasRole(actor, 'trainer');
}

/** Which kinds of questionnaires a person may list and read as an editor. */
export function editableKinds(actor: Actor): QuestionnaireKind[] {
  if (isCoordination(actor)) return ['evaluation', 'survey'];
  return hasRole(actor, 'trainer') ? ['evaluation'] : [];
}

/** A session's evaluation results: the table, and the trainers of that session. */
export function canSeeSessionResults(actor: Actor, session: { trainer: boolean }): boolean {
  return isCoordination(actor) || (hasRole(actor, 'trainer') && session.trainer);
}

/** A course's evaluation results: the table, and the trainers who gave one of its sessions. */
export function canSeeCourseResults(actor: Actor, course: { trains: boolean }): boolean {
  return isCoordination(actor) || (hasRole(actor, 'trainer') && course.trains);
}

/** An evaluation is filled by someone holding a confirmed seat in the session. */
export function canEvaluate(session: { confirmed: boolean; status: string }): boolean {
  return session.confirmed && session.status !== 'cancelled';
}

/**
 * How much of the figures a person sees: the table sees organisations and named pivots; trainers
 * organisations and pivot counts; researchers de-identified aggregates only (no organisation names,
 * no people).
 */
export type FiguresLevel = 'full' | 'organisations' | 'aggregate';

export function figuresLevel(actor: Actor): FiguresLevel | null {
  if (isCoordination(actor)) return 'full';
  if (hasRole(actor, 'trainer')) return 'organisations';
  if (hasRole(actor, 'researcher')) return 'aggregate';
  return null;
}

/** The permissions the web app receives for evaluations, surveys and figures. */
export function questionnairePermissions(actor: Actor): Record<string, boolean> {
  return {
    'training.questionnaires.edit': editableKinds(actor).length > 0,
    'training.surveys.manage': isCoordination(actor),
    'training.evaluations.results': isCoordination(actor) || hasRole(actor, 'trainer'),
    'training.figures': figuresLevel(actor) !== null,
  };
}
