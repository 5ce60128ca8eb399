/**
 * The contract of consultations (the expertise cell): a worker, pivot or organisation coordinator asks
 * the pivots for advice on a de-identified situation; routing asks available pivots; one takes it; the
 * thread; bringing in and handing over; the close; know-how entries; the table's settings and figures.
 * Shared by the server and the web app.
 *
 * Routes (all under the staff session; a consultation the reader may not see is a 404):
 *   POST /api/consultations                       ask                               ConsultationInput → ConsultationDetail (201)
 *   GET  /api/consultations                       a list (box = asked | inbox | mine | coordination)
 *                                                 ConsultationListQuery → ConsultationList
 *   GET  /api/consultations/counts                home cards                        → ConsultationCounts
 *   GET  /api/consultations/targets               pivots and organisations one may aim at, bring in or hand over to
 *                                                 ConsultationTargetsQuery → ConsultationTargets
 *   GET  /api/consultations/settings              due times and retention           → ConsultationSettings
 *   PUT  /api/consultations/settings              (table_coordinator)               ConsultationSettingsInput → ConsultationSettings
 *   GET  /api/consultations/figures               (table_coordinator)               ConsultationFiguresQuery → ConsultationFigures
 *   GET  /api/consultations/:id                   the consultation, or a "taken" stub → ConsultationDetail
 *                                                 (table_coordinator: the stub of one no pivot fits, while it waits)
 *   POST /api/consultations/:id/take              a recipient pivot takes it (409 already taken) → ConsultationDetail
 *   POST /api/consultations/:id/messages          asker or participant pivot writes  MessageInput → ConsultationMessage (201)
 *   POST /api/consultations/:id/participants      a participant pivot brings in a pivot  ParticipantInput → ConsultationDetail
 *   POST /api/consultations/:id/recipients        a coordinator asks a pivot for one still waiting (the asker's
 *                                                 org_coordinator; the table_coordinator)  ParticipantInput → ConsultationDetail
 *   POST /api/consultations/:id/handover          the lead hands over to a pivot    HandOverInput → ConsultationDetail
 *   POST /api/consultations/:id/close             the lead closes it                CloseInput → ConsultationDetail
 *   POST /api/consultations/:id/withdraw          the asker withdraws an untaken one WithdrawInput → ConsultationDetail
 *   POST /api/consultations/:id/knowledge         the lead turns it into know-how   KnowledgeInput → KnowledgeEntry (201)
 *   GET  /api/knowledge                           search the know-how (every staff member) KnowledgeQuery → KnowledgeList
 *   GET  /api/knowledge/:id                       one entry                          → KnowledgeEntry
 *   PUT  /api/knowledge/:id                       its author or the table_coordinator KnowledgeUpdate → KnowledgeEntry
 *
 * Live updates: every change of a consultation notifies the people concerned in-app, with kinds
 * `consultations.asked` (pivots asked), `consultations.taken` (asker and the other pivots asked),
 * `consultations.message`, `consultations.closed`, `consultations.handed_over`, `consultations.brought_in`,
 * `consultations.withdrawn` (params `{ consultationId }`, link `/consultations/<id>`; web catalogue
 * `consultations.notifications.<kind>`), `consultations.overdue` (coordinators, params `{ count }`, link
 * `/consultations?box=coordination&overdue=true`) and `consultations.unrouted` (coordinators of the
 * asker's organisation and the table's). Each arrives on the tab's event stream as a `notification`
 * event whose `link` names the consultation (as `subscribeToAlerts` filters `/alertes/`): an open screen
 * reloads the consultation when the link is its own, so the asker sees the pivot's answer without reload.
 *
 * Free texts (observed, tried, question, messages, summary, knowledge entries) go through
 * `findIdentifiers` of `src/shared/deidentify.ts`; any finding → 400 `validation_failed` whose details
 * name the field (rule `consultations_identifying`, `consultations_identifying_message` for a thread
 * message; the message lists the kinds found). Nothing is stored.
 */
import { type Static, Type } from '@sinclair/typebox';
import { DateOnly, IsoDateTime, literals, Nullable, Strict, Uuid } from './common.js';
import {
  CONSULTATION_AGE_RANGES,
  CONSULTATION_BOXES,
  CONSULTATION_EXPERTISE,
  CONSULTATION_GENDERS,
  CONSULTATION_LANGUAGES,
  CONSULTATION_MAX_SUGGESTED,
  CONSULTATION_SETTING_BOUNDS,
  CONSULTATION_SETTINGS,
  CONSULTATION_STATUSES,
  CONSULTATION_TARGETS,
  CONSULTATION_TEXT_MAX,
  CONSULTATION_URGENCIES,
  KNOWLEDGE_TEXT_MAX,
} from './consultations.values.js';

const MAX_INT4 = 2_147_483_647;
const Version = Type.Integer({ minimum: 1, maximum: MAX_INT4 });
/** A free text that must say something (not only spaces). */
const Said = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const ConsultationAgeRangeSchema = literals(CONSULTATION_AGE_RANGES);
export const ConsultationGenderSchema = literals(CONSULTATION_GENDERS);
export const ConsultationSettingSchema = literals(CONSULTATION_SETTINGS);
export const ConsultationUrgencySchema = literals(CONSULTATION_URGENCIES);
export const ConsultationLanguageSchema = literals(CONSULTATION_LANGUAGES);
export const ConsultationTargetSchema = literals(CONSULTATION_TARGETS);
export const ConsultationStatusSchema = literals(CONSULTATION_STATUSES);
export const ConsultationBoxSchema = literals(CONSULTATION_BOXES);
export const ExpertiseSchema = literals(CONSULTATION_EXPERTISE);
const ExpertiseList = Type.Array(ExpertiseSchema, {
  maxItems: CONSULTATION_EXPERTISE.length,
  uniqueItems: true,
});

// ------------------------------------------------------------------------------------------------
// Asking

/**
 * A question to the pivots. `target`: `automatic` (Filet routes by `expertise` and `language`),
 * `expertise` (`targetExpertise` required: only pivots with it), `organisation` (`targetOrganisationId`:
 * its available pivots), `pivot` (`targetPersonId`: that pivot, 409 when absent or unavailable).
 * `expertise`: the subjects of the question (optional tags; routing prefers pivots who have them).
 */
export const ConsultationInput = Strict({
  ageRange: ConsultationAgeRangeSchema,
  gender: ConsultationGenderSchema,
  setting: ConsultationSettingSchema,
  observed: Said(CONSULTATION_TEXT_MAX.observed),
  tried: Type.Optional(Type.String({ maxLength: CONSULTATION_TEXT_MAX.tried })),
  question: Said(CONSULTATION_TEXT_MAX.question),
  urgency: ConsultationUrgencySchema,
  language: ConsultationLanguageSchema,
  expertise: Type.Optional(ExpertiseList),
  target: ConsultationTargetSchema,
  targetPersonId: Type.Optional(Uuid),
  targetOrganisationId: Type.Optional(Uuid),
  targetExpertise: Type.Optional(ExpertiseSchema),
});
export type ConsultationInput = Static<typeof ConsultationInput>;

// ------------------------------------------------------------------------------------------------
// Lists and counts

export const ConsultationListQuery = Strict({
  box: ConsultationBoxSchema,
  status: Type.Optional(Type.Array(ConsultationStatusSchema, { maxItems: CONSULTATION_STATUSES.length })),
  /** Only the ones past their due time without a pivot's answer. */
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type ConsultationListQuery = Static<typeof ConsultationListQuery>;

export const ConsultationSummary = Type.Object({
  id: Uuid,
  status: ConsultationStatusSchema,
  /** `stub`: routed to the reader but taken by another pivot; only these few facts are given. */
  view: literals(['full', 'stub'] as const),
  urgency: ConsultationUrgencySchema,
  language: ConsultationLanguageSchema,
  ageRange: ConsultationAgeRangeSchema,
  gender: ConsultationGenderSchema,
  setting: ConsultationSettingSchema,
  expertise: Type.Array(ExpertiseSchema),
  askerOrganisationName: Type.String(),
  /** Null in a stub and once the thread is destroyed. */
  askerName: Nullable(Type.String()),
  leadName: Nullable(Type.String()),
  leadOrganisationName: Nullable(Type.String()),
  createdAt: IsoDateTime,
  dueAt: IsoDateTime,
  takenAt: Nullable(IsoDateTime),
  firstAnswerAt: Nullable(IsoDateTime),
  closedAt: Nullable(IsoDateTime),
  /** Past its due time with no pivot's answer yet (open or taken). */
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  /** Routing found no available pivot: the consultation waits for the coordinators. */
  unrouted: Type.Boolean(),
  lastMessageAt: Nullable(IsoDateTime),
  version: Type.Integer(),
});
export type ConsultationSummary = Static<typeof ConsultationSummary>;

export const ConsultationList = Type.Object({
  items: Type.Array(ConsultationSummary),
  total: Type.Integer(),
});
export type ConsultationList = Static<typeof ConsultationList>;

/** What waits for the reader (home cards): counts only. */
export const ConsultationCounts = Type.Object({
  /** Pivot: consultations routed to the reader still waiting for someone to take them. */
  waitingForMe: Type.Integer(),
  /** Pivot: taken consultations the reader leads or takes part in. */
  mineOpen: Type.Integer(),
  /** The reader's own questions still open or taken. */
  askedOpen: Type.Integer(),
  /** The reader's own questions answered since they were asked (a pivot wrote or closed them). */
  askedAnswered: Type.Integer(),
  /** Coordinators: overdue consultations escalated to them (their organisation's pivots). */
  overdueForCoordination: Type.Integer(),
  /** Coordinators: consultations waiting with no pivot found (asker's organisation; all for the table). */
  unroutedForCoordination: Type.Integer(),
});
export type ConsultationCounts = Static<typeof ConsultationCounts>;

// ------------------------------------------------------------------------------------------------
// One consultation

export const ConsultationTexts = Type.Object({
  observed: Type.String(),
  tried: Type.String(),
  question: Type.String(),
});
export type ConsultationTexts = Static<typeof ConsultationTexts>;

export const ConsultationMessage = Type.Object({
  id: Uuid,
  authorName: Nullable(Type.String()),
  authorSide: literals(['asker', 'pivot'] as const),
  /** Written by the reader. */
  mine: Type.Boolean(),
  at: IsoDateTime,
  body: Type.String(),
});
export type ConsultationMessage = Static<typeof ConsultationMessage>;

export const ConsultationPerson = Type.Object({
  personId: Uuid,
  name: Type.String(),
  organisationName: Type.String(),
  /** Participants: the lead pivot. */
  lead: Type.Boolean(),
});
export type ConsultationPerson = Static<typeof ConsultationPerson>;

/** What the reader may do now (the API refuses the rest). */
export const ConsultationAbilities = Type.Object({
  take: Type.Boolean(),
  message: Type.Boolean(),
  bringIn: Type.Boolean(),
  handOver: Type.Boolean(),
  close: Type.Boolean(),
  withdraw: Type.Boolean(),
  makeKnowledge: Type.Boolean(),
  /** A coordinator may ask a pivot for it (`/recipients`): still open, nobody took it. */
  askPivot: Type.Boolean(),
});
export type ConsultationAbilities = Static<typeof ConsultationAbilities>;

export const ConsultationDetail = Type.Object({
  ...ConsultationSummary.properties,
  /** Which side the reader is on. `recipient`: routed to them, not (yet) a participant. */
  side: literals(['asker', 'participant', 'recipient', 'coordinator'] as const),
  target: ConsultationTargetSchema,
  targetName: Nullable(Type.String()),
  targetExpertise: Nullable(ExpertiseSchema),
  withdrawnAt: Nullable(IsoDateTime),
  /** The thread was destroyed by the retention job (texts, summary and messages are gone). */
  destroyed: Type.Boolean(),
  /** Null in a stub and once destroyed. */
  texts: Nullable(ConsultationTexts),
  summary: Nullable(Type.String()),
  suggestedServices: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  participants: Type.Array(ConsultationPerson),
  recipients: Type.Array(ConsultationPerson),
  messages: Type.Array(ConsultationMessage),
  /** The know-how entry drawn from it, shown to its participants only. */
  knowledgeId: Nullable(Uuid),
  may: ConsultationAbilities,
});
export type ConsultationDetail = Static<typeof ConsultationDetail>;

// ------------------------------------------------------------------------------------------------
// Moves

/** Taking a consultation: no body needed; the first pivot wins, the others get 409. */
export const TakeInput = Type.Optional(Strict({}));
export const WithdrawInput = Type.Optional(Strict({}));

export const MessageInput = Strict({ body: Said(CONSULTATION_TEXT_MAX.message) });
export type MessageInput = Static<typeof MessageInput>;

/** Bringing a pivot into the thread (any participant pivot); also a coordinator asking a pivot (`/recipients`). */
export const ParticipantInput = Strict({ personId: Uuid });
export type ParticipantInput = Static<typeof ParticipantInput>;

/** The lead hands the consultation over to another pivot (`version`: the one the lead read). */
export const HandOverInput = Strict({ personId: Uuid, version: Version });
export type HandOverInput = Static<typeof HandOverInput>;

/** The lead closes it with a summary and, if useful, services of the directory. */
export const CloseInput = Strict({
  summary: Said(CONSULTATION_TEXT_MAX.summary),
  serviceIds: Type.Optional(Type.Array(Uuid, { maxItems: CONSULTATION_MAX_SUGGESTED, uniqueItems: true })),
  version: Version,
});
export type CloseInput = Static<typeof CloseInput>;

// ------------------------------------------------------------------------------------------------
// Targets: who one may aim at, bring in or hand over to

export const ConsultationTargetsQuery = Strict({
  /** Only pivots who speak it. */
  language: Type.Optional(ConsultationLanguageSchema),
  expertise: Type.Optional(ExpertiseSchema),
});
export type ConsultationTargetsQuery = Static<typeof ConsultationTargetsQuery>;

export const ConsultationTargets = Type.Object({
  /** Pivots with a mandate active today (absent ones flagged: routing skips them). */
  pivots: Type.Array(
    Type.Object({
      personId: Uuid,
      name: Type.String(),
      organisationId: Uuid,
      organisationName: Type.String(),
      region: Type.String(),
      expertise: Type.Array(ExpertiseSchema),
      languages: Type.Array(Type.String()),
      absent: Type.Boolean(),
    }),
  ),
  /** Organisations with at least one pivot mandate active today. */
  organisations: Type.Array(Type.Object({ id: Uuid, name: Type.String(), region: Type.String() })),
});
export type ConsultationTargets = Static<typeof ConsultationTargets>;

// ------------------------------------------------------------------------------------------------
// Know-how

/** A knowledge entry drawn from a closed consultation (de-identified; checked like every text). */
export const KnowledgeInput = Strict({
  question: Said(KNOWLEDGE_TEXT_MAX.question),
  answer: Said(KNOWLEDGE_TEXT_MAX.answer),
  tags: ExpertiseList,
  language: ConsultationLanguageSchema,
});
export type KnowledgeInput = Static<typeof KnowledgeInput>;

export const KnowledgeUpdate = Type.Composite([KnowledgeInput, Type.Object({ version: Version })], {
  additionalProperties: false,
});
export type KnowledgeUpdate = Static<typeof KnowledgeUpdate>;

export const KnowledgeQuery = Strict({
  /** French full text (accents ignored), on the question and the answer. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(ExpertiseSchema),
  language: Type.Optional(ConsultationLanguageSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type KnowledgeQuery = Static<typeof KnowledgeQuery>;

export const KnowledgeSummary = Type.Object({
  id: Uuid,
  question: Type.String(),
  /** The beginning of the answer (a list shows no more). */
  answerExcerpt: Type.String(),
  tags: Type.Array(ExpertiseSchema),
  language: ConsultationLanguageSchema,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type KnowledgeSummary = Static<typeof KnowledgeSummary>;

export const KnowledgeList = Type.Object({ items: Type.Array(KnowledgeSummary), total: Type.Integer() });
export type KnowledgeList = Static<typeof KnowledgeList>;

export const KnowledgeEntry = Type.Object({
  id: Uuid,
  question: Type.String(),
  answer: Type.String(),
  tags: Type.Array(ExpertiseSchema),
  language: ConsultationLanguageSchema,
  authorName: Nullable(Type.String()),
  authorOrganisationName: Nullable(Type.String()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** The reader may edit it (its author, the table coordination). */
  mayEdit: Type.Boolean(),
  version: Type.Integer(),
});
export type KnowledgeEntry = Static<typeof KnowledgeEntry>;

// ------------------------------------------------------------------------------------------------
// The table's settings

export const ConsultationSettings = Type.Object({
  /** Due time of an urgent consultation, in working hours of the region. */
  urgentDueHours: Type.Integer(),
  /** Due time of a normal consultation, in business days of the region. */
  normalDueDays: Type.Integer(),
  /** Closed threads are destroyed after this many months. */
  retentionMonths: Type.Integer(),
  updatedAt: Nullable(IsoDateTime),
  /** The reader may change them (table coordination). */
  mayEdit: Type.Boolean(),
});
export type ConsultationSettings = Static<typeof ConsultationSettings>;

const b = CONSULTATION_SETTING_BOUNDS;
export const ConsultationSettingsInput = Strict({
  urgentDueHours: Type.Optional(
    Type.Integer({ minimum: b.urgentDueHours.min, maximum: b.urgentDueHours.max }),
  ),
  normalDueDays: Type.Optional(Type.Integer({ minimum: b.normalDueDays.min, maximum: b.normalDueDays.max })),
  retentionMonths: Type.Optional(
    Type.Integer({ minimum: b.retentionMonths.min, maximum: b.retentionMonths.max }),
  ),
});
export type ConsultationSettingsInput = Static<typeof ConsultationSettingsInput>;

// ------------------------------------------------------------------------------------------------
// Figures for the table (counts under the small-cell threshold are suppressed)

export const ConsultationFiguresQuery = Strict({
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
});
export type ConsultationFiguresQuery = Static<typeof ConsultationFiguresQuery>;

/** A count rounded to the nearest 5, or null when it is under the small-cell threshold. */
const Cell = Nullable(Type.Integer());

export const ConsultationFigures = Type.Object({
  from: DateOnly,
  to: DateOnly,
  smallCell: Type.Integer(),
  total: Cell,
  byMonth: Type.Array(
    Type.Object({ month: Type.String(), urgency: ConsultationUrgencySchema, consultations: Cell }),
  ),
  byUrgency: Type.Array(Type.Object({ urgency: ConsultationUrgencySchema, consultations: Cell })),
  byExpertise: Type.Array(Type.Object({ expertise: ExpertiseSchema, consultations: Cell })),
  /** Consultations routed to nobody. */
  unrouted: Cell,
  /** Median hours from asking to taking, and to the first pivot's answer, when enough. */
  medianHoursToTake: Nullable(Type.Number()),
  medianHoursToFirstAnswer: Nullable(Type.Number()),
  /** Share answered by their due time (0–1), when enough. */
  answeredOnTime: Nullable(Type.Number()),
  /** Knowledge entries written in the span. */
  knowledgeEntries: Cell,
});
export type ConsultationFigures = Static<typeof ConsultationFigures>;
