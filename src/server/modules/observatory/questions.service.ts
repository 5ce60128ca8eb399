// Questions research partners propose to the table, and the table's answer (accepted or declined,
// with a note). A researcher sees their own; the table sees every one.

import { randomUUID } from 'node:crypto';
import type {
  ResearchListQuery,
  ResearchQuestion,
  ResearchQuestionAnswer,
  ResearchQuestionInput,
  ResearchQuestionList,
} from '../../../shared/contracts/observatory.js';
import { findIdentifiers, identifierKinds } from '../../../shared/deidentify.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { isResearcher, isTable } from './observatory.policy.js';
import * as repo from './research.repository.js';

function present(row: repo.QuestionRow): ResearchQuestion {
  return {
    id: row.id,
    researcherName: row.researcher_name ?? '',
    title: row.title,
    text: row.body,
    status: row.status,
    note: row.note,
    answeredAt: row.answered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

async function readQuestion(platform: Platform, id: string): Promise<ResearchQuestion> {
  const row = await repo.findQuestion(platform.db, id);
  if (!row) throw Errors.notFound();
  return present(row);
}

/**
 * A researcher proposes a question. Its title and text are read by the table and kept: like an
 * observation's text, they are checked with `findIdentifiers` and a name, a phone number… is a
 * translated 400 with one problem per kind and field (never echoing it); nothing is stored or audited.
 */
export async function proposeQuestion(
  platform: Platform,
  actor: Actor,
  input: ResearchQuestionInput,
): Promise<ResearchQuestion> {
  authorize(isResearcher(actor), { hide: false });
  const title = input.title.trim();
  const body = input.text.trim();
  const problems: FieldProblem[] = [];
  for (const [field, value] of [
    ['title', title],
    ['text', body],
  ] as const)
    for (const kind of identifierKinds(findIdentifiers(value)))
      problems.push({ field, rule: `observatory_identifier_${kind}` });
  if (problems.length > 0) throw Errors.invalid(problems);
  const id = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertQuestion(trx, {
      id,
      researcher_id: actor.personId,
      title,
      body,
      created_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.research_question.propose',
      targetType: 'research_question',
      targetId: id,
    });
  });
  return readQuestion(platform, id);
}

export async function listQuestions(
  platform: Platform,
  actor: Actor,
  query: ResearchListQuery,
): Promise<ResearchQuestionList> {
  authorize(isTable(actor) || isResearcher(actor), { hide: false });
  const { rows, total } = await repo.listQuestions(
    platform.db,
    isTable(actor) ? null : actor.personId,
    query.limit ?? 50,
    query.offset ?? 0,
  );
  return { total, items: rows.map(present) };
}

/** The table accepts or declines a proposed question (a decline says why); the loser of a race gets 409. */
export async function answerQuestion(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ResearchQuestionAnswer,
): Promise<ResearchQuestion> {
  authorize(isTable(actor), { hide: false });
  const note = input.note?.trim() || null;
  if (input.decision === 'declined' && !note) throw Errors.field('note', 'observatory_decline_note');
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findQuestion(trx, id))) throw Errors.notFound();
    const changed = await repo.answerQuestion(trx, id, input.version, {
      status: input.decision,
      note,
      answered_by: actor.personId,
      answered_at: platform.now(),
    });
    if (!changed) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.research_question.answer',
      targetType: 'research_question',
      targetId: id,
      meta: { decision: input.decision },
    });
  });
  return readQuestion(platform, id);
}
