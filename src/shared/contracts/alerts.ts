/**
 * The contract of runaway alerts and youth-centre profiles: request and response schemas, the types
 * derived from them, and (from `alerts.values.ts`) the allowed values; shared by server and web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  ALERT_KINDS,
  ALERT_STATUSES,
  ARCHIVE_REASONS,
  LEGAL_BASES,
  OUTCOMES,
  PLACE_TYPES,
  PROFILE_RETENTION,
  PROFILE_STATUSES,
  VIEWS,
} from './alerts.values.js';
import { IsoDateTime, literals, Nullable, Purpose, Strict, Uuid } from './common.js';

export * from './alerts.values.js';

export const LegalBasisSchema = literals(LEGAL_BASES);
export const AlertKindSchema = literals(ALERT_KINDS);
export const AlertStatusSchema = literals(ALERT_STATUSES);
export const OutcomeSchema = literals(OUTCOMES);
export const PlaceTypeSchema = literals(PLACE_TYPES);
export const ViewSchema = literals(VIEWS);
export const ArchiveReasonSchema = literals(ARCHIVE_REASONS);
export const ProfileStatusSchema = literals(PROFILE_STATUSES);

const Short = Type.String({ maxLength: 200 });
const Text = Type.String({ maxLength: 4000 });
const ShortList = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 30 });

/** Why a restricted record is read, kept in the audit entry: at least three characters that are not spaces. */
export { Purpose };
export const PurposeQuery = Type.Object({ purpose: Purpose }, { additionalProperties: false });
export type PurposeQuery = Static<typeof PurposeQuery>;

// ---------------------------------------------------------------- profiles

/** The personal fields of a profile; every one is encrypted at rest. */
export const ProfileFields = {
  givenName: Type.String({ minLength: 1, maxLength: 120 }),
  familyName: Type.Optional(Type.String({ maxLength: 120 })),
  usualNames: Type.Optional(ShortList),
  dateOfBirth: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  description: Type.Optional(Text),
  phones: Type.Optional(ShortList),
  socialHandles: Type.Optional(ShortList),
  associates: Type.Optional(Text),
  places: Type.Optional(Text),
  pastEpisodes: Type.Optional(Text),
  medicalNeeds: Type.Optional(Text),
  exploitationRisks: Type.Optional(Text),
  sharingBasis: Type.Optional(Text),
};

export const ProfileBody = Strict({ ...ProfileFields, unit: Type.String({ minLength: 1, maxLength: 120 }) });
export type ProfileBody = Static<typeof ProfileBody>;
export const ProfileUpdateBody = Strict({
  ...ProfileFields,
  givenName: Type.Optional(ProfileFields.givenName),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  /** Marks the profile reviewed now (the 90-day review). */
  reviewed: Type.Optional(Type.Boolean()),
});
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

/** A photo sent as base64 (JPEG, PNG or WebP, by content; at most 2 MiB). */
export const PhotoBody = Strict({ contentBase64: Type.String({ minLength: 1, maxLength: 3_000_000 }) });
export type PhotoBody = Static<typeof PhotoBody>;

export const ProfileContent = Type.Object({
  givenName: Type.String(),
  familyName: Type.String(),
  usualNames: Type.Array(Type.String()),
  dateOfBirth: Nullable(Type.String()),
  description: Type.String(),
  phones: Type.Array(Type.String()),
  socialHandles: Type.Array(Type.String()),
  associates: Type.String(),
  places: Type.String(),
  pastEpisodes: Type.String(),
  medicalNeeds: Type.String(),
  exploitationRisks: Type.String(),
  sharingBasis: Type.String(),
});
export type ProfileContent = Static<typeof ProfileContent>;

export const ProfileSummary = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  unit: Type.String(),
  hasPhoto: Type.Boolean(),
  episodeCount: Type.Integer(),
  reviewedAt: IsoDateTime,
  reviewDue: Type.Boolean(),
  openAlertId: Nullable(Uuid),
  archivedAt: Nullable(IsoDateTime),
  archiveReason: Nullable(ArchiveReasonSchema),
  /** When the retention job will destroy the archived profile (under the current period). */
  destroyAfter: Nullable(IsoDateTime),
});
export type ProfileSummary = Static<typeof ProfileSummary>;
export const ProfileList = Type.Object({ items: Type.Array(ProfileSummary) });
export type ProfileList = Static<typeof ProfileList>;
/** The active profiles (default) or the archived ones. */
export const ProfileListQuery = Type.Object(
  { status: Type.Optional(ProfileStatusSchema) },
  { additionalProperties: false },
);
export type ProfileListQuery = Static<typeof ProfileListQuery>;

export const ProfileDetail = Type.Intersect([
  ProfileSummary,
  Type.Object({
    content: ProfileContent,
    organisationId: Uuid,
    archiveReasonDetail: Nullable(Type.String()),
    canEdit: Type.Boolean(),
    can: Type.Object({
      edit: Type.Boolean(),
      archive: Type.Boolean(),
      restore: Type.Boolean(),
      destroy: Type.Boolean(),
    }),
  }),
]);
export type ProfileDetail = Static<typeof ProfileDetail>;

/** Archiving: a reason from the list; "other" needs its explanation in `reasonDetail` (sealed at rest). */
export const ArchiveBody = Strict({
  reason: ArchiveReasonSchema,
  reasonDetail: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type ArchiveBody = Static<typeof ArchiveBody>;

/** Destroying an archived profile at once: a written justification (at least 10 characters, not kept). */
export const DestroyBody = Strict({ justification: Type.String({ maxLength: 2000 }) });
export type DestroyBody = Static<typeof DestroyBody>;

export const Created = Type.Object({ id: Uuid });
export type Created = Static<typeof Created>;

// ---------------------------------------------------------------- alerts

/**
 * Raising an alert. From a profile (`profileId`) or, in an emergency, from a few fields (`subject`).
 * Recipients: the police service (always for a runaway; defaults to the region's police service),
 * the pivots of selected partner organisations (`organisationIds`) and of whole regions (`regions`).
 */
export const RaiseAlertBody = Strict({
  kind: AlertKindSchema,
  profileId: Type.Optional(Uuid),
  subject: Type.Optional(
    Strict({
      givenName: Type.String({ minLength: 1, maxLength: 120 }),
      familyName: Type.Optional(Type.String({ maxLength: 120 })),
      description: Type.Optional(Text),
    }),
  ),
  lastSeenAt: IsoDateTime,
  lastSeenPlace: Type.Optional(Short),
  clothing: Type.Optional(Short),
  circumstances: Type.Optional(Text),
  immediateRisks: Type.Optional(Text),
  policeOrganisationId: Type.Optional(Uuid),
  organisationIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  regions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 10 })),
  legalBasis: LegalBasisSchema,
  withoutConsent: Type.Optional(Type.Boolean()),
  justification: Type.Optional(Type.String({ maxLength: 4000 })),
});
export type RaiseAlertBody = Static<typeof RaiseAlertBody>;

export const RaisedAlert = Type.Object({ id: Uuid, recipients: Type.Integer() });
export type RaisedAlert = Static<typeof RaisedAlert>;

export const AlertListQuery = Type.Object(
  { status: Type.Optional(AlertStatusSchema) },
  { additionalProperties: false },
);
export type AlertListQuery = Static<typeof AlertListQuery>;

export const AlertSummary = Type.Object({
  id: Uuid,
  kind: AlertKindSchema,
  status: AlertStatusSchema,
  raisedAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  ownerOrganisationName: Type.String(),
  acknowledged: Type.Boolean(),
  escalated: Type.Boolean(),
});
export type AlertSummary = Static<typeof AlertSummary>;
export const AlertList = Type.Object({ items: Type.Array(AlertSummary) });
export type AlertList = Static<typeof AlertList>;

export const AlertRecipient = Type.Object({
  organisationId: Uuid,
  organisationName: Type.String(),
  view: ViewSchema,
  acknowledgedAt: Nullable(IsoDateTime),
});
export type AlertRecipient = Static<typeof AlertRecipient>;

export const TimelineEntry = Type.Object({
  id: Uuid,
  kind: Type.String(),
  organisationName: Nullable(Type.String()),
  body: Nullable(Type.String()),
  at: IsoDateTime,
});
export type TimelineEntry = Static<typeof TimelineEntry>;

/** The shared content; fields outside the reader's view are absent. Null once the alert is closed. */
export const AlertContent = Type.Object({
  givenName: Type.Optional(Type.String()),
  familyName: Type.Optional(Type.String()),
  usualNames: Type.Optional(Type.Array(Type.String())),
  dateOfBirth: Type.Optional(Nullable(Type.String())),
  description: Type.Optional(Type.String()),
  phones: Type.Optional(Type.Array(Type.String())),
  socialHandles: Type.Optional(Type.Array(Type.String())),
  associates: Type.Optional(Type.String()),
  places: Type.Optional(Type.String()),
  pastEpisodes: Type.Optional(Type.String()),
  medicalNeeds: Type.Optional(Type.String()),
  exploitationRisks: Type.Optional(Type.String()),
  lastSeenPlace: Type.Optional(Type.String()),
  clothing: Type.Optional(Type.String()),
  circumstances: Type.Optional(Type.String()),
  immediateRisks: Type.Optional(Type.String()),
  hasPhoto: Type.Boolean(),
});
export type AlertContent = Static<typeof AlertContent>;

export const AlertDetail = Type.Object({
  id: Uuid,
  kind: AlertKindSchema,
  status: AlertStatusSchema,
  view: ViewSchema,
  raisedAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  ownerOrganisationId: Uuid,
  ownerOrganisationName: Type.String(),
  profileId: Nullable(Uuid),
  legalBasis: LegalBasisSchema,
  withoutConsent: Type.Boolean(),
  escalatedAt: Nullable(IsoDateTime),
  closedAt: Nullable(IsoDateTime),
  outcome: Nullable(OutcomeSchema),
  placeType: Nullable(PlaceTypeSchema),
  minutesMissing: Nullable(Type.Integer()),
  content: Nullable(AlertContent),
  recipients: Type.Array(AlertRecipient),
  timeline: Type.Array(TimelineEntry),
  returnInterview: Nullable(
    Type.Object({
      dueAt: IsoDateTime,
      status: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('refused')]),
      doneAt: Nullable(IsoDateTime),
      exploitationRisksScreened: Nullable(Type.Boolean()),
      outcome: Nullable(Type.String()),
    }),
  ),
  can: Type.Object({
    acknowledge: Type.Boolean(),
    addEntry: Type.Boolean(),
    close: Type.Boolean(),
    recordInterview: Type.Boolean(),
  }),
});
export type AlertDetail = Static<typeof AlertDetail>;

export const TimelineBody = Strict({
  kind: Type.Union([Type.Literal('sighting'), Type.Literal('update')]),
  body: Type.String({ minLength: 1, maxLength: 4000 }),
});
export type TimelineBody = Static<typeof TimelineBody>;

export const CloseBody = Strict({
  outcome: OutcomeSchema,
  placeType: PlaceTypeSchema,
  foundAt: IsoDateTime,
});
export type CloseBody = Static<typeof CloseBody>;

export const InterviewBody = Strict({
  status: Type.Union([Type.Literal('done'), Type.Literal('refused')]),
  exploitationRisksScreened: Type.Optional(Type.Boolean()),
  outcome: Type.Optional(Type.String({ maxLength: 4000 })),
});
export type InterviewBody = Static<typeof InterviewBody>;

// ---------------------------------------------------------------- settings, register, figures

export const Settings = Type.Object({
  ackDelayMinutes: Type.Integer(),
  purgeAfterDays: Type.Integer(),
  profileRetentionDays: Type.Integer(),
  canEdit: Type.Boolean(),
});
export type Settings = Static<typeof Settings>;
export const SettingsBody = Strict({
  ackDelayMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
  purgeAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  profileRetentionDays: Type.Optional(
    Type.Integer({ minimum: PROFILE_RETENTION.min, maximum: PROFILE_RETENTION.max }),
  ),
});
export type SettingsBody = Static<typeof SettingsBody>;

export const Disclosure = Type.Object({
  id: Uuid,
  alertId: Nullable(Uuid),
  disclosedAt: IsoDateTime,
  disclosedByName: Type.String(),
  fromOrganisationName: Type.String(),
  toOrganisationName: Type.String(),
  view: ViewSchema,
  fields: Type.Array(Type.String()),
  legalBasis: LegalBasisSchema,
  withoutConsent: Type.Boolean(),
  justification: Nullable(Type.String()),
  flagged: Type.Boolean(),
  reviewedAt: Nullable(IsoDateTime),
});
export type Disclosure = Static<typeof Disclosure>;
export const DisclosureQuery = Type.Object(
  { flagged: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type DisclosureQuery = Static<typeof DisclosureQuery>;
export const DisclosureList = Type.Object({ items: Type.Array(Disclosure) });
export type DisclosureList = Static<typeof DisclosureList>;

export const Figures = Type.Object({
  months: Type.Array(Type.Object({ month: Type.String(), alerts: Type.Integer() })),
  closedAlerts: Type.Integer(),
  medianMinutesToPoliceAck: Nullable(Type.Number()),
  medianMinutesMissing: Nullable(Type.Number()),
  interviewsWithin72hShare: Nullable(Type.Number()),
});
export type Figures = Static<typeof Figures>;

export const PartnerOption = Type.Object({
  id: Uuid,
  name: Type.String(),
  type: Type.String(),
  region: Type.String(),
});
export type PartnerOption = Static<typeof PartnerOption>;
export const PartnerList = Type.Object({
  organisations: Type.Array(PartnerOption),
  regions: Type.Array(Type.String()),
});
export type PartnerList = Static<typeof PartnerList>;
