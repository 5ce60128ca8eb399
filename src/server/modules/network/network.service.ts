// What other modules read of the network: partner organisations and people (for messages and alert
// recipients), whether someone holds an active pivot mandate, the pivots active today.
import type { OrganisationType, Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import { activeMandates, mandatesOfPerson } from './mandates.repository.js';
import * as members from './members.repository.js';
import { mandateStatus, regionToday } from './network.rules.js';

// ---------------------------------------------------------------- organisations and people read by other modules

/** One organisation, active or not (undefined when unknown). */
export function organisationById(db: Executor, id: string): Promise<members.OrganisationRow | undefined> {
  return members.findOrganisation(db, id);
}

/** The table's active partner organisations, by name. */
export function activeOrganisations(db: Executor): Promise<members.OrganisationRow[]> {
  return members.listActiveOrganisations(db);
}

/** Active people holding a role, in one organisation or everywhere, with what a message to them needs. */
export function peopleWithRole(db: Executor, role: Role, organisationId?: string) {
  return members.peopleWithRole(db, role, organisationId);
}

/** The active accounts among these ids, with what a message to them needs. */
export function activePeopleByIds(db: Executor, ids: string[]) {
  return members.activePeopleByIds(db, ids);
}

/** Whether the person holds a pivot mandate in the organisation active on `day` (YYYY-MM-DD). */
export async function holdsActiveMandate(
  db: Executor,
  personId: string,
  organisationId: string,
  day: string,
): Promise<boolean> {
  return (await mandatesOfPerson(db, personId)).some(
    (m) => m.organisation_id === organisationId && mandateStatus(m, day) === 'active',
  );
}

export type ReachRules = members.ReachRules;

/**
 * The active people recipient rules reach on `day` (people holding given roles in an organisation;
 * pivots of given organisations: the pivot role and a mandate active that day in their own
 * organisation), each once, read in one query.
 */
export function peopleReached(db: Executor, rules: ReachRules, day: string): Promise<string[]> {
  return members.idsReached(db, rules, day);
}

// ---------------------------------------------------------------- pivots read by other modules

/** A pivot active today, as the training figures read it (which pivots are trained). */
export interface ActivePivot {
  personId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
}

/** The pivots whose mandate is active today in an active organisation, by organisation then name. */
export async function activePivots(platform: Platform): Promise<ActivePivot[]> {
  const db = platform.db;
  const organisations = new Map((await members.listActiveOrganisations(db)).map((o) => [o.id, o]));
  const mandates = (await activeMandates(db, regionToday(platform))).filter((m) =>
    organisations.has(m.organisation_id),
  );
  const names = await members.personNames(db, [...new Set(mandates.map((m) => m.person_id))]);
  return mandates
    .map((m) => {
      const organisation = organisations.get(m.organisation_id)!;
      return {
        personId: m.person_id,
        name: names.get(m.person_id) ?? '',
        organisationId: organisation.id,
        organisationName: organisation.name,
        organisationType: organisation.type,
      };
    })
    .sort(
      (a, b) =>
        a.organisationName.localeCompare(b.organisationName, 'fr') || a.name.localeCompare(b.name, 'fr'),
    );
}
