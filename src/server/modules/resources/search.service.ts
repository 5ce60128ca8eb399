import type {
  Capacity,
  ServiceSearchQuery,
  ServiceSearchResult,
  ServiceSummary,
} from '../../../shared/contracts/resources.js';
import type { Locale } from '../../../shared/roles.js';
import { offsetMs } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import { hasRole } from '../../platform/authz/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import { getOrganisation } from '../accounts/index.js';
import * as repo from './search.repository.js';

/** Results per page unless the search asks otherwise. */
export const DEFAULT_PAGE_SIZE = 20;

/** The region's wall clock at `instant`: ISO weekday and `HH:MM:SS`. */
export function wallClock(instant: Date, timeZone: string): repo.WallClock {
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offsetMs(instant, timeZone));
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  return { weekday, time: local.toISOString().slice(11, 19) };
}

/**
 * Who sees defunct services in a staff search: the table's coordination all of them; the people who
 * keep entries for an organisation (its coordinators and pivots) those their organisation keeps.
 */
export function staffScope(actor: Actor): repo.SearchScope {
  return {
    kind: 'staff',
    allDefunct: hasRole(actor, 'table_coordinator'),
    keeperOf: hasRole(actor, 'org_coordinator', 'pivot') ? actor.organisationId : null,
  };
}

function text(english: boolean, fr: string, en: string | null): string {
  return english && en ? en : fr;
}

/** Shapes a page of rows into result lines in the reader's language, with cities, capacity and open-now. */
async function summaries(
  db: Executor,
  rows: repo.ServiceRow[],
  english: boolean,
  clock: repo.WallClock,
): Promise<ServiceSummary[]> {
  const ids = rows.map((r) => r.id);
  const locations = await repo.serviceLocations(db, ids);
  const open = await repo.openNowOf(db, ids, clock);
  const cities = new Map<string, Set<string>>();
  const capacity = new Map<string, Capacity[]>();
  for (const location of locations) {
    // A confidential place is a safe place: not even its city is listed beside the service.
    if (!location.confidential && location.city) {
      const set = cities.get(location.service_id) ?? new Set<string>();
      set.add(location.city);
      cities.set(location.service_id, set);
    }
    const list = capacity.get(location.service_id) ?? [];
    list.push({
      serviceLocationId: location.id,
      available: location.places_available,
      maximum: location.places_maximum,
      updatedAt: location.capacity_updated_at?.toISOString() ?? null,
      version: location.capacity_version,
    });
    capacity.set(location.service_id, list);
  }
  return rows.map((row) => {
    const scheduled = open.get(row.id);
    const openNow =
      row.status !== 'active' ? false : row.always_open ? true : scheduled === undefined ? null : scheduled;
    return {
      id: row.id,
      name: text(english, row.name_fr, row.name_en),
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      description: text(english, row.description_fr, row.description_en),
      taxonomy: row.taxonomy,
      audiences: row.audiences,
      genders: row.genders,
      languages: row.languages,
      minAge: row.min_age,
      maxAge: row.max_age,
      region: row.region,
      cities: [...(cities.get(row.id) ?? [])].sort((a, b) => a.localeCompare(b, 'fr')),
      status: row.status,
      safePlace: row.safe_place,
      public: row.public,
      acceptsReferrals: row.accepts_referrals,
      openNow,
      capacity: row.safe_place ? (capacity.get(row.id) ?? []) : [],
      confirmedAt: row.confirmed_at.toISOString(),
      stale: row.stale,
    };
  });
}

async function run(
  platform: Platform,
  query: ServiceSearchQuery,
  context: Omit<repo.SearchContext, 'now' | 'clock'>,
): Promise<ServiceSearchResult> {
  const now = platform.now();
  const clock = wallClock(now, platform.config.timeZone);
  const { rows, total } = await repo.searchServices(
    platform.db,
    {
      ...query,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      offset: query.offset ?? 0,
    },
    { ...context, now, clock },
  );
  return { total, items: await summaries(platform.db, rows, context.english, clock) };
}

/**
 * The staff search of the directory (every signed-in member): services of the reader's organisation's
 * region first, defunct ones only to their keepers and the table's coordination. Result lines never
 * carry a street address; capacity and cities are read for the page in one query.
 */
export async function searchServices(
  platform: Platform,
  actor: Actor,
  query: ServiceSearchQuery,
): Promise<ServiceSearchResult> {
  const organisation = await getOrganisation(platform, actor.organisationId);
  return run(platform, query, {
    scope: staffScope(actor),
    homeRegion: organisation.region,
    english: actor.locale === 'en-CA',
  });
}

/**
 * The public directory's search: only what the table made public (the service and its organisation,
 * active or temporarily closed). Keeper and staleness filters are staff-only and ignored here.
 */
export async function searchPublicServices(
  platform: Platform,
  locale: Locale,
  query: Omit<ServiceSearchQuery, 'keeperOrganisationId' | 'stale'>,
): Promise<ServiceSearchResult> {
  const { keeperOrganisationId: _keeper, stale: _stale, ...publicQuery } = query as ServiceSearchQuery;
  return run(platform, publicQuery, {
    scope: { kind: 'public' },
    homeRegion: null,
    english: locale === 'en-CA',
  });
}

/** What the public service page shows, in the reader's language. Never a street address. */
export interface PublicServiceView {
  summary: ServiceSummary;
  eligibility: string | null;
  application: string | null;
  fees: string | null;
  free: boolean;
  url: string | null;
  email: string | null;
  /** Front gates of confidential places: how to reach a safe place without its address. */
  frontGates: string[];
  phones: Array<{ number: string; extension: number | null; kind: string; description: string | null }>;
  schedules: Array<{
    weekday: number;
    opensAt: string;
    closesAt: string;
    note: string | null;
    city: string | null;
  }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A service of the public directory, or null when it does not exist or is not public (the same
 * answer, so a hidden entry is not revealed). Cities of confidential places are left out too.
 */
export async function getPublicService(
  platform: Platform,
  locale: Locale,
  id: string,
): Promise<PublicServiceView | null> {
  if (!UUID.test(id)) return null;
  const db = platform.db;
  const now = platform.now();
  const row = await repo.findPublicService(db, id, now);
  if (!row) return null;
  const english = locale === 'en-CA';
  const clock = wallClock(now, platform.config.timeZone);
  const [summary] = await summaries(db, [row], english, clock);
  const locations = await repo.publicLocations(db, id);
  const phones = await repo.publicPhones(db, id, row.organisation_id);
  const schedules = await repo.schedulesOf(db, id);
  const cityOf = new Map(
    locations.map((l) => [l.service_location_id, l.confidential ? null : (l.city ?? null)] as const),
  );
  return {
    summary: summary!,
    eligibility: row.eligibility_fr ? text(english, row.eligibility_fr, row.eligibility_en) : null,
    application: row.application_fr ? text(english, row.application_fr, row.application_en) : null,
    fees: row.fees_fr ? text(english, row.fees_fr, row.fees_en) : null,
    free: row.free,
    url: row.url,
    email: row.email,
    frontGates: locations
      .filter((l) => l.confidential && l.front_gate_fr)
      .map((l) => text(english, l.front_gate_fr!, l.front_gate_en)),
    phones: phones.map((p) => ({
      number: p.number,
      extension: p.extension,
      kind: p.kind,
      description: p.description_fr ? text(english, p.description_fr, p.description_en) : null,
    })),
    schedules: schedules.map((h) => ({
      weekday: h.weekday,
      opensAt: h.opens_at.slice(0, 5),
      closesAt: h.closes_at.slice(0, 5),
      note: h.note_fr ? text(english, h.note_fr, h.note_en) : null,
      city: h.service_location_id ? (cityOf.get(h.service_location_id) ?? null) : null,
    })),
  };
}
