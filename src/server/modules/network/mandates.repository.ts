// The SQL of pivot mandates and of the absences recorded on them.
import type { Executor } from '../../platform/db/database.js';
import { personColumn } from '../accounts/index.js';

/** What a mandate is given when it is created. */
export interface MandateValues {
  person_id: string;
  organisation_id: string;
  start_on: string;
  end_on: string | null;
  expertise: string[];
  languages: string[];
  prerequisite_completed_on: string | null;
}

export interface MandateRow extends MandateValues {
  id: string;
  successor_mandate_id: string | null;
}

export interface MandateWithPerson extends MandateRow {
  given_name: string;
  family_name: string;
  email: string;
  phone: string | null;
}

export interface AbsenceRow {
  id: string;
  mandate_id: string;
  from_on: string;
  to_on: string;
  reason: string;
}

export const MANDATE_COLUMNS = [
  'm.id',
  'm.person_id',
  'm.organisation_id',
  'm.start_on',
  'm.end_on',
  'm.expertise',
  'm.languages',
  'm.prerequisite_completed_on',
  'm.successor_mandate_id',
] as const;

export function findMandate(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('pivot_mandates as m').select(MANDATE_COLUMNS).where('m.id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst() as Promise<MandateRow | undefined>;
}

export function mandatesOfPerson(db: Executor, personId: string): Promise<MandateRow[]> {
  return db
    .selectFrom('pivot_mandates as m')
    .select(MANDATE_COLUMNS)
    .where('m.person_id', '=', personId)
    .orderBy('m.start_on')
    .execute();
}

/** Every mandate of an organisation (history included), newest first, with the person's name and contacts. */
export function mandatesOfOrganisation(db: Executor, organisationId: string): Promise<MandateWithPerson[]> {
  return db
    .selectFrom('pivot_mandates as m')
    .select([
      ...MANDATE_COLUMNS,
      personColumn<string>('m.person_id', 'given_name').as('given_name'),
      personColumn<string>('m.person_id', 'family_name').as('family_name'),
      personColumn<string>('m.person_id', 'email').as('email'),
      personColumn('m.person_id', 'phone').as('phone'),
    ])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('m.start_on', 'desc')
    .orderBy('m.id')
    .execute();
}

/** Mandates active on a day (all organisations, or some). */
export function activeMandates(
  db: Executor,
  today: string,
  organisationIds?: string[],
): Promise<MandateRow[]> {
  let query = db
    .selectFrom('pivot_mandates as m')
    .select(MANDATE_COLUMNS)
    .where('m.start_on', '<=', today)
    .where((eb) => eb.or([eb('m.end_on', 'is', null), eb('m.end_on', '>=', today)]));
  if (organisationIds) {
    if (organisationIds.length === 0) return Promise.resolve([]);
    query = query.where('m.organisation_id', 'in', organisationIds);
  }
  return query.execute();
}

/** Mandates overlapping a period (inclusive dates). */
export function mandatesDuring(db: Executor, from: string, to: string): Promise<MandateRow[]> {
  return db
    .selectFrom('pivot_mandates as m')
    .select(MANDATE_COLUMNS)
    .where('m.start_on', '<=', to)
    .where((eb) => eb.or([eb('m.end_on', 'is', null), eb('m.end_on', '>=', from)]))
    .execute();
}

export async function insertMandate(
  db: Executor,
  row: MandateValues & { created_by: string },
): Promise<string> {
  const inserted = await db
    .insertInto('pivot_mandates')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateMandate(
  db: Executor,
  id: string,
  values: Partial<{
    end_on: string | null;
    expertise: string[];
    languages: string[];
    prerequisite_completed_on: string | null;
    successor_mandate_id: string | null;
  }>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('pivot_mandates')
    .set({ ...values, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export function absencesOf(db: Executor, mandateIds: string[]): Promise<AbsenceRow[]> {
  if (mandateIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pivot_absences')
    .select(['id', 'mandate_id', 'from_on', 'to_on', 'reason'])
    .where('mandate_id', 'in', mandateIds)
    .orderBy('from_on')
    .execute();
}

export async function insertAbsence(
  db: Executor,
  row: { mandate_id: string; from_on: string; to_on: string; reason: string; created_by: string },
): Promise<string> {
  const inserted = await db
    .insertInto('pivot_absences')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
