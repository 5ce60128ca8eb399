import { Type } from '@sinclair/typebox';
import { IsoDateTime, Nullable, Strict, Uuid } from '../../platform/http/schemas.js';
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
} from './alerts.rules.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

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
export const Purpose = Type.String({ minLength: 3, maxLength: 300 });
export const PurposeQuery = Type.Object({ purpose: Purpose }, { additionalProperties: false });

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
export const ProfileUpdateBody = Strict({
  ...ProfileFields,
  givenName: Type.Optional(ProfileFields.givenName),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  /** Marks the profile reviewed now (the 90-day review). */
  reviewed: Type.Optional(Type.Boolean()),
});

/** A photo sent as base64 (JPEG, PNG or WebP, by content; at most 2 MiB). */
export const PhotoBody = Strict({ contentBase64: Type.String({ minLength: 1, maxLength: 3_000_000 }) });

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
export const ProfileList = Type.Object({ items: Type.Array(ProfileSummary) });
/** The active profiles (default) or the archived ones. */
export const ProfileListQuery = Type.Object(
  { status: Type.Optional(ProfileStatusSchema) },
  { additionalProperties: false },
);

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

/** Archiving: a reason from the list; "other" needs its explanation in `reasonDetail` (sealed at rest). */
export const ArchiveBody = Strict({
  reason: ArchiveReasonSchema,
  reasonDetail: Type.Optional(Type.String({ maxLength: 1000 })),
});

/** Destroying an archived profile at once: a written justification (at least 10 characters, not kept). */
export const DestroyBody = Strict({ justification: Type.String({ maxLength: 2000 }) });

export const Created = Type.Object({ id: Uuid });

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

export const RaisedAlert = Type.Object({ id: Uuid, recipients: Type.Integer() });

export const AlertListQuery = Type.Object(
  { status: Type.Optional(AlertStatusSchema) },
  { additionalProperties: false },
);

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
export const AlertList = Type.Object({ items: Type.Array(AlertSummary) });

export const AlertRecipient = Type.Object({
  organisationId: Uuid,
  organisationName: Type.String(),
  view: ViewSchema,
  acknowledgedAt: Nullable(IsoDateTime),
});

export const TimelineEntry = Type.Object({
  id: Uuid,
  kind: Type.String(),
  organisationName: Nullable(Type.String()),
  body: Nullable(Type.String()),
  at: IsoDateTime,
});

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

export const TimelineBody = Strict({
  kind: Type.Union([Type.Literal('sighting'), Type.Literal('update')]),
  body: Type.String({ minLength: 1, maxLength: 4000 }),
});

export const CloseBody = Strict({
  outcome: OutcomeSchema,
  placeType: PlaceTypeSchema,
  foundAt: IsoDateTime,
});

export const InterviewBody = Strict({
  status: Type.Union([Type.Literal('done'), Type.Literal('refused')]),
  exploitationRisksScreened: Type.Optional(Type.Boolean()),
  outcome: Type.Optional(Type.String({ maxLength: 4000 })),
});

// ---------------------------------------------------------------- settings, register, figures

export const Settings = Type.Object({
  ackDelayMinutes: Type.Integer(),
  purgeAfterDays: Type.Integer(),
  profileRetentionDays: Type.Integer(),
  canEdit: Type.Boolean(),
});
export const SettingsBody = Strict({
  ackDelayMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
  purgeAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  profileRetentionDays: Type.Optional(
    Type.Integer({ minimum: PROFILE_RETENTION.min, maximum: PROFILE_RETENTION.max }),
  ),
});

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
export const DisclosureQuery = Type.Object(
  { flagged: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const DisclosureList = Type.Object({ items: Type.Array(Disclosure) });

export const Figures = Type.Object({
  months: Type.Array(Type.Object({ month: Type.String(), alerts: Type.Integer() })),
  closedAlerts: Type.Integer(),
  medianMinutesToPoliceAck: Nullable(Type.Number()),
  medianMinutesMissing: Nullable(Type.Number()),
  interviewsWithin72hShare: Nullable(Type.Number()),
});

export const PartnerOption = Type.Object({
  id: Uuid,
  name: Type.String(),
  type: Type.String(),
  region: Type.String(),
});
export const PartnerList = Type.Object({
  organisations: Type.Array(PartnerOption),
  regions: Type.Array(Type.String()),
});
