// SQL of the table's observatory settings, research exports and research questions.

import { sql } from 'kysely';
import { MIN_SUPPRESSION_THRESHOLD } from '../../../shared/suppression.js';
import type { Executor } from '../../platform/db/database.js';
import { personName } from '../accounts/index.js';

/** The table's settings; no row until the table first changes one (the defaults, version 1, until then). */
export async function readSettings(db: Executor) {
  const row = await db.selectFrom('observatory_settings').selectAll().executeTakeFirst();
  return (
    row ?? {
      id: true,
      suppression_threshold: MIN_SUPPRESSION_THRESHOLD,
      updated_by: null,
      updated_at: null,
      version: 1,
    }
  );
}

/** The smallest count research exports (and the annual report's observatory tables) show. */
export async function suppressionThreshold(db: Executor): Promise<number> {
  return (await readSettings(db)).suppression_threshold;
}

export async function updateSettings(
  db: Executor,
  version: number,
  changes: { suppression_threshold: number; updated_by: string; updated_at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('observatory_settings')
    .set({ ...changes, version: version + 1 })
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numUpdatedRows === 1n) return true;
  if (version !== 1) return false;
  // The first change writes the row; of two first changes at once, the second finds it there (409).
  const inserted = await db
    .insertInto('observatory_settings')
    .values({ id: true, ...changes, version: 2 })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function insertExport(
  db: Executor,
  row: {
    id: string;
    researcher_id: string;
    purpose: string;
    dimensions: string[];
    from_month: string;
    to_month: string;
    threshold: number;
    result: string;
    text_status: 'not_requested' | 'requested';
    created_at: Date;
  },
) {
  return db.insertInto('research_exports').values(row).execute();
}

const exportColumns = [
  'e.id',
  'e.researcher_id',
  'e.purpose',
  'e.dimensions',
  'e.from_month',
  'e.to_month',
  'e.threshold',
  'e.text_status',
  'e.text_decided_at',
  'e.text_observation_ids',
  'e.created_at',
  'e.version',
] as const;

export function findExport(db: Executor, id: string) {
  return db
    .selectFrom('research_exports as e')
    .select(exportColumns)
    .select(['e.result', personName<string | null>('e.researcher_id').as('researcher_name')])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/** Exports, newest first: one researcher's, or all (the table). */
export async function listExports(db: Executor, researcherId: string | null, limit: number, offset: number) {
  let query = db.selectFrom('research_exports as e');
  if (researcherId) query = query.where('e.researcher_id', '=', researcherId);
  const [rows, count] = await Promise.all([
    query
      .select(exportColumns)
      .select(personName<string | null>('e.researcher_id').as('researcher_name'))
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The table's decision on an export's free texts, conditional on its version and on the request pending. */
export async function decideTexts(
  db: Executor,
  id: string,
  version: number,
  changes: {
    text_status: 'allowed' | 'refused';
    text_decided_by: string;
    text_decided_at: Date;
    text_observation_ids: string[] | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('research_exports')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('text_status', '<>', 'not_requested')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export function insertQuestion(
  db: Executor,
  row: { id: string; researcher_id: string; title: string; body: string; created_at: Date },
) {
  return db.insertInto('research_questions').values(row).execute();
}

const questionColumns = [
  'q.id',
  'q.researcher_id',
  'q.title',
  'q.body',
  'q.status',
  'q.note',
  'q.answered_at',
  'q.created_at',
  'q.version',
] as const;

export function findQuestion(db: Executor, id: string) {
  return db
    .selectFrom('research_questions as q')
    .select(questionColumns)
    .select(personName<string | null>('q.researcher_id').as('researcher_name'))
    .where('q.id', '=', id)
    .executeTakeFirst();
}
export type QuestionRow = NonNullable<Awaited<ReturnType<typeof findQuestion>>>;

export async function listQuestions(
  db: Executor,
  researcherId: string | null,
  limit: number,
  offset: number,
) {
  let query = db.selectFrom('research_questions as q');
  if (researcherId) query = query.where('q.researcher_id', '=', researcherId);
  const [rows, count] = await Promise.all([
    query
      .select(questionColumns)
      .select(personName<string | null>('q.researcher_id').as('researcher_name'))
      .orderBy('q.created_at', 'desc')
      .orderBy('q.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The table's answer, conditional on the version and on the question still proposed. */
export async function answerQuestion(
  db: Executor,
  id: string,
  version: number,
  changes: { status: 'accepted' | 'declined'; note: string | null; answered_by: string; answered_at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('research_questions')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
