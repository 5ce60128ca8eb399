/**
 * The contract of the tip line's staff side (phone intake, police triage, retention, units, the
 * receiving service): request and response schemas, the types derived from them, and (from
 * `tips.values.ts`) the allowed values; shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { IsoDateTime, literals, Nullable, Purpose, Strict, Uuid } from './common.js';
import { ANSWER_MAX, CHANNELS, DISPOSITIONS, PRIORITIES, STATUSES } from './tips.values.js';

export * from './tips.values.js';

export const ChannelSchema = literals(CHANNELS);
export const StatusSchema = literals(STATUSES);
export const PrioritySchema = literals(PRIORITIES);
export const DispositionSchema = literals(DISPOSITIONS);
/** Answers to the channel's own questions, by question key (checked against the channel by the service). */
export const Answers = Type.Record(
  Type.String({ minLength: 1, maxLength: 40 }),
  Type.String({ maxLength: ANSWER_MAX }),
  { maxProperties: 10 },
);
export type Answers = Static<typeof Answers>;

const Answer = Type.String({ maxLength: 2000 });

/** Why a restricted record is read, kept in the audit entry: at least three characters that are not spaces. */
export { Purpose };

export const PhoneTipBody = Strict({
  channel: ChannelSchema,
  facts: Type.String({ minLength: 1, maxLength: 8000 }),
  who: Type.Optional(Answer),
  where: Type.Optional(Answer),
  when: Type.Optional(Answer),
  how: Type.Optional(Answer),
  online: Type.Optional(Answer),
  answers: Type.Optional(Answers),
  contact: Type.Optional(Type.String({ maxLength: 500 })),
});
export type PhoneTipBody = Static<typeof PhoneTipBody>;

export const PhoneTipCreated = Type.Object({ id: Uuid, receipt: Type.String() });
export type PhoneTipCreated = Static<typeof PhoneTipCreated>;

export const QueueQuery = Type.Object(
  { status: Type.Optional(StatusSchema), channel: Type.Optional(ChannelSchema) },
  { additionalProperties: false },
);
export type QueueQuery = Static<typeof QueueQuery>;

export const TipFacts = Type.Object({
  id: Uuid,
  channel: ChannelSchema,
  source: Type.Union([Type.Literal('web'), Type.Literal('phone')]),
  status: StatusSchema,
  priority: PrioritySchema,
  category: ChannelSchema,
  unitId: Nullable(Uuid),
  receivedAt: IsoDateTime,
  expiresOn: Type.String({ format: 'date' }),
});
export type TipFacts = Static<typeof TipFacts>;

export const QueueItem = Type.Intersect([
  TipFacts,
  Type.Object({ overdue: Type.Boolean(), unreadAnswers: Type.Integer() }),
]);
export type QueueItem = Static<typeof QueueItem>;
export const QueueList = Type.Object({ items: Type.Array(QueueItem) });
export type QueueList = Static<typeof QueueList>;

export const AttachmentParams = Type.Object({ id: Uuid, fileId: Uuid }, { additionalProperties: false });
export type AttachmentParams = Static<typeof AttachmentParams>;

export const OpenQuery = Type.Object({ purpose: Purpose }, { additionalProperties: false });
export type OpenQuery = Static<typeof OpenQuery>;

export const TipDetail = Type.Intersect([
  TipFacts,
  Type.Object({
    hasIdentity: Type.Boolean(),
    attachments: Type.Array(Type.Object({ id: Uuid, mimeType: Type.String(), sizeBytes: Type.Integer() })),
    copiedUnitIds: Type.Array(Uuid),
    linkedTipIds: Type.Array(Uuid),
    content: Type.Object({
      facts: Type.String(),
      who: Type.Optional(Type.String()),
      where: Type.Optional(Type.String()),
      when: Type.Optional(Type.String()),
      how: Type.Optional(Type.String()),
      online: Type.Optional(Type.String()),
      answers: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
    notes: Type.Array(
      Type.Object({
        id: Uuid,
        authorName: Nullable(Type.String()),
        body: Type.String(),
        createdAt: IsoDateTime,
      }),
    ),
    disposition: Nullable(DispositionSchema),
    dispositionNote: Nullable(Type.String()),
    messages: Type.Array(
      Type.Object({
        id: Uuid,
        author: Type.Union([Type.Literal('police'), Type.Literal('tipster')]),
        body: Type.String(),
        createdAt: IsoDateTime,
      }),
    ),
    canTriage: Type.Boolean(),
  }),
]);
export type TipDetail = Static<typeof TipDetail>;

export const TriageBody = Strict({
  /** The status the triage was decided from (what the analyst saw): another one now gives 409. */
  fromStatus: Type.Optional(StatusSchema),
  status: Type.Optional(StatusSchema),
  priority: Type.Optional(PrioritySchema),
  category: Type.Optional(ChannelSchema),
  unitId: Type.Optional(Nullable(Uuid)),
  copiedUnitIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  disposition: Type.Optional(DispositionSchema),
  dispositionNote: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type TriageBody = Static<typeof TriageBody>;

export const NoteBody = Strict({ noteText: Type.String({ minLength: 1, maxLength: 4000 }) });
export type NoteBody = Static<typeof NoteBody>;

export const RetentionPeriod = Type.Object({
  channel: ChannelSchema,
  days: Type.Integer(),
  defaultDays: Type.Integer(),
  updatedAt: Nullable(IsoDateTime),
});
export type RetentionPeriod = Static<typeof RetentionPeriod>;
export const RetentionList = Type.Object({ items: Type.Array(RetentionPeriod) });
export type RetentionList = Static<typeof RetentionList>;
export const ChannelParams = Type.Object({ channel: ChannelSchema }, { additionalProperties: false });
export type ChannelParams = Static<typeof ChannelParams>;
export const RetentionBody = Strict({
  retentionDays: Type.Integer({ minimum: 30, maximum: 3650 }),
  /** The explicit answer to "does the new period apply to tips already received?". */
  applyToExisting: Type.Boolean(),
});
export type RetentionBody = Static<typeof RetentionBody>;
export const RetentionResult = Type.Object({ period: RetentionPeriod, updatedTips: Type.Integer() });
export type RetentionResult = Static<typeof RetentionResult>;

/** Who receives the public line; the candidates only for those who may change it. */
export const TipLine = Type.Object({
  receivingService: Nullable(Type.Object({ id: Uuid, name: Type.String(), active: Type.Boolean() })),
  updatedAt: Nullable(IsoDateTime),
  canEdit: Type.Boolean(),
  candidates: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});
export type TipLine = Static<typeof TipLine>;
export const TipLineBody = Strict({ receivingServiceId: Uuid });
export type TipLineBody = Static<typeof TipLineBody>;

export const ExportQuery = Type.Object(
  { purpose: Purpose, includeIdentity: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;

export const ServicePeople = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), roles: Type.Array(Type.String()) })),
});
export type ServicePeople = Static<typeof ServicePeople>;

export const QuestionBody = Strict({ body: Type.String({ minLength: 1, maxLength: 2000 }) });
export type QuestionBody = Static<typeof QuestionBody>;
export const LinkBody = Strict({ otherId: Uuid });
export type LinkBody = Static<typeof LinkBody>;
export const IdentityBody = Strict({ purpose: Purpose });
export type IdentityBody = Static<typeof IdentityBody>;
export const IdentityResponse = Type.Object({ contact: Nullable(Type.String()) });
export type IdentityResponse = Static<typeof IdentityResponse>;

export const Unit = Type.Object({ id: Uuid, name: Type.String(), memberIds: Type.Array(Uuid) });
export type Unit = Static<typeof Unit>;
export const UnitList = Type.Object({ items: Type.Array(Unit) });
export type UnitList = Static<typeof UnitList>;
export const UnitBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  memberIds: Type.Array(Uuid, { maxItems: 200 }),
});
export type UnitBody = Static<typeof UnitBody>;
export const UnitPatchBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
});
export type UnitPatchBody = Static<typeof UnitPatchBody>;
