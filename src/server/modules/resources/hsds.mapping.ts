import { createHash } from 'node:crypto';
import type { Locale } from '../../../shared/roles.js';
import { t as translate } from '../../platform/i18n/i18n.js';
import type {
  OrganisationRow,
  PhoneRow,
  ScheduleRow,
  ServiceLocationRow,
  ServiceRow,
} from './hsds.repository.js';

/**
 * Rows of the directory → Open Referral HSDS 3.0 objects (service.json with its organization,
 * service_at_locations and locations nested). Pure: no database, no clock.
 *
 * Choices (the README says them too):
 * - One language per export: each HSDS text field carries the reader's language (`en-CA`: the English
 *   text when there is one, else the French; `fr-CA`: the French). HSDS 3.0 has one value per field;
 *   a consumer wanting both asks twice (`?lang=en`). Taxonomy terms say their `language`.
 * - Objects Filet keeps as columns or arrays (languages, taxonomy, audiences, genders, the service's
 *   region, "free", an address) get identifiers derived from their owner and their value (a UUID made
 *   from a SHA-1, as UUID v5), so two exports of the same data are equal.
 * - Taxonomy, audiences, genders, the hotline kind of a phone and the confidentiality of a location
 *   are attributes linking to terms of Filet's taxonomies (`filet`, `filet-audience`, `filet-gender`,
 *   `filet-phone`, `filet-location`); the `filet` term codes are RESOURCE_TAXONOMY.
 * - A confidential location (a safe place) exports nothing that could lead to it: no name, address,
 *   city, coordinates, directions, accessibility notes or phone lines of the place; its description
 *   says why and gives the front gate (the contact), as the public pages do. The sealed address is
 *   never read by the export.
 */

// The caches below hold texts derived from the catalogues and the language names of Intl, keyed by
// locale (and, for texts, a time of day at most): constants of the build, not state of a request, so
// they are right on any node and after a restart, and their size is bounded.
const texts = new Map<string, string>();

/**
 * A catalogue text, looked up once per process for each key and parameters (the translator costs
 * about a tenth of a millisecond a call; the export asks for the same few texts thousands of times).
 */
function t(locale: Locale, key: string, params?: Record<string, string>): string {
  const cacheKey = params ? `${locale}:${key}:${JSON.stringify(params)}` : `${locale}:${key}`;
  let value = texts.get(cacheKey);
  if (value === undefined) {
    value = translate(locale, key, params);
    texts.set(cacheKey, value);
  }
  return value;
}

/** Open Referral's day codes, Monday = 1. */
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** A stable identifier for an object Filet derives from `parts` (UUID v5 layout over SHA-1). */
export function derivedId(...parts: string[]): string {
  const hash = createHash('sha1')
    .update(`filet.hsds:${parts.join(':')}`)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Drops keys whose value is undefined or null, so absent stays absent. */
function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined && item !== null) out[key] = item;
  return out as Partial<T>;
}

/** The reader's text: English when asked for and written, else French. */
function text(locale: Locale, fr: string | null, en: string | null): string | undefined {
  const chosen = locale === 'en-CA' && en ? en : fr;
  return chosen ? chosen : undefined;
}

/** An absolute http(s) URL, or nothing (HSDS wants a URI; a bare host gets https://). */
export function uri(value: string | null): string | undefined {
  if (!value) return undefined;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** An e-mail address, or nothing when it does not look like one (HSDS wants an e-mail). */
export function email(value: string | null): string | undefined {
  return value && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : undefined;
}

/** HH:MM:SS from PostgreSQL's time text. */
function clock(value: string): string {
  const [h = '00', m = '00', s = '00'] = value.split(':');
  return `${h.padStart(2, '0')}:${m.padStart(2, '0')}:${s.slice(0, 2).padStart(2, '0')}`;
}

type Taxonomy = 'filet' | 'filet-audience' | 'filet-gender' | 'filet-phone' | 'filet-location';

const terms = new Map<string, ReturnType<typeof makeTerm>>();

function makeTerm(locale: Locale, taxonomy: Taxonomy, code: string, name: string) {
  const taxonomyId = derivedId('taxonomy', taxonomy);
  return {
    id: derivedId('term', taxonomy, code),
    code,
    name,
    description: name,
    taxonomy,
    taxonomy_id: taxonomyId,
    taxonomy_detail: {
      id: taxonomyId,
      name: taxonomy,
      description: t(locale, 'hsds.taxonomy.description'),
      version: '1',
    },
    language: locale.slice(0, 2),
  };
}

/** A term of one of Filet's taxonomies, built once per process and language (terms are shared, read only). */
function term(locale: Locale, taxonomy: Taxonomy, code: string, name: string) {
  const key = `${locale}:${taxonomy}:${code}:${name}`;
  let found = terms.get(key);
  if (!found) {
    found = makeTerm(locale, taxonomy, code, name);
    terms.set(key, found);
  }
  return found;
}

function attribute(
  locale: Locale,
  link: { id: string; entity: string },
  taxonomy: Taxonomy,
  code: string,
  name: string,
) {
  const taxonomyTerm = term(locale, taxonomy, code, name);
  return {
    id: derivedId('attribute', link.id, taxonomyTerm.id),
    link_id: link.id,
    link_type: taxonomy,
    link_entity: link.entity,
    taxonomy_term_id: taxonomyTerm.id,
    value: code,
    taxonomy_term: taxonomyTerm,
  };
}

const languageNames = new Map<string, string>();

/** A language's name in the reader's language (cached: building the formatter is costly). */
function languageName(locale: Locale, code: string): string {
  const key = `${locale}:${code}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
    } catch {
      name = code;
    }
    languageNames.set(key, name);
  }
  return name;
}

function languages(
  locale: Locale,
  owner: { service_id?: string; phone_id?: string },
  codes: readonly string[],
) {
  const ownerId = owner.service_id ?? owner.phone_id ?? '';
  return codes.map((code) => ({
    id: derivedId('language', ownerId, code),
    ...owner,
    name: languageName(locale, code),
    code,
  }));
}

function phone(locale: Locale, row: PhoneRow) {
  return compact({
    id: row.id,
    organization_id: row.organisation_id,
    service_id: row.service_id,
    location_id: row.location_id,
    number: row.number,
    extension: row.extension,
    type: row.kind === 'hotline' ? 'voice' : row.kind,
    description: text(locale, row.description_fr, row.description_en),
    languages: languages(locale, { phone_id: row.id }, row.languages),
    attributes:
      row.kind === 'hotline'
        ? [attribute(locale, { id: row.id, entity: 'phone' }, 'filet-phone', 'hotline', 'hotline')]
        : [],
  });
}

function schedule(locale: Locale, row: ScheduleRow) {
  const opens = clock(row.opens_at);
  const closes = clock(row.closes_at);
  const note = text(locale, row.note_fr, row.note_en);
  const pastMidnight = closes < opens ? t(locale, 'hsds.pastMidnight', { time: closes.slice(0, 5) }) : null;
  return compact({
    id: row.id,
    service_id: row.service_id,
    service_at_location_id: row.service_location_id,
    freq: 'WEEKLY',
    interval: 1,
    wkst: 'MO',
    byday: BYDAY[row.weekday - 1] as string,
    opens_at: opens,
    closes_at: closes,
    description: [note, pastMidnight].filter(Boolean).join(' — ') || undefined,
  });
}

function alwaysOpen(locale: Locale, serviceId: string) {
  return {
    id: derivedId('always_open', serviceId),
    service_id: serviceId,
    freq: 'WEEKLY',
    interval: 1,
    wkst: 'MO',
    byday: BYDAY.join(','),
    description: t(locale, 'hsds.alwaysOpen'),
  };
}

function location(locale: Locale, row: ServiceLocationRow, phones: readonly PhoneRow[]) {
  // A confidential place (a safe place) gives nothing that could lead to it: no name, city, address,
  // coordinates, directions, accessibility notes or phone lines of the place; only that it is
  // confidential and its front gate, the contact that stands for it, as the public pages do.
  if (row.confidential) {
    return compact({
      id: row.location_id,
      location_type: row.location_type,
      organization_id: row.organisation_id,
      description: [t(locale, 'hsds.confidential'), text(locale, row.front_gate_fr, row.front_gate_en)]
        .filter(Boolean)
        .join('\n\n'),
      addresses: [],
      accessibility: [],
      phones: [],
      attributes: [
        attribute(
          locale,
          { id: row.location_id, entity: 'location' },
          'filet-location',
          'confidential',
          t(locale, 'hsds.confidentialTerm'),
        ),
      ],
    });
  }
  const accessibility = text(locale, row.accessibility_fr, row.accessibility_en);
  const address =
    row.address_1 !== null || row.city !== null
      ? [
          compact({
            id: derivedId('address', row.location_id),
            location_id: row.location_id,
            address_1: row.address_1 ?? '',
            address_2: row.address_2,
            city: row.city ?? '',
            state_province: row.state_province,
            postal_code: row.postal_code ?? '',
            country: row.country,
            address_type: row.location_type,
          }),
        ]
      : [];
  return compact({
    id: row.location_id,
    location_type: row.location_type,
    organization_id: row.organisation_id,
    name: row.name,
    description: text(locale, row.description_fr, row.description_en),
    transportation: text(locale, row.transportation_fr, row.transportation_en),
    latitude: row.latitude,
    longitude: row.longitude,
    addresses: address,
    accessibility: accessibility
      ? [
          {
            id: derivedId('accessibility', row.location_id),
            location_id: row.location_id,
            description: accessibility,
          },
        ]
      : [],
    phones: phones.map((p) => phone(locale, p)),
    attributes: [],
  });
}

function organization(locale: Locale, row: OrganisationRow, phones: readonly PhoneRow[]) {
  return compact({
    id: row.id,
    name: row.name,
    alternate_name: row.alternate_name,
    description: text(locale, row.description_fr, row.description_en) ?? '',
    email: email(row.email),
    website: uri(row.website),
    phones: phones.map((p) => phone(locale, p)),
  });
}

/** Everything one page of services needs, grouped by owner. */
export interface PageContext {
  organisations: ReadonlyMap<string, OrganisationRow>;
  serviceLocations: ReadonlyMap<string, readonly ServiceLocationRow[]>;
  phonesByOrganisation: ReadonlyMap<string, readonly PhoneRow[]>;
  phonesByService: ReadonlyMap<string, readonly PhoneRow[]>;
  phonesByLocation: ReadonlyMap<string, readonly PhoneRow[]>;
  schedulesByService: ReadonlyMap<string, readonly ScheduleRow[]>;
  schedulesByServiceLocation: ReadonlyMap<string, readonly ScheduleRow[]>;
}

/** One directory service as an HSDS 3.0 service, in the reader's language. */
export function toHsdsService(locale: Locale, row: ServiceRow, page: PageContext) {
  const link = { id: row.id, entity: 'service' };
  const organisation = page.organisations.get(row.organisation_id);
  const schedules = (page.schedulesByService.get(row.id) ?? []).map((s) => schedule(locale, s));
  if (row.always_open) schedules.unshift(alwaysOpen(locale, row.id));
  return compact({
    id: row.id,
    organization_id: row.organisation_id,
    name: text(locale, row.name_fr, row.name_en) ?? row.name_fr,
    description: text(locale, row.description_fr, row.description_en),
    url: uri(row.url),
    email: email(row.email),
    status: row.status,
    application_process: text(locale, row.application_fr, row.application_en),
    fees_description: text(locale, row.fees_fr, row.fees_en),
    eligibility_description: text(locale, row.eligibility_fr, row.eligibility_en),
    minimum_age: row.min_age,
    maximum_age: row.max_age,
    assured_date: row.confirmed_at.toISOString().slice(0, 10),
    last_modified: row.updated_at.toISOString(),
    phones: (page.phonesByService.get(row.id) ?? []).map((p) => phone(locale, p)),
    schedules,
    service_areas: [
      { id: derivedId('service_area', row.id, row.region), service_id: row.id, name: row.region },
    ],
    service_at_locations: (page.serviceLocations.get(row.id) ?? []).map((sl) => ({
      id: sl.id,
      service_id: row.id,
      location_id: sl.location_id,
      schedules: (page.schedulesByServiceLocation.get(sl.id) ?? []).map((s) => schedule(locale, s)),
      location: location(locale, sl, page.phonesByLocation.get(sl.location_id) ?? []),
    })),
    languages: languages(locale, { service_id: row.id }, row.languages),
    organization: organisation
      ? organization(locale, organisation, page.phonesByOrganisation.get(organisation.id) ?? [])
      : undefined,
    cost_options: row.free
      ? [
          {
            id: derivedId('cost_option', row.id, 'free'),
            service_id: row.id,
            option: t(locale, 'hsds.free'),
            amount: 0,
            currency: 'CAD',
          },
        ]
      : [],
    attributes: [
      ...row.taxonomy.map((code) => attribute(locale, link, 'filet', code, t(locale, `hsds.terms.${code}`))),
      ...row.audiences.map((code) =>
        attribute(locale, link, 'filet-audience', code, t(locale, `hsds.audiences.${code}`)),
      ),
      ...row.genders.map((code) =>
        attribute(locale, link, 'filet-gender', code, t(locale, `hsds.genders.${code}`)),
      ),
    ],
  });
}
export type HsdsService = ReturnType<typeof toHsdsService>;
