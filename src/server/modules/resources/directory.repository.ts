// The SQL of the directory's entries: organisations, services with their phones and schedules, the
// table's settings and the staleness of entries.
import type { Insertable, Updateable } from 'kysely';
import { DEFAULT_STALE_AFTER_DAYS } from '../../../shared/contracts/resources.values.js';
import type { Executor } from '../../platform/db/database.js';
import type {
  ResourceOrganisationsTable,
  ResourcePhonesTable,
  ResourceSchedulesTable,
  ResourceServicesTable,
} from './resources.table.js';

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────

export async function getSettings(db: Executor): Promise<{ stale_after_days: number }> {
  const row = await db
    .selectFrom('resource_settings')
    .select(['stale_after_days'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ?? { stale_after_days: DEFAULT_STALE_AFTER_DAYS };
}

export async function updateSettings(
  db: Executor,
  values: { stale_after_days: number },
  by: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('resource_settings')
    .values({ id: 1, ...values, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_by: by, updated_at: at }))
    .execute();
}

// ── Organisations ────────────────────────────────────────────────────────────────────────────────

export type OrganisationRow = Awaited<ReturnType<typeof findOrganisation>> & {};

export function findOrganisation(db: Executor, id: string) {
  return db.selectFrom('resource_organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listOrganisations(db: Executor, q: string | undefined) {
  let query = db
    .selectFrom('resource_organisations')
    .select(['id', 'name', 'public', 'keeper_organisation_id'])
    .orderBy('name')
    .limit(500);
  if (q) query = query.where('name', 'ilike', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return query.execute();
}

export async function insertOrganisation(
  db: Executor,
  row: Insertable<ResourceOrganisationsTable>,
): Promise<string> {
  const inserted = await db
    .insertInto('resource_organisations')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Conditional on the version the keeper saw; false when someone changed it in between. */
export async function updateOrganisation(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<ResourceOrganisationsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('resource_organisations')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function servicesOfOrganisation(db: Executor, organisationId: string) {
  return db
    .selectFrom('resource_services')
    .select(['id', 'name_fr', 'name_en', 'status', 'keeper_organisation_id', 'confirmed_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('name_fr')
    .execute();
}

// ── Services ─────────────────────────────────────────────────────────────────────────────────────

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

/** The columns of a service the directory's services read (and the import compares). */
export const SERVICE_COLUMNS = [
  'id',
  'organisation_id',
  'keeper_organisation_id',
  'name_fr',
  'name_en',
  'description_fr',
  'description_en',
  'eligibility_fr',
  'eligibility_en',
  'application_fr',
  'application_en',
  'fees_fr',
  'fees_en',
  'free',
  'url',
  'email',
  'status',
  'taxonomy',
  'audiences',
  'genders',
  'languages',
  'min_age',
  'max_age',
  'region',
  'always_open',
  'safe_place',
  'public',
  'accepts_referrals',
  'response_days',
  'confirmed_at',
  'stale_notified_at',
  'updated_at',
  'version',
] as const;

export function findService(db: Executor, id: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('resource_services').select(SERVICE_COLUMNS).where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function insertService(db: Executor, row: Insertable<ResourceServicesTable>): Promise<string> {
  const inserted = await db
    .insertInto('resource_services')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Conditional on the version the keeper saw; false when someone changed it in between. */
export async function updateService(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<ResourceServicesTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('resource_services')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function phonesOfService(db: Executor, serviceId: string) {
  return db
    .selectFrom('resource_phones')
    .select(['number', 'extension', 'kind', 'description_fr', 'description_en', 'languages'])
    .where('service_id', '=', serviceId)
    .orderBy('position')
    .execute();
}

export async function replacePhones(
  db: Executor,
  serviceId: string,
  phones: Omit<Insertable<ResourcePhonesTable>, 'service_id' | 'position'>[],
): Promise<void> {
  await db.deleteFrom('resource_phones').where('service_id', '=', serviceId).execute();
  if (phones.length === 0) return;
  await db
    .insertInto('resource_phones')
    .values(phones.map((p, position) => ({ ...p, service_id: serviceId, position })))
    .execute();
}

export function schedulesOfService(db: Executor, serviceId: string) {
  return db
    .selectFrom('resource_schedules')
    .select(['weekday', 'opens_at', 'closes_at', 'note_fr', 'note_en'])
    .where('service_id', '=', serviceId)
    .orderBy('weekday')
    .orderBy('opens_at')
    .execute();
}

export async function replaceSchedules(
  db: Executor,
  serviceId: string,
  schedules: Omit<Insertable<ResourceSchedulesTable>, 'service_id'>[],
): Promise<void> {
  await db.deleteFrom('resource_schedules').where('service_id', '=', serviceId).execute();
  if (schedules.length === 0) return;
  await db
    .insertInto('resource_schedules')
    .values(schedules.map((s) => ({ ...s, service_id: serviceId })))
    .execute();
}

/**
 * The services kept by a partner (or, `coordination`, by the table's coordination: keeper null), with
 * their organisation's name; those confirmed longest ago first.
 */
export function keptServices(db: Executor, keepers: { organisationId: string; coordination: boolean }) {
  return db
    .selectFrom('resource_services as s')
    .innerJoin('resource_organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.name_fr',
      's.name_en',
      's.status',
      's.safe_place',
      's.confirmed_at',
      's.version',
      'o.name as organisation_name',
    ])
    .where((eb) =>
      eb.or([
        eb('s.keeper_organisation_id', '=', keepers.organisationId),
        ...(keepers.coordination ? [eb('s.keeper_organisation_id', 'is', null)] : []),
      ]),
    )
    .orderBy('s.confirmed_at')
    .orderBy('s.name_fr')
    .limit(1000)
    .execute();
}

// ── Staleness ────────────────────────────────────────────────────────────────────────────────────

/** Services not confirmed since `cutoff` and not yet flagged, still in use. */
export function staleUnflagged(db: Executor, cutoff: Date) {
  return db
    .selectFrom('resource_services')
    .select(['id', 'keeper_organisation_id'])
    .where('status', '<>', 'defunct')
    .where('confirmed_at', '<', cutoff)
    .where('stale_notified_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Flags them, each once: returns the ids this call flagged (another node may have done some). */
export async function flagStale(db: Executor, ids: readonly string[], at: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('resource_services')
    .set({ stale_notified_at: at })
    .where('id', 'in', ids)
    .where('stale_notified_at', 'is', null)
    .returning(['id'])
    .execute();
  return rows.map((r) => r.id);
}

/** Names of services of the directory by id (French name, English when asked and given); missing ids are left out. */
export async function serviceNames(
  db: Executor,
  ids: readonly string[],
): Promise<Array<{ id: string; name_fr: string; name_en: string | null; status: string }>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('resource_services')
    .select(['id', 'name_fr', 'name_en', 'status'])
    .where('id', 'in', [...ids])
    .execute();
}
