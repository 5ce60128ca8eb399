/**
 * The read API of people and organisations for the other modules. The accounts module owns their
 * tables (declared by the platform, whose session store reads them); no other module names them.
 * Each read is written once, in people.repository.ts:
 * - organisations: one by id, the active ones (all, or registered before a day), several by id, the
 *   regions of the active ones;
 * - people: one with their roles, several by id (names, e-mail, locale, organisation), the active
 *   ones, active holders of a role (in one organisation or everywhere), which of some ids hold a role,
 *   display names, active people of some organisation types;
 * - for governance: whether referenced people and organisations exist, the table's delegates, the
 *   active people an audience names, the active people among some or coordinating some organisations;
 * - pieces of SQL for a query of another module that must stay one query (a fan-out over thousands of
 *   people, a list sorted or filtered by a name): the column of a person or organisation a row refers
 *   to, whether a person holds a role, the active holders of roles in an organisation.
 * - the annual report's counts of organisations by type and of members (in a span, by role, at
 *   instants), in membership.repository.ts.
 * - the network's directory: the organisations and people its searches start from, and the name
 *   matches they apply (trigram and full-text indexes of these tables).
 * The tips desk searches people and reads organisations through the accounts service (index.ts).
 */

// The roles a person holds (written once, beside the access rules that read them too).
export { rolesOf } from './access.repository.js';
export {
  countMembers,
  countMembersAt,
  countMembersByRole,
  countOrganisationsByType,
  type OrganisationTypeCount,
  type Span,
} from './membership.repository.js';
export {
  type Audience,
  activeOrganisationRegions,
  activeOrganisations,
  activeOrganisationsCreatedBefore,
  activePeople,
  activePeopleByIds,
  activePeopleInAudience,
  activePeopleOfTypes,
  activePeopleOrCoordinators,
  activePeopleWithRolesIn,
  activePersonOrganisation,
  type DirectoryTerms,
  directoryOrganisations,
  directoryPeople,
  enabledPeopleExist,
  holdsRole,
  isActivePerson,
  type OrganisationFacts,
  organisationById,
  organisationColumn,
  organisationName,
  organisationsByIds,
  organisationsExist,
  organisationsNamed,
  type PersonFacts,
  type PersonWithRoles,
  peopleByIds,
  peopleNamed,
  peopleWithRole,
  personById,
  personColumn,
  personName,
  personNames,
  personOrganisationName,
  type RoleHolder,
  tableDelegates,
  whoHoldRole,
} from './people.repository.js';
