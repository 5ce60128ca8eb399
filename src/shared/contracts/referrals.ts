/**
 * The contract of closed-loop referrals (resources module): the people a partner follows, their
 * consents, referrals to the directory's services and what came of them, the trajectory of a person,
 * the register of disclosures and the table's figures. Shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { DateOnly, Email, IsoDateTime, literals, Nullable, Phone, Purpose, Strict, Uuid } from './common.js';
import {
  CONSENT_GIVERS,
  DECLINE_REASONS,
  DISCLOSABLE_FIELDS,
  REFERRAL_LEGAL_BASES,
  REFERRAL_OUTCOMES,
  REFERRAL_STATUSES,
  RESOURCE_GENDERS,
  RESOURCE_TAXONOMY,
  SAFE_CHANNELS,
  SUBJECT_KINDS,
} from './resources.values.js';

const MAX_INT4 = 2_147_483_647;
const Version = Type.Integer({ minimum: 1, maximum: MAX_INT4 });
/** A short free text that must say something (not only spaces). */
const Said = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const SubjectKindSchema = literals(SUBJECT_KINDS);
export const ConsentGiverSchema = literals(CONSENT_GIVERS);
export const SafeChannelSchema = literals(SAFE_CHANNELS);
export const DisclosableFieldSchema = literals(DISCLOSABLE_FIELDS);
export const ReferralStatusSchema = literals(REFERRAL_STATUSES);
export const ReferralOutcomeSchema = literals(REFERRAL_OUTCOMES);
export const DeclineReasonSchema = literals(DECLINE_REASONS);
export const ReferralLegalBasisSchema = literals(REFERRAL_LEGAL_BASES);
const Gender = literals(RESOURCE_GENDERS);
const Taxonomy = literals(RESOURCE_TAXONOMY);

// ------------------------------------------------------------------------------------------------
// People followed (subjects of referrals): kept by the sender's organisation only

/**
 * A young person or a parent the organisation follows. The identity and contact details are sealed;
 * `birthDate` is required for a young person (it decides whether they may consent alone).
 */
export const SubjectInput = Strict({
  kind: SubjectKindSchema,
  givenName: Said(100),
  familyName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  preferredName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  birthDate: Type.Optional(Nullable(DateOnly)),
  gender: Type.Optional(Nullable(Gender)),
  languages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 10 })),
  /** Never contact the person directly: the service goes through the sender. */
  doNotContact: Type.Optional(Type.Boolean()),
  /** Channels that are safe to use (an exploiter may read the young person's phone). */
  safeChannels: Type.Optional(Type.Array(SafeChannelSchema, { maxItems: SAFE_CHANNELS.length })),
  phone: Type.Optional(Phone),
  email: Type.Optional(Nullable(Type.Union([Email, Type.Literal('')]))),
  /** What must never be used, the safe times… (sealed). */
  contactNote: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
});
export type SubjectInput = Static<typeof SubjectInput>;

export const SubjectUpdate = Type.Composite(
  [Type.Partial(Type.Omit(SubjectInput, ['kind'])), Type.Object({ version: Version })],
  { additionalProperties: false },
);
export type SubjectUpdate = Static<typeof SubjectUpdate>;

export const SubjectListQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  kind: Type.Optional(SubjectKindSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type SubjectListQuery = Static<typeof SubjectListQuery>;

export const SubjectSummary = Type.Object({
  id: Uuid,
  kind: SubjectKindSchema,
  /** The name the organisation uses (preferred name first). */
  displayName: Type.String(),
  age: Nullable(Type.Integer()),
  openReferrals: Type.Integer(),
  lastReferralAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
});
export type SubjectSummary = Static<typeof SubjectSummary>;

export const SubjectList = Type.Object({ items: Type.Array(SubjectSummary), total: Type.Integer() });
export type SubjectList = Static<typeof SubjectList>;

export const ReferralConsent = Type.Object({
  id: Uuid,
  forOrganisationId: Uuid,
  forOrganisationName: Type.String(),
  givenBy: ConsentGiverSchema,
  givenOn: DateOnly,
  expiresOn: DateOnly,
  /** `active`, or why it no longer allows a share. */
  state: literals(['active', 'expired', 'revoked'] as const),
  flagged: Type.Boolean(),
  revokedAt: Nullable(IsoDateTime),
  recordedByName: Type.String(),
});
export type ReferralConsent = Static<typeof ReferralConsent>;
/** Everything the following organisation knows of the person (read with a purpose, audited). */
export const SubjectDetail = Type.Object({
  id: Uuid,
  kind: SubjectKindSchema,
  givenName: Type.String(),
  familyName: Nullable(Type.String()),
  preferredName: Nullable(Type.String()),
  birthDate: Nullable(DateOnly),
  age: Nullable(Type.Integer()),
  gender: Nullable(Gender),
  languages: Type.Array(Type.String()),
  doNotContact: Type.Boolean(),
  safeChannels: Type.Array(SafeChannelSchema),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  contactNote: Nullable(Type.String()),
  consents: Type.Array(ReferralConsent),
  version: Type.Integer(),
});

// ------------------------------------------------------------------------------------------------
// Consents

/**
 * A consent to share with one partner organisation: the one that keeps the service and receives the
 * referral (`forOrganisationId`, a partner's id). `youth`: the young person, from 14;
 * `parent`: a parent or guardian (for a parent subject, the parent themselves); `override`: an
 * organisation coordinator decides without consent, with a justification of at least 10 characters,
 * flagged for the privacy officer. `expiresOn` defaults to 90 days and may not pass a year.
 */
export const ConsentInput = Strict({
  forOrganisationId: Uuid,
  givenBy: ConsentGiverSchema,
  givenOn: Type.Optional(DateOnly),
  expiresOn: Type.Optional(DateOnly),
  justification: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type ConsentInput = Static<typeof ConsentInput>;

export type SubjectDetail = Static<typeof SubjectDetail>;

// ------------------------------------------------------------------------------------------------
// Referrals

/**
 * Sending a referral through Filet: the consent first (an existing one for the service's organisation,
 * or a new one given inline), then the disclosure profile — only the fields the receiving service
 * needs. A service in another region than the sender's asks for a reason.
 */
export const ReferralInput = Strict({
  subjectId: Uuid,
  serviceId: Uuid,
  consentId: Type.Optional(Uuid),
  consent: Type.Optional(Type.Omit(ConsentInput, ['forOrganisationId'], { additionalProperties: false })),
  disclosedFields: Type.Array(DisclosableFieldSchema, { minItems: 1, maxItems: DISCLOSABLE_FIELDS.length }),
  /** What the service needs to know of the situation (disclosed when `situation` is chosen). */
  situation: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  /** What the person needs from the service (`needs`). */
  needs: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  /** Risks the service must know to keep the person and its staff safe (`risks`). */
  risks: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  outOfRegionReason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});
export type ReferralInput = Static<typeof ReferralInput>;

/**
 * Recording a referral made off the platform (by phone, to a service not on Filet): to a service of
 * the directory or to one named here; nothing is disclosed through Filet.
 */
export const LoggedReferralInput = Strict({
  subjectId: Uuid,
  serviceId: Type.Optional(Uuid),
  serviceName: Type.Optional(Said(200)),
  sentOn: Type.Optional(DateOnly),
  status: Type.Optional(ReferralStatusSchema),
  outcome: Type.Optional(Nullable(ReferralOutcomeSchema)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
export type LoggedReferralInput = Static<typeof LoggedReferralInput>;

export const ReferralListQuery = Strict({
  /** `sent`: made by the actor's organisation; `received`: to it. */
  side: literals(['sent', 'received'] as const),
  status: Type.Optional(Type.Array(ReferralStatusSchema, { maxItems: REFERRAL_STATUSES.length })),
  /** Only the referrals whose answer is past due. */
  overdue: Type.Optional(Type.Boolean()),
  /** Only open referrals (not declined, completed or cancelled). */
  open: Type.Optional(Type.Boolean()),
  /** Sent side: only the referrals the reader is in charge of. */
  mine: Type.Optional(Type.Boolean()),
  subjectId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type ReferralListQuery = Static<typeof ReferralListQuery>;

export const ReferralSummary = Type.Object({
  id: Uuid,
  logged: Type.Boolean(),
  serviceId: Nullable(Uuid),
  serviceName: Type.String(),
  taxonomy: Type.Array(Taxonomy),
  senderOrganisationName: Type.String(),
  receivingOrganisationName: Nullable(Type.String()),
  /** Sender side: the person's name; receiving side: the disclosed name, or a neutral label. */
  subjectLabel: Type.String(),
  subjectKind: SubjectKindSchema,
  status: ReferralStatusSchema,
  outcome: Nullable(ReferralOutcomeSchema),
  sentAt: IsoDateTime,
  dueAt: Nullable(IsoDateTime),
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  version: Type.Integer(),
});
export type ReferralSummary = Static<typeof ReferralSummary>;

export const ReferralList = Type.Object({ items: Type.Array(ReferralSummary), total: Type.Integer() });
export type ReferralList = Static<typeof ReferralList>;

/** What the receiving service was told (only the fields of the disclosure profile). */
export const DisclosedDetails = Type.Object({
  name: Type.Optional(Type.String()),
  age: Type.Optional(Nullable(Type.Integer())),
  gender: Type.Optional(Nullable(Gender)),
  languages: Type.Optional(Type.Array(Type.String())),
  contact: Type.Optional(
    Type.Object({
      doNotContact: Type.Boolean(),
      safeChannels: Type.Array(SafeChannelSchema),
      phone: Nullable(Type.String()),
      email: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
  situation: Type.Optional(Nullable(Type.String())),
  needs: Type.Optional(Nullable(Type.String())),
  risks: Type.Optional(Nullable(Type.String())),
});
export type DisclosedDetails = Static<typeof DisclosedDetails>;

export const ReferralEvent = Type.Object({
  at: IsoDateTime,
  kind: literals([
    'sent',
    'logged',
    'status',
    'outcome',
    'note',
    'escalated',
    'handover',
    'consent_revoked',
    'consent_expired',
  ] as const),
  actorName: Nullable(Type.String()),
  actorOrganisationName: Nullable(Type.String()),
  fromStatus: Nullable(ReferralStatusSchema),
  toStatus: Nullable(ReferralStatusSchema),
  outcome: Nullable(ReferralOutcomeSchema),
  note: Nullable(Type.String()),
});
export type ReferralEvent = Static<typeof ReferralEvent>;

export const ReferralDetail = Type.Object({
  ...ReferralSummary.properties,
  /** `sender`, `receiver`: which side the reader is on (decides the actions offered). */
  side: literals(['sender', 'receiver'] as const),
  subjectId: Nullable(Uuid),
  senderPersonName: Nullable(Type.String()),
  disclosedFields: Type.Array(DisclosableFieldSchema),
  /** The disclosed details while the referral is open and its consent holds; null afterwards. */
  disclosed: Nullable(DisclosedDetails),
  legalBasis: Nullable(ReferralLegalBasisSchema),
  consentExpiresOn: Nullable(DateOnly),
  declineReason: Nullable(DeclineReasonSchema),
  outOfRegionReason: Nullable(Type.String()),
  answeredAt: Nullable(IsoDateTime),
  firstContactOn: Nullable(DateOnly),
  closedAt: Nullable(IsoDateTime),
  events: Type.Array(ReferralEvent),
  /** The moves the reader may make now. */
  allowedStatuses: Type.Array(ReferralStatusSchema),
  mayRecordOutcome: Type.Boolean(),
  /** The reader may add a note (the service: while open and while the consent holds). */
  mayAddNote: Type.Boolean(),
});
export type ReferralDetail = Static<typeof ReferralDetail>;

export const ReferralReadQuery = Strict({ purpose: Purpose });
export type ReferralReadQuery = Static<typeof ReferralReadQuery>;

/**
 * A move in the workflow. The receiving service: received, accepted, declined (with a reason),
 * waitlisted, in progress, completed (with an outcome); the sender: cancelled. A logged referral's
 * sender records every move.
 */
export const StatusChange = Strict({
  to: ReferralStatusSchema,
  version: Version,
  declineReason: Type.Optional(DeclineReasonSchema),
  outcome: Type.Optional(ReferralOutcomeSchema),
  firstContactOn: Type.Optional(DateOnly),
  note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
export type StatusChange = Static<typeof StatusChange>;

export const OutcomeChange = Strict({
  outcome: ReferralOutcomeSchema,
  version: Version,
  note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
export type OutcomeChange = Static<typeof OutcomeChange>;

export const NoteInput = Strict({ note: Said(2000) });
export type NoteInput = Static<typeof NoteInput>;

// ------------------------------------------------------------------------------------------------
// Trajectory of a person: referrals, outcomes and gaps in one timeline

export const TrajectoryEntry = Type.Object({
  referralId: Uuid,
  serviceName: Type.String(),
  taxonomy: Type.Array(Taxonomy),
  logged: Type.Boolean(),
  senderOrganisationName: Type.String(),
  receivingOrganisationName: Nullable(Type.String()),
  status: ReferralStatusSchema,
  outcome: Nullable(ReferralOutcomeSchema),
  sentAt: IsoDateTime,
  answeredAt: Nullable(IsoDateTime),
  closedAt: Nullable(IsoDateTime),
  overdue: Type.Boolean(),
  /** Days without any open referral before this one (a gap in the trajectory), when there was one. */
  gapDaysBefore: Nullable(Type.Integer()),
});
export type TrajectoryEntry = Static<typeof TrajectoryEntry>;

export const Trajectory = Type.Object({
  subjectId: Uuid,
  subjectKind: SubjectKindSchema,
  /** The name the reader may see: all of it for the following organisation, the disclosed one otherwise. */
  subjectLabel: Type.String(),
  side: literals(['follower', 'service'] as const),
  entries: Type.Array(TrajectoryEntry),
});
export type Trajectory = Static<typeof Trajectory>;

// ------------------------------------------------------------------------------------------------
// Register of disclosures (privacy officers)

export const ReferralDisclosureQuery = Strict({
  flagged: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export type ReferralDisclosureQuery = Static<typeof ReferralDisclosureQuery>;

export const ReferralDisclosure = Type.Object({
  id: Uuid,
  referralId: Nullable(Uuid),
  consentId: Nullable(Uuid),
  disclosedAt: IsoDateTime,
  disclosedByName: Type.String(),
  fromOrganisationName: Type.String(),
  toOrganisationName: Type.String(),
  fields: Type.Array(DisclosableFieldSchema),
  legalBasis: ReferralLegalBasisSchema,
  flagged: Type.Boolean(),
  /** The override's justification, for the privacy officer of the sender's organisation. */
  justification: Nullable(Type.String()),
  reviewedAt: Nullable(IsoDateTime),
  /** The reader may mark it reviewed (a flagged share of their own organisation not yet reviewed). */
  mayReview: Type.Boolean(),
});
export type ReferralDisclosure = Static<typeof ReferralDisclosure>;

export const ReferralDisclosureList = Type.Object({
  items: Type.Array(ReferralDisclosure),
  total: Type.Integer(),
});
export type ReferralDisclosureList = Static<typeof ReferralDisclosureList>;

// ------------------------------------------------------------------------------------------------
// Figures for the table (de-identified; counts under the small-cell threshold are suppressed)

export const ReferralFiguresQuery = Strict({
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
});
export type ReferralFiguresQuery = Static<typeof ReferralFiguresQuery>;

/** A count rounded to the nearest 5, or null when it is under 5 (shown as "fewer than 5"). */
const Cell = Nullable(Type.Integer());

export const ReferralFigures = Type.Object({
  from: DateOnly,
  to: DateOnly,
  smallCell: Type.Integer(),
  total: Cell,
  /** Over the whole span, per kind of service (complementary suppression applied). */
  byTaxonomy: Type.Array(Type.Object({ taxonomy: Taxonomy, referrals: Cell })),
  byMonth: Type.Array(Type.Object({ month: Type.String(), taxonomy: Taxonomy, referrals: Cell })),
  /** Share of referrals sent through Filet that were answered by their due time (0–1), when enough. */
  answeredOnTime: Nullable(Type.Number()),
  outcomes: Type.Array(Type.Object({ outcome: ReferralOutcomeSchema, referrals: Cell })),
  withoutCapacity: Type.Array(Type.Object({ serviceName: Type.String(), referrals: Type.Integer() })),
  /** Median days from sending to the service's first contact, when enough referrals recorded it. */
  medianDaysToFirstContact: Nullable(Type.Number()),
});
export type ReferralFigures = Static<typeof ReferralFigures>;

// ------------------------------------------------------------------------------------------------
// What waits for the reader (home page): counts only, nothing about anyone

export const ReferralCounts = Type.Object({
  /** Referrals to the reader's organisation still waiting for a first answer. */
  receivedWaiting: Type.Integer(),
  /** Of those, the ones past their due time. */
  receivedOverdue: Type.Integer(),
  /** Referrals the reader is in charge of, still unanswered past their due time. */
  sentOverdue: Type.Integer(),
  /** Referrals the reader is in charge of that are still open. */
  sentOpen: Type.Integer(),
});
export type ReferralCounts = Static<typeof ReferralCounts>;
