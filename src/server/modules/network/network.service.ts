// What other modules read of the network: whether someone holds an active pivot mandate, who a set of
// recipient rules reaches, the pivots active today. People and organisations themselves are read
// through the accounts module.
import type { OrganisationType } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import { activeOrganisations, personNames } from '../accounts/index.js';
import { activeMandates, mandatesOfPerson } from './mandates.repository.js';
import { mandateStatus, regionToday } from './network.rules.js';
import * as reach from './reach.repository.js';

// ---------------------------------------------------------------- pivots and their reach read by other modules

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

export type ReachRules = reach.ReachRules;

/**
 * The active people recipient rules reach on `day` (people holding given roles in an organisation;
 * pivots of given organisations: the pivot role and a mandate active that day in their own
 * organisation), each once, read in one query.
 */
export function peopleReached(db: Executor, rules: ReachRules, day: string): Promise<string[]> {
  return reach.idsReached(db, rules, day);
}

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
  const organisations = new Map((await activeOrganisations(db)).map((o) => [o.id, o]));
  const mandates = (await activeMandates(db, regionToday(platform))).filter((m) =>
    organisations.has(m.organisation_id),
  );
  const names = await personNames(db, [...new Set(mandates.map((m) => m.person_id))]);
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
