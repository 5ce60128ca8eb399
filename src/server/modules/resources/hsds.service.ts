import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Platform } from '../../platform/platform.js';
import { type HsdsService, type PageContext, toHsdsService } from './hsds.mapping.js';
import { canExportFullDirectory } from './hsds.policy.js';
import * as repo from './hsds.repository.js';

/** Services read per page: memory holds one page, whatever the size of the directory. */
export const EXPORT_PAGE_SIZE = 250;

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Reads what hangs off one page of services: one query per table. */
async function pageContext(platform: Platform, services: readonly repo.ServiceRow[]): Promise<PageContext> {
  const db = platform.db;
  const serviceIds = services.map((s) => s.id);
  const organisationIds = [...new Set(services.map((s) => s.organisation_id))];
  const [organisations, serviceLocations] = await Promise.all([
    repo.organisationsByIds(db, organisationIds),
    repo.serviceLocationsOf(db, serviceIds),
  ]);
  const locationIds = [...new Set(serviceLocations.map((sl) => sl.location_id))];
  const [phones, schedules] = await Promise.all([
    repo.phonesOf(db, { organisationIds, serviceIds, locationIds }),
    repo.schedulesOf(db, { serviceIds, serviceLocationIds: serviceLocations.map((sl) => sl.id) }),
  ]);
  return {
    organisations: new Map(organisations.map((o) => [o.id, o])),
    serviceLocations: groupBy(serviceLocations, (sl) => sl.service_id),
    phonesByOrganisation: groupBy(phones, (p) => p.organisation_id),
    phonesByService: groupBy(phones, (p) => p.service_id),
    phonesByLocation: groupBy(phones, (p) => p.location_id),
    schedulesByService: groupBy(schedules, (s) => s.service_id),
    schedulesByServiceLocation: groupBy(schedules, (s) => s.service_location_id),
  };
}

/**
 * The directory's services as HSDS 3.0, page after page, in identifier order. Pages are read as the
 * consumer asks for them (no snapshot: an entry edited during a long export shows either version).
 */
export async function* hsdsServices(
  platform: Platform,
  scope: repo.ExportScope,
  locale: Locale,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<HsdsService> {
  let after: string | null = null;
  for (;;) {
    const services = await repo.servicePage(platform.db, scope, after, pageSize);
    if (services.length === 0) return;
    const context = await pageContext(platform, services);
    for (const service of services) yield toHsdsService(locale, service, context);
    if (services.length < pageSize) return;
    after = services[services.length - 1]!.id;
  }
}

/** The public subset: what the table chose to make public (service and organisation, active or closed for now). */
export function publicExport(platform: Platform, locale: Locale): AsyncGenerator<HsdsService> {
  return hsdsServices(platform, 'public', locale);
}

/**
 * Every entry, for the table coordination: checked, then audited before the first byte leaves (an
 * export of the whole directory is recorded even if the reader stops it halfway).
 */
export async function fullExport(
  platform: Platform,
  actor: Actor,
  locale: Locale,
): Promise<AsyncGenerator<HsdsService>> {
  authorize(canExportFullDirectory(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.hsds.export',
      targetType: 'resource_directory',
      meta: { scope: 'full', locale, standard: 'HSDS 3.0' },
    });
  });
  return hsdsServices(platform, 'full', locale);
}
