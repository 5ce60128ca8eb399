// Keeping the know-how: the lead pivot turns a closed consultation into an anonymised entry (checked by
// the de-identifier like every text); its author and the table's coordination edit it; every staff
// member searches and reads the entries. An entry never says which consultation it came from.

import { randomUUID } from 'node:crypto';
import type {
  KnowledgeEntry,
  KnowledgeInput,
  KnowledgeList,
  KnowledgeQuery,
  KnowledgeUpdate,
} from '../../../shared/contracts/consultations.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { mayEditKnowledge } from './consultations.policy.js';
import { identifyingProblems } from './consultations.rules.js';
import * as repo from './knowledge.repository.js';
import { loadConsultation } from './reading.service.js';

const EXCERPT = 280;

function checked(actor: Actor, input: KnowledgeInput) {
  const values = { question: input.question.trim(), answer: input.answer.trim() };
  const problems = identifyingProblems(values, actor.locale);
  if (problems.length > 0) throw Errors.invalid(problems);
  return { ...values, tags: [...new Set(input.tags)], language: input.language };
}

async function present(platform: Platform, actor: Actor, id: string): Promise<KnowledgeEntry> {
  const row = await repo.findEntry(platform.db, id);
  if (!row) throw Errors.notFound();
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    tags: row.tags,
    language: row.language,
    authorName: row.author_name,
    authorOrganisationName: row.author_organisation_name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    mayEdit: mayEditKnowledge(actor, row),
    version: row.version,
  };
}

/**
 * The lead pivot of a closed consultation writes its know-how entry, once (409 for a second one).
 * The consultation keeps the link for its participants; the entry's readers never see it.
 */
export async function createEntry(
  platform: Platform,
  actor: Actor,
  consultationId: string,
  input: KnowledgeInput,
): Promise<KnowledgeEntry> {
  const loaded = await loadConsultation(platform, actor, consultationId);
  if (!loaded.place.lead) throw Errors.forbidden();
  if (loaded.row.status !== 'closed' || loaded.row.knowledge_id !== null || loaded.row.destroyed_at !== null)
    throw new AppError('conflict', 409, {
      details: [{ field: 'status', rule: 'consultations_knowledge_exists' }],
    });
  const values = checked(actor, input);
  const id = randomUUID();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertEntry(trx, {
      id,
      ...values,
      author_person_id: actor.personId,
      author_organisation_id: actor.organisationId,
      created_at: now,
      updated_at: now,
      updated_by: actor.personId,
    });
    if (!(await repo.linkEntry(trx, consultationId, id, now)))
      throw new AppError('conflict', 409, {
        details: [{ field: 'status', rule: 'consultations_knowledge_exists' }],
      });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.knowledge.create',
      targetType: 'consultation_knowledge',
      targetId: id,
      meta: { tags: values.tags, language: values.language },
    });
  });
  return present(platform, actor, id);
}

/** Its author (still a pivot) or the table's coordination edits an entry, on the version read. */
export async function updateEntry(
  platform: Platform,
  actor: Actor,
  id: string,
  input: KnowledgeUpdate,
): Promise<KnowledgeEntry> {
  const row = await repo.findEntry(platform.db, id);
  if (!row) throw Errors.notFound();
  authorize(mayEditKnowledge(actor, row), { hide: false });
  const values = checked(actor, input);
  await platform.db.transaction().execute(async (trx) => {
    const now = platform.now();
    if (
      !(await repo.updateEntry(trx, id, input.version, {
        ...values,
        updated_at: now,
        updated_by: actor.personId,
      }))
    )
      throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.knowledge.update',
      targetType: 'consultation_knowledge',
      targetId: id,
      meta: { tags: values.tags, language: values.language },
    });
  });
  return present(platform, actor, id);
}

export function readEntry(platform: Platform, actor: Actor, id: string): Promise<KnowledgeEntry> {
  return present(platform, actor, id);
}

/** Every staff member searches the know-how (French full text on the question and the answer). */
export async function searchEntries(platform: Platform, query: KnowledgeQuery): Promise<KnowledgeList> {
  const { rows, total } = await repo.searchEntries(platform.db, {
    q: query.q,
    tag: query.tag,
    language: query.language,
    limit: query.limit ?? 20,
    offset: query.offset ?? 0,
  });
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      question: row.question,
      answerExcerpt: row.answer.length > EXCERPT ? `${row.answer.slice(0, EXCERPT - 1)}…` : row.answer,
      tags: row.tags,
      language: row.language,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    })),
  };
}
