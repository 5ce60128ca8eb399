/**
 * The contract of the network module (agreements, contributions, pivot mandates, coverage, the
 * directory, hand-over): request and response schemas, the types derived from them, and (from
 * `network.values.ts`) the allowed values; shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ORGANISATION_TYPES } from '../roles.js';
import { DateOnly, Email, literals, Nullable, Phone, Strict, Uuid } from './common.js';
import { ABSENCE_REASONS, EXPERTISE, NET_FUNCTIONS, TABLE_MANDATES } from './network.values.js';

export * from './network.values.js';

const OrganisationType = literals(ORGANISATION_TYPES);
const ExpertiseSchema = literals(EXPERTISE);
const Language = Type.String({ pattern: '^[a-zA-Z]{2,3}$' });

// ---------------------------------------------------------------- requests

export const DirectoryQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  type: Type.Optional(OrganisationType),
  region: Type.Optional(Type.String({ maxLength: 120 })),
  expertise: Type.Optional(ExpertiseSchema),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
});
export type DirectoryQuery = Static<typeof DirectoryQuery>;

export const ContributionsBody = Strict({
  mandates: Type.Array(literals(TABLE_MANDATES), { maxItems: TABLE_MANDATES.length }),
  functions: Type.Array(literals(NET_FUNCTIONS), { maxItems: NET_FUNCTIONS.length }),
});
export type ContributionsBody = Static<typeof ContributionsBody>;

export const TargetBody = Strict({ target: Nullable(Type.Integer({ minimum: 0, maximum: 100 })) });
export type TargetBody = Static<typeof TargetBody>;

export const AgreementBody = Strict({
  signedOn: DateOnly,
  signatories: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  releasedPersonId: Nullable(Uuid),
  commitment: Type.String({ maxLength: 4000 }),
  renewalOn: Nullable(DateOnly),
  document: Type.Optional(
    Strict({
      filename: Type.String({ minLength: 1, maxLength: 200 }),
      // 10 MiB of PDF, base64-encoded.
      contentBase64: Type.String({ minLength: 1, maxLength: 14_000_000, pattern: '^[A-Za-z0-9+/=\\s]*$' }),
    }),
  ),
});
export type AgreementBody = Static<typeof AgreementBody>;

export const ContactBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  role: Type.String({ maxLength: 120 }),
  email: Nullable(Email),
  phone: Phone,
});
export type ContactBody = Static<typeof ContactBody>;

export const UpdateContactBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
  role: Type.Optional(Type.String({ maxLength: 120 })),
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Phone),
});
export type UpdateContactBody = Static<typeof UpdateContactBody>;

export const MandateBody = Strict({
  personId: Uuid,
  organisationId: Uuid,
  startOn: DateOnly,
  endOn: Type.Optional(Nullable(DateOnly)),
  expertise: Type.Array(ExpertiseSchema, { maxItems: EXPERTISE.length }),
  languages: Type.Array(Language, { maxItems: 10 }),
  prerequisiteCompletedOn: Type.Optional(Nullable(DateOnly)),
});
export type MandateBody = Static<typeof MandateBody>;

export const UpdateMandateBody = Strict({
  endOn: Type.Optional(Nullable(DateOnly)),
  expertise: Type.Optional(Type.Array(ExpertiseSchema, { maxItems: EXPERTISE.length })),
  languages: Type.Optional(Type.Array(Language, { maxItems: 10 })),
  prerequisiteCompletedOn: Type.Optional(Nullable(DateOnly)),
});
export type UpdateMandateBody = Static<typeof UpdateMandateBody>;

export const EndMandateBody = Strict({ endOn: DateOnly });
export type EndMandateBody = Static<typeof EndMandateBody>;

export const ReplaceBody = Strict({
  successorPersonId: Uuid,
  endDate: DateOnly,
  handover: Type.Boolean(),
});
export type ReplaceBody = Static<typeof ReplaceBody>;

export const AbsenceBody = Strict({
  fromOn: DateOnly,
  toOn: DateOnly,
  reason: literals(ABSENCE_REASONS),
});
export type AbsenceBody = Static<typeof AbsenceBody>;

// ---------------------------------------------------------------- responses

export const PersonRef = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Nullable(Type.String())),
});
export type PersonRef = Static<typeof PersonRef>;

export const Contact = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  email: Type.Optional(Nullable(Type.String())),
  phone: Type.Optional(Nullable(Type.String())),
});
export type Contact = Static<typeof Contact>;

export const Absence = Type.Object({
  id: Type.String(),
  fromOn: Type.String(),
  toOn: Type.String(),
  reason: Type.String(),
});
export type Absence = Static<typeof Absence>;

export const Mandate = Type.Object({
  id: Type.String(),
  person: PersonRef,
  startOn: Type.String(),
  endOn: Nullable(Type.String()),
  status: Type.String(),
  endingSoon: Type.Boolean(),
  expertise: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  prerequisiteCompletedOn: Nullable(Type.String()),
  trained: Type.Boolean(),
  absentUntil: Nullable(Type.String()),
  absences: Type.Array(Absence),
  successorMandateId: Nullable(Type.String()),
});
export type Mandate = Static<typeof Mandate>;

export const Warning = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  openedAt: Type.String(),
});
export type Warning = Static<typeof Warning>;

export const OrganisationNetwork = Type.Object({
  organisation: Type.Object({
    id: Type.String(),
    name: Type.String(),
    shortName: Nullable(Type.String()),
    type: Type.String(),
    region: Type.String(),
    active: Type.Boolean(),
  }),
  contributions: Type.Object({ mandates: Type.Array(Type.String()), functions: Type.Array(Type.String()) }),
  coverage: Type.Object({
    active: Type.Integer(),
    trained: Type.Integer(),
    target: Nullable(Type.Integer()),
  }),
  agreement: Nullable(
    Type.Object({
      signedOn: Type.String(),
      signatories: Type.String(),
      releasedPerson: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
      commitment: Type.String(),
      renewalOn: Nullable(Type.String()),
      document: Nullable(Type.Object({ filename: Type.String(), sizeBytes: Type.Integer() })),
    }),
  ),
  contacts: Type.Array(Contact),
  pivots: Type.Array(Mandate),
  warnings: Type.Array(Warning),
  today: Type.String(),
  permissions: Type.Object({
    edit: Type.Boolean(),
    managePivots: Type.Boolean(),
    seeContacts: Type.Boolean(),
  }),
});
export type OrganisationNetwork = Static<typeof OrganisationNetwork>;

export const OpenWork = Type.Object({
  items: Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() })),
});
export type OpenWork = Static<typeof OpenWork>;

export const ReplaceResult = Type.Object({
  successorMandateId: Type.String(),
  handedOver: Type.Record(Type.String(), Type.Integer()),
});
export type ReplaceResult = Static<typeof ReplaceResult>;

export const CoverageMatrix = Type.Object({
  mandates: Type.Array(Type.String()),
  functions: Type.Array(Type.String()),
  organisations: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      type: Type.String(),
      mandates: Type.Array(Type.String()),
      functions: Type.Array(Type.String()),
      activePivots: Type.Integer(),
      trainedPivots: Type.Integer(),
      target: Nullable(Type.Integer()),
    }),
  ),
  holes: Type.Object({
    uncoveredMandates: Type.Array(Type.String()),
    uncoveredFunctions: Type.Array(Type.String()),
    organisationsCoveringNothing: Type.Array(Type.String()),
  }),
});
export type CoverageMatrix = Static<typeof CoverageMatrix>;

export const Directory = Type.Object({
  organisations: Type.Object({
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        shortName: Nullable(Type.String()),
        type: Type.String(),
        region: Type.String(),
        activePivots: Type.Integer(),
        contacts: Type.Array(Contact),
      }),
    ),
  }),
  pivots: Type.Object({
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        mandateId: Type.String(),
        person: PersonRef,
        organisation: Type.Object({ id: Type.String(), name: Type.String() }),
        expertise: Type.Array(Type.String()),
        languages: Type.Array(Type.String()),
        endOn: Nullable(Type.String()),
        absentUntil: Nullable(Type.String()),
        organisationContacts: Type.Array(Contact),
      }),
    ),
  }),
  regions: Type.Array(Type.String()),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type Directory = Static<typeof Directory>;

export const IdResponse = Type.Object({ id: Type.String() });
export type IdResponse = Static<typeof IdResponse>;
