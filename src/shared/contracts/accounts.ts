/**
 * The contract of partner organisations and people, and of the access review (roles held, roles
 * waiting for an organisation's consent, emergency access): request and response schemas and the
 * types derived from them, shared by the server and the web app. The roles, organisation types and
 * person statuses themselves live in `shared/roles.ts`.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  APPROVER_ROLES,
  EMERGENCY_MAX_MINUTES,
  ORGANISATION_ROLES,
  ORGANISATION_TYPES,
  PERSON_STATUSES,
  type Role,
} from '../roles.js';
import {
  Email,
  IsoDateTime,
  LocaleSchema,
  literals,
  Nullable,
  Phone,
  RoleSchema,
  Strict,
  Uuid,
} from './common.js';

/** Roles an emergency access may open: casework roles, never those that consent for the organisation. */
export const EMERGENCY_ROLES: readonly Role[] = ORGANISATION_ROLES.filter(
  (role) => !(APPROVER_ROLES as readonly Role[]).includes(role),
);

// ---------------------------------------------------------------- access review and emergency access

const PersonRef = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));
/** A person named in the access review (absent when the person was deleted). */
export type PersonRef = NonNullable<Static<typeof PersonRef>>;

export const PendingRole = Type.Object({
  id: Type.String(),
  role: Type.String(),
  proposedBy: PersonRef,
  proposedAt: IsoDateTime,
});
export type PendingRole = Static<typeof PendingRole>;

export const Holding = Type.Object({
  person: Type.Object({ id: Type.String(), name: Type.String(), status: Type.String() }),
  role: Type.String(),
  consent: Type.String(),
  since: IsoDateTime,
  grantedBy: PersonRef,
  approvedBy: PersonRef,
  approvedAt: Nullable(IsoDateTime),
});
export type Holding = Static<typeof Holding>;

export const RoleRequest = Type.Object({
  id: Type.String(),
  person: PersonRef,
  role: Type.String(),
  status: Type.String(),
  proposedBy: PersonRef,
  proposedAt: IsoDateTime,
  decidedBy: PersonRef,
  decidedAt: Nullable(IsoDateTime),
  canDecide: Type.Boolean(),
});
export type RoleRequest = Static<typeof RoleRequest>;

export const EmergencyAccess = Type.Object({
  id: Type.String(),
  administrator: PersonRef,
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  roles: Type.Array(Type.String()),
  justification: Type.String(),
  startedAt: IsoDateTime,
  expiresAt: IsoDateTime,
  endedAt: Nullable(IsoDateTime),
  active: Type.Boolean(),
  actions: Type.Integer(),
  review: Type.Object({
    status: Type.String(),
    by: PersonRef,
    at: Nullable(IsoDateTime),
  }),
  canReview: Type.Boolean(),
});
export type EmergencyAccess = Static<typeof EmergencyAccess>;

export const AccessReview = Type.Object({
  organisation: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }),
  holdings: Type.Array(Holding),
  requests: Type.Array(RoleRequest),
  emergencies: Type.Array(EmergencyAccess),
  bootstrap: Nullable(Type.Object({ person: PersonRef, by: PersonRef, at: IsoDateTime })),
  lastAttestation: Nullable(Type.Object({ by: PersonRef, at: IsoDateTime, holdings: Type.Integer() })),
  dueAt: IsoDateTime,
  overdue: Type.Boolean(),
});
export type AccessReview = Static<typeof AccessReview>;

export const EmergencyList = Type.Object({
  items: Type.Array(EmergencyAccess),
  organisations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  roles: Type.Array(Type.String()),
  maxMinutes: Type.Integer(),
});
export type EmergencyList = Static<typeof EmergencyList>;

export const OpenEmergencyBody = Strict({
  organisationId: Uuid,
  roles: Type.Array(literals(EMERGENCY_ROLES), {
    minItems: 1,
    maxItems: EMERGENCY_ROLES.length,
  }),
  durationMinutes: Type.Integer({ minimum: 1, maximum: EMERGENCY_MAX_MINUTES }),
  justification: Type.String({ minLength: 20, maxLength: 2000, pattern: '\\S' }),
});
export type OpenEmergencyBody = Static<typeof OpenEmergencyBody>;

export const ReviewEmergencyBody = Strict({
  decision: Type.Union([Type.Literal('accepted'), Type.Literal('contested')]),
});
export type ReviewEmergencyBody = Static<typeof ReviewEmergencyBody>;

// ---------------------------------------------------------------- organisations and people

export const OrganisationTypeSchema = literals(ORGANISATION_TYPES);
export const PersonStatusSchema = literals(PERSON_STATUSES);

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const JobTitle = Nullable(Type.String({ maxLength: 120 }));

export const Organisation = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  type: Type.String(),
  region: Type.String(),
  active: Type.Boolean(),
  peopleCount: Type.Integer(),
});
export type Organisation = Static<typeof Organisation>;

export const OrganisationList = Type.Object({ items: Type.Array(Organisation) });
export type OrganisationList = Static<typeof OrganisationList>;

export const OrganisationQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  type: Type.Optional(OrganisationTypeSchema),
});
export type OrganisationQuery = Static<typeof OrganisationQuery>;

export const CreateOrganisationBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  shortName: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  type: OrganisationTypeSchema,
  region: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
});
export type CreateOrganisationBody = Static<typeof CreateOrganisationBody>;

export const UpdateOrganisationBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
  shortName: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  type: Type.Optional(OrganisationTypeSchema),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' })),
  active: Type.Optional(Type.Boolean()),
});
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationBody>;

export const PersonSummary = Type.Object({
  id: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  jobTitle: Nullable(Type.String()),
  status: Type.String(),
  roles: Type.Array(Type.String()),
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Nullable(Type.String())),
});
export type PersonSummary = Static<typeof PersonSummary>;

export const PersonDetail = Type.Composite([
  PersonSummary,
  Type.Object({
    permissions: Type.Object({
      update: Type.Boolean(),
      disable: Type.Boolean(),
      enable: Type.Boolean(),
      assignRoles: Type.Boolean(),
      resetMfa: Type.Boolean(),
      resendInvitation: Type.Boolean(),
    }),
    grantableRoles: Type.Array(Type.String()),
    /** Roles proposed for the person, waiting for their organisation's consent. */
    pendingRoles: Type.Array(PendingRole),
  }),
]);
export type PersonDetail = Static<typeof PersonDetail>;

export const PeopleQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  organisationId: Type.Optional(Uuid),
  role: Type.Optional(RoleSchema),
  status: Type.Optional(PersonStatusSchema),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
});
export type PeopleQuery = Static<typeof PeopleQuery>;

export const PeoplePage = Type.Object({
  items: Type.Array(PersonSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type PeoplePage = Static<typeof PeoplePage>;

export const InviteBody = Strict({
  email: Email,
  givenName: Name,
  familyName: Name,
  organisationId: Uuid,
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 10 }),
  locale: LocaleSchema,
});
export type InviteBody = Static<typeof InviteBody>;

export const UpdatePersonBody = Strict({
  givenName: Type.Optional(Name),
  familyName: Type.Optional(Name),
  phone: Type.Optional(Phone),
  jobTitle: Type.Optional(JobTitle),
});
export type UpdatePersonBody = Static<typeof UpdatePersonBody>;

export const RolesBody = Strict({ roles: Type.Array(RoleSchema, { maxItems: 10 }) });
export type RolesBody = Static<typeof RolesBody>;
