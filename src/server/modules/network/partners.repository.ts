// The SQL of a partner's record in the network: its profile (contributions, pivot target) and its
// signed agreement.
import type { Executor } from '../../platform/db/database.js';
import { personColumn } from '../accounts/index.js';

export function findProfile(db: Executor, organisationId: string) {
  return db
    .selectFrom('network_profiles')
    .select(['organisation_id', 'mandates', 'functions', 'pivot_target'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export function listProfiles(db: Executor) {
  return db
    .selectFrom('network_profiles')
    .select(['organisation_id', 'mandates', 'functions', 'pivot_target'])
    .execute();
}

export async function upsertProfile(
  db: Executor,
  organisationId: string,
  values: { mandates?: string[]; functions?: string[]; pivot_target?: number | null },
  at: Date,
): Promise<void> {
  await db
    .insertInto('network_profiles')
    .values({ organisation_id: organisationId, ...values, updated_at: at })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: at }))
    .execute();
}

export function findAgreement(db: Executor, organisationId: string) {
  return db
    .selectFrom('network_agreements as a')
    .leftJoin('files as f', 'f.id', 'a.document_file_id')
    .select([
      'a.organisation_id',
      'a.signed_on',
      'a.signatories',
      'a.released_person_id',
      'a.commitment',
      'a.renewal_on',
      'a.document_file_id',
      'a.updated_at',
      personColumn('a.released_person_id', 'given_name').as('released_given_name'),
      personColumn('a.released_person_id', 'family_name').as('released_family_name'),
      'f.filename as document_filename',
      'f.size_bytes as document_size',
    ])
    .where('a.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function upsertAgreement(
  db: Executor,
  row: {
    organisation_id: string;
    signed_on: string;
    signatories: string;
    released_person_id: string | null;
    commitment: string;
    renewal_on: string | null;
    document_file_id: string | null;
    updated_by: string;
  },
  at: Date,
): Promise<void> {
  const { organisation_id: _id, ...update } = row;
  await db
    .insertInto('network_agreements')
    .values({ ...row, updated_at: at })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...update, updated_at: at }))
    .execute();
}
