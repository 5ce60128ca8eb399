import { Type } from '@sinclair/typebox';
import { ORGANISATION_TYPES, PERSON_STATUSES } from '../../../shared/roles.js';
import { Email, LocaleSchema, Nullable, RoleSchema, Strict, Uuid } from '../../platform/http/schemas.js';
import { PendingRole } from './access.schemas.js';

export const OrganisationTypeSchema = Type.Union(ORGANISATION_TYPES.map((t) => Type.Literal(t)));
export const PersonStatusSchema = Type.Union(PERSON_STATUSES.map((s) => Type.Literal(s)));

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Phone = Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+() .-]*$' }));
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

export const OrganisationList = Type.Object({ items: Type.Array(Organisation) });

export const OrganisationQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  type: Type.Optional(OrganisationTypeSchema),
});

export const CreateOrganisationBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  shortName: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  type: OrganisationTypeSchema,
  region: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
});

export const UpdateOrganisationBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
  shortName: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  type: Type.Optional(OrganisationTypeSchema),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' })),
  active: Type.Optional(Type.Boolean()),
});

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

export const PeopleQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  organisationId: Type.Optional(Uuid),
  role: Type.Optional(RoleSchema),
  status: Type.Optional(PersonStatusSchema),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
});

export const PeoplePage = Type.Object({
  items: Type.Array(PersonSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const InviteBody = Strict({
  email: Email,
  givenName: Name,
  familyName: Name,
  organisationId: Uuid,
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 10 }),
  locale: LocaleSchema,
});

export const UpdatePersonBody = Strict({
  givenName: Type.Optional(Name),
  familyName: Type.Optional(Name),
  phone: Type.Optional(Phone),
  jobTitle: Type.Optional(JobTitle),
});

export const RolesBody = Strict({ roles: Type.Array(RoleSchema, { maxItems: 10 }) });
