import { type Actor, hasRole } from '../../platform/authz/actor.js';

/** A tip as the policies see it. */
export interface TipSubject {
  serviceId: string;
  unitId: string | null;
  copiedUnitIds: readonly string[];
}

/** Analysts triage the whole tip line of their own police service. */
export function isServiceAnalyst(actor: Actor, tip: { serviceId: string }): boolean {
  return hasRole(actor, 'police_analyst') && actor.organisationId === tip.serviceId;
}

/** Investigators see the tips their units are responsible for or copied on. */
export function isUnitInvestigator(actor: Actor, tip: TipSubject, actorUnits: readonly string[]): boolean {
  if (!hasRole(actor, 'investigator') || actor.organisationId !== tip.serviceId) return false;
  return actorUnits.some((unit) => unit === tip.unitId || tip.copiedUnitIds.includes(unit));
}

export function canReadTip(actor: Actor, tip: TipSubject, actorUnits: readonly string[]): boolean {
  return isServiceAnalyst(actor, tip) || isUnitInvestigator(actor, tip, actorUnits);
}

/** Triage (category, priority, status, units, links) and phone intake: the service's analysts. */
export function canTriageTip(actor: Actor, tip: { serviceId: string }): boolean {
  return isServiceAnalyst(actor, tip);
}

/** Questions to the tipster: whoever may read the tip. */
export function canAskTipster(actor: Actor, tip: TipSubject, actorUnits: readonly string[]): boolean {
  return canReadTip(actor, tip, actorUnits);
}

/** The identity vault: only the service's analysts, and only with a stated purpose. */
export function canReadIdentity(actor: Actor, tip: { serviceId: string }): boolean {
  return isServiceAnalyst(actor, tip);
}

/** Internal notes: whoever may read the tip (police of the service, scoped to their units). */
export function canWriteNote(actor: Actor, tip: TipSubject, actorUnits: readonly string[]): boolean {
  return canReadTip(actor, tip, actorUnits);
}

/** Retention periods of the service's channels: its analysts. */
export function canManageRetention(actor: Actor, serviceId: string): boolean {
  return hasRole(actor, 'police_analyst') && actor.organisationId === serviceId;
}

/** Units of the service (create, rename, members): its analysts. */
export function canManageUnits(actor: Actor, unit: { serviceId: string }): boolean {
  return hasRole(actor, 'police_analyst') && actor.organisationId === unit.serviceId;
}

/** The units of one's own police service (to see who works a tip): its analysts and investigators. */
export function canSeeUnits(actor: Actor): boolean {
  return hasRole(actor, 'police_analyst', 'investigator');
}

/** Which police service receives the public line: the table's coordination and the administration. */
export function canSetTipLine(actor: Actor): boolean {
  return hasRole(actor, 'table_coordinator', 'admin');
}

/** Who sees the receiving service: the police desk, and those who set it. */
export function canSeeTipLine(actor: Actor): boolean {
  return hasRole(actor, 'police_analyst', 'investigator') || canSetTipLine(actor);
}

/** What the web app may show. */
export function tipsPermissions(actor: Actor): Record<string, boolean> {
  return {
    'tips.queue': hasRole(actor, 'police_analyst', 'investigator'),
    'tips.triage': hasRole(actor, 'police_analyst'),
    'tips.intake': hasRole(actor, 'police_analyst'),
    'tips.identity': hasRole(actor, 'police_analyst'),
    'tips.units': hasRole(actor, 'police_analyst'),
    'tips.retention': hasRole(actor, 'police_analyst'),
    'tips.line': canSetTipLine(actor),
  };
}
