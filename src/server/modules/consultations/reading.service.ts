// Reading consultations: one consultation as the reader may see it (in full, as a "taken" stub, or a
// 404), the lists of the consultations page and the counts of the home cards.

import type {
  ConsultationCounts,
  ConsultationDetail,
  ConsultationList,
  ConsultationListQuery,
  ConsultationSummary,
  ConsultationTexts,
} from '../../../shared/contracts/consultations.js';
import type { Actor } from '../../platform/authz/actor.js';
import { hasRole } from '../../platform/authz/actor.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { serviceNames } from '../resources/index.js';
import { messageContext, summaryContext, textsContext } from './consultations.fields.js';
import { abilities, type Place, sideOf, viewOf } from './consultations.policy.js';
import * as repo from './consultations.repository.js';
import { isOverdue } from './consultations.rules.js';

export interface LoadedConsultation {
  row: repo.ConsultationRow;
  place: Place;
  view: 'full' | 'stub';
}

/** Where the reader stands in a consultation. */
export async function placeOf(
  db: Executor,
  actor: Actor,
  row: Pick<
    repo.ConsultationRow,
    | 'id'
    | 'asker_person_id'
    | 'lead_person_id'
    | 'asker_organisation_id'
    | 'lead_organisation_id'
    | 'unrouted'
    | 'status'
  >,
): Promise<Place> {
  const { recipient, participant } = await repo.placeOf(db, row.id, actor.personId);
  const coordinates = hasRole(actor, 'org_coordinator');
  const coordinator =
    coordinates &&
    (actor.organisationId === row.asker_organisation_id || actor.organisationId === row.lead_organisation_id);
  return {
    askerCoordinator: coordinates && actor.organisationId === row.asker_organisation_id,
    asker: row.asker_person_id === actor.personId,
    recipient: recipient && hasRole(actor, 'pivot'),
    participant: participant && hasRole(actor, 'pivot'),
    lead: row.lead_person_id === actor.personId && hasRole(actor, 'pivot'),
    coordinator,
    recipientCoordinator:
      coordinates && !coordinator && (await repo.hasRecipientIn(db, row.id, actor.organisationId)),
    tableCoordinator: hasRole(actor, 'table_coordinator') && row.unrouted && row.status === 'open',
  };
}

const stateOf = (row: repo.ConsultationRow) => ({
  status: row.status,
  destroyed: row.destroyed_at !== null,
  knowledgeId: row.knowledge_id,
});

/** The consultation if the reader may see it; 404 otherwise (absent and forbidden look the same). */
export async function loadConsultation(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<LoadedConsultation> {
  const row = await repo.findConsultation(platform.db, id);
  if (!row) throw Errors.notFound();
  const place = await placeOf(platform.db, actor, row);
  const view = viewOf(place, stateOf(row));
  if (!view) throw Errors.notFound();
  return { row, place, view };
}

function summaryOf(
  row: Omit<repo.ListRow, 'participant' | 'recipient'>,
  view: 'full' | 'stub',
  now: Date,
): ConsultationSummary {
  const full = view === 'full' && row.destroyed_at === null;
  return {
    id: row.id,
    status: row.status,
    view,
    urgency: row.urgency,
    language: row.language,
    ageRange: row.age_range,
    gender: row.gender,
    setting: row.setting,
    expertise: row.expertise,
    askerOrganisationName: row.asker_organisation_name,
    askerName: full ? row.asker_name : null,
    leadName: full ? row.lead_name : null,
    leadOrganisationName: row.lead_organisation_name,
    createdAt: row.created_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    takenAt: row.taken_at?.toISOString() ?? null,
    firstAnswerAt: row.first_answer_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    overdue: isOverdue(row, now),
    escalated: row.escalated_at !== null,
    unrouted: row.unrouted,
    lastMessageAt: view === 'full' ? (row.last_message_at?.toISOString() ?? null) : null,
    version: row.version,
  };
}

/** The detail of a loaded consultation, as the reader may see it. */
export async function consultationDetail(
  platform: Platform,
  actor: Actor,
  loaded: LoadedConsultation,
): Promise<ConsultationDetail> {
  const { row, place, view } = loaded;
  const full = view === 'full' && row.destroyed_at === null;
  const [participants, recipients, messages, services] = full
    ? await Promise.all([
        repo.participantsOf(platform.db, row.id),
        repo.recipientsOf(platform.db, row.id),
        repo.messagesOf(platform.db, row.id),
        serviceNames(platform.db, row.suggested_service_ids),
      ])
    : [[], [], [], []];
  const english = actor.locale === 'en-CA';
  const byId = new Map(services.map((s) => [s.id, s]));
  const target =
    row.target_kind === 'pivot'
      ? row.target_person_name
      : row.target_kind === 'organisation'
        ? row.target_organisation_name
        : null;
  return {
    ...summaryOf(row, view, platform.now()),
    side: sideOf(place),
    target: row.target_kind,
    targetName: full ? target : null,
    targetExpertise: row.target_kind === 'expertise' ? (row.expertise[0] ?? null) : null,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    destroyed: row.destroyed_at !== null,
    texts:
      full && row.sealed_texts
        ? (JSON.parse(platform.keyring.decrypt(row.sealed_texts, textsContext(row.id))) as ConsultationTexts)
        : null,
    summary:
      full && row.sealed_summary
        ? platform.keyring.decrypt(row.sealed_summary, summaryContext(row.id))
        : null,
    suggestedServices: row.suggested_service_ids
      .filter((id) => byId.has(id))
      .map((id) => {
        const s = byId.get(id)!;
        return { id, name: english && s.name_en ? s.name_en : s.name_fr };
      }),
    participants: participants.map((p) => ({
      personId: p.person_id,
      name: p.name,
      organisationName: p.organisation_name,
      lead: p.person_id === row.lead_person_id,
    })),
    recipients: recipients.map((r) => ({
      personId: r.person_id,
      name: r.name,
      organisationName: r.organisation_name,
      lead: r.person_id === row.lead_person_id,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      authorName: m.author_name,
      authorSide: m.author_side,
      mine: m.author_person_id === actor.personId,
      at: m.at.toISOString(),
      body: platform.keyring.decrypt(m.sealed_body, messageContext(m.id)),
    })),
    knowledgeId: place.participant || place.lead ? row.knowledge_id : null,
    may: abilities(actor, place, stateOf(row)),
  };
}

/** Reading one consultation. Reads are not audited: the reader is one of its participants. */
export async function readConsultation(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<ConsultationDetail> {
  return consultationDetail(platform, actor, await loadConsultation(platform, actor, id));
}

function scopeOf(actor: Actor): repo.ListScope {
  return {
    personId: actor.personId,
    organisationId: actor.organisationId,
    coordinates: hasRole(actor, 'org_coordinator'),
    table: hasRole(actor, 'table_coordinator'),
  };
}

/** One box of the consultations page; a box that is not the reader's is empty. */
export async function listConsultations(
  platform: Platform,
  actor: Actor,
  query: ConsultationListQuery,
): Promise<ConsultationList> {
  const pivot = hasRole(actor, 'pivot');
  if ((query.box === 'inbox' || query.box === 'mine') && !pivot) return { items: [], total: 0 };
  const now = platform.now();
  const { rows, total } = await repo.listConsultations(platform.db, scopeOf(actor), {
    box: query.box,
    statuses: query.status,
    overdue: query.overdue,
    now,
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
  const coordinates = hasRole(actor, 'org_coordinator');
  return {
    total,
    items: rows.map((row) => {
      const full =
        row.asker_person_id === actor.personId ||
        (pivot && row.participant) ||
        (pivot && row.recipient && row.status === 'open') ||
        (coordinates &&
          (row.asker_organisation_id === actor.organisationId ||
            row.lead_organisation_id === actor.organisationId));
      return summaryOf(row, full ? 'full' : 'stub', now);
    }),
  };
}

/** The home cards: counts only. */
export async function consultationCounts(platform: Platform, actor: Actor): Promise<ConsultationCounts> {
  const counts = await repo.countsFor(platform.db, scopeOf(actor), platform.now());
  const pivot = hasRole(actor, 'pivot');
  return {
    waitingForMe: pivot ? counts.waiting_for_me : 0,
    mineOpen: pivot ? counts.mine_open : 0,
    askedOpen: counts.asked_open,
    askedAnswered: counts.asked_answered,
    overdueForCoordination: counts.overdue_for_coordination,
    unroutedForCoordination: counts.unrouted_for_coordination,
  };
}
