import { createHash } from 'node:crypto';
import {
  RESOURCE_AUDIENCES,
  RESOURCE_GENDERS,
  RESOURCE_TAXONOMY,
  type ResourceAudience,
  type ResourceGender,
  type ResourceTaxonomy,
  type ServiceStatus,
} from '../../../shared/contracts/resources.values.js';
import type { Locale } from '../../../shared/roles.js';
import type { FieldProblem } from '../../platform/errors.js';
import { t } from '../../platform/i18n/i18n.js';
import { derivedId } from './hsds.mapping.js';

/**
 * Open Referral HSDS 3.0 services → rows of the directory: the reverse of hsds.mapping.ts. Pure: no
 * database, no clock. The export's choices read backwards:
 * - Texts go to the columns of the file's language (`fr` → `_fr`, `en` → `_en`); a new entry read from
 *   an English file also gets the English text in its French columns, which Filet requires.
 * - The `filet`, `filet-audience` and `filet-gender` terms become the service's taxonomy, audiences and
 *   genders; terms of other taxonomies (a 211's own) are left out and said in the report.
 * - A phone with the `filet-phone` `hotline` term is a hotline; a location with the `filet-location`
 *   `confidential` term is a confidential place: only its type and its front gate (the description,
 *   without the export's warning) are kept, never an address, since no file carries a sealed one.
 * - A schedule on all seven days without hours is "open around the clock"; a weekly schedule on
 *   several days becomes one row a day; other schedules (monthly, dated) are left out and said.
 * - A cost option of amount 0 means free; none means not free, as the export writes it.
 * - Identifiers are kept, lower-cased, when they are UUIDs; any other identifier (a 211's "1234")
 *   becomes the same derived UUID wherever it appears, so a second import finds the same entries.
 */

// biome-ignore lint/suspicious/noExplicitAny: an HSDS file is read after the shared schemas checked it.
type Json = any;

/** The language the texts of a file are written in. */
export type ImportLanguage = 'fr' | 'en';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The UUID an identifier of a file stands for: itself when it is one, else derived from it (v5 layout). */
export function importedId(value: string): string {
  return UUID.test(value) ? value.toLowerCase() : derivedId('imported', value);
}

function isIdKey(key: string): boolean {
  return key === 'id' || key.endsWith('_id');
}

/**
 * A copy of a file's value where every identifier (`id`, `*_id`) is a UUID: the same non-UUID
 * identifier gives the same UUID wherever it appears, so the references between objects still hold.
 */
export function withUuidIds(value: Json): Json {
  if (Array.isArray(value)) return value.map(withUuidIds);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    // A number where HSDS wants a string identifier (some 211 exports) is read as its digits.
    const id = typeof item === 'number' && Number.isFinite(item) ? String(item) : item;
    out[key] = isIdKey(key) && typeof id === 'string' && id !== '' ? importedId(id) : withUuidIds(item);
  }
  return out;
}

/** JSON with its object keys sorted: the same content always gives the same text. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The digest a dry run gives and an apply must send back: the file's canonical form and the options. */
export function importDigest(services: readonly Json[], options: { region: string; lang: string }): string {
  return createHash('sha256')
    .update(canonicalJson({ services, region: options.region, lang: options.lang }))
    .digest('hex');
}

/** The services of a file: a bare array, or the paginated envelope of the HSDS API (`contents`). */
export function servicesOf(body: unknown): Json[] | null {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && Array.isArray((body as { contents?: unknown }).contents))
    return (body as { contents: Json[] }).contents;
  return null;
}

// ── What an import writes ────────────────────────────────────────────────────────────────────────

export interface ImportedPhone {
  id: string;
  number: string;
  extension: number | null;
  kind: 'voice' | 'text' | 'hotline' | 'fax';
  description: string | null;
  languages: string[];
  position: number;
}

export interface ImportedSchedule {
  id: string;
  weekday: number;
  opens_at: string;
  closes_at: string;
  note: string | null;
}

/** Texts are named without their language suffix; the service puts them in the file's columns. */
export interface ImportedOrganisation {
  id: string;
  name: string;
  alternate_name: string | null;
  texts: { description: string };
  email: string | null;
  website: string | null;
  phones: ImportedPhone[];
}

export interface ImportedLocation {
  id: string;
  /** The organisation the file names for the place (the service's when it names none). */
  organisationId: string;
  confidential: boolean;
  values: {
    location_type: 'physical' | 'postal' | 'virtual';
    name: string | null;
    address_1: string | null;
    address_2: string | null;
    city: string | null;
    state_province: string;
    postal_code: string | null;
    country: string;
    latitude: number | null;
    longitude: number | null;
  };
  texts: {
    description: string | null;
    transportation: string | null;
    accessibility: string | null;
    front_gate: string | null;
  };
  phones: ImportedPhone[];
}

export interface ImportedServiceLocation {
  id: string;
  locationId: string;
  schedules: ImportedSchedule[];
}

export interface ImportedService {
  id: string;
  /** The identifier the file gave, when it was not a UUID. */
  sourceId: string | null;
  organisationId: string | null;
  organisation: ImportedOrganisation | null;
  values: {
    free: boolean;
    url: string | null;
    email: string | null;
    status: ServiceStatus;
    taxonomy: ResourceTaxonomy[];
    audiences: ResourceAudience[];
    genders: ResourceGender[];
    languages: string[];
    min_age: number | null;
    max_age: number | null;
    always_open: boolean;
  };
  texts: {
    name: string;
    description: string;
    eligibility: string | null;
    application: string | null;
    fees: string | null;
  };
  /** The source's dates: when the entry was last confirmed and last changed. */
  assuredAt: Date | null;
  modifiedAt: Date | null;
  phones: ImportedPhone[];
  schedules: ImportedSchedule[];
  locations: ImportedServiceLocation[];
  locationsInFile: ImportedLocation[];
  /** What the file holds that Filet does not keep (for the report). */
  notes: string[];
}

/** A file's problems Filet's columns cannot hold, with the path of each. */
export class ImportProblems {
  readonly list: FieldProblem[] = [];
  text(path: string, value: unknown, max: number, min = 0): string | null {
    if (typeof value !== 'string') return null;
    const trimmed = value.trim();
    if (trimmed === '') {
      if (min > 0) this.list.push({ field: path, rule: 'resources_hsds_required', params: { path } });
      return null;
    }
    if (trimmed.length > max || trimmed.length < min)
      this.list.push({ field: path, rule: 'resources_hsds_length', params: { path, min, max } });
    return trimmed;
  }
  /**
   * A web address a page may link to: http(s) kept, a bare `www.` address given https, any other scheme
   * (`javascript:`, `data:`…) refused with the file.
   */
  web(path: string, value: unknown): string | null {
    const text = this.text(path, value, 500);
    if (text === null || /^https?:\/\/\S+$/i.test(text)) return text;
    if (/^www\.\S+$/i.test(text)) return `https://${text}`;
    this.list.push({ field: path, rule: 'resources_hsds_web_address', params: { path } });
    return null;
  }
  number(path: string, value: unknown, min: number, max: number): number | null {
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    if (value < min || value > max)
      this.list.push({ field: path, rule: 'resources_hsds_range', params: { path, min, max } });
    return value;
  }
}

const PHONE_KINDS: Record<string, ImportedPhone['kind']> = { voice: 'voice', text: 'text', fax: 'fax' };
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function localeOf(lang: ImportLanguage): Locale {
  return lang === 'en' ? 'en-CA' : 'fr-CA';
}

/** The code of a term of one of Filet's taxonomies an attribute links to, or null. */
function termOf(attribute: Json, taxonomy: string): string | null {
  const term = attribute?.taxonomy_term;
  if (term && term.taxonomy === taxonomy && typeof term.code === 'string') return term.code;
  if (attribute?.link_type === taxonomy && typeof attribute.value === 'string') return attribute.value;
  return null;
}

function hasTerm(attributes: Json, taxonomy: string, code: string): boolean {
  return Array.isArray(attributes) && attributes.some((a: Json) => termOf(a, taxonomy) === code);
}

function languageCodes(list: Json): string[] {
  if (!Array.isArray(list)) return [];
  const codes = list
    .map((l: Json) => (typeof l?.code === 'string' ? l.code.trim().toLowerCase().slice(0, 2) : ''))
    .filter((c: string) => /^[a-z]{2}$/.test(c));
  return [...new Set<string>(codes)];
}

function phones(problems: ImportProblems, path: string, list: Json): ImportedPhone[] {
  if (!Array.isArray(list)) return [];
  return list.map((p: Json, position: number) => {
    const at = `${path}.${position}`;
    return {
      id: importedId(p.id),
      number: problems.text(`${at}.number`, p.number, 40, 3) ?? '',
      extension:
        typeof p.extension === 'number'
          ? problems.number(`${at}.extension`, Math.trunc(p.extension), 0, 99_999_999)
          : null,
      kind: hasTerm(p.attributes, 'filet-phone', 'hotline') ? 'hotline' : (PHONE_KINDS[p.type] ?? 'voice'),
      description: problems.text(`${at}.description`, p.description, 500),
      languages: languageCodes(p.languages),
      position,
    };
  });
}

/** `HH:MM` or `HH:MM:SS` (an offset after it is dropped: hours are the region's) as `HH:MM:SS`. */
function clock(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!match) return null;
  return `${match[1]}:${match[2]}:${match[3] ?? '00'}`;
}

/** Weekly schedules as rows; `alwaysOpen` when one says all seven days without hours. */
function schedules(
  lang: ImportLanguage,
  problems: ImportProblems,
  path: string,
  list: Json,
  notes: string[],
): { rows: ImportedSchedule[]; alwaysOpen: boolean } {
  const rows: ImportedSchedule[] = [];
  let alwaysOpen = false;
  if (!Array.isArray(list)) return { rows, alwaysOpen };
  list.forEach((s: Json, index: number) => {
    const days =
      typeof s.byday === 'string' ? s.byday.split(',').map((d: string) => d.trim().toUpperCase()) : [];
    const weekdays = days.map((d: string) => BYDAY.indexOf(d) + 1).filter((d: number) => d > 0);
    const weekly =
      (s.freq ?? 'WEEKLY') === 'WEEKLY' && (s.interval ?? 1) === 1 && weekdays.length === days.length;
    const opens = clock(s.opens_at);
    const closes = clock(s.closes_at);
    if (weekly && weekdays.length === 7 && opens === null && closes === null) {
      alwaysOpen = true;
      return;
    }
    if (!weekly || weekdays.length === 0 || opens === null || closes === null || opens === closes) {
      notes.push(`${path}.${index}`);
      return;
    }
    // The export adds "closes the next day at …" to a schedule past midnight: not part of the note.
    let description = typeof s.description === 'string' ? s.description : '';
    if (closes < opens) {
      const suffix = t(localeOf(lang), 'hsds.pastMidnight', { time: closes.slice(0, 5) });
      if (description === suffix) description = '';
      else if (description.endsWith(` — ${suffix}`)) description = description.slice(0, -(suffix.length + 3));
    }
    const note = problems.text(`${path}.${index}.description`, description, 300);
    const id = importedId(s.id);
    weekdays.forEach((weekday: number, i: number) => {
      rows.push({
        id: i === 0 ? id : derivedId('schedule', id, String(weekday)),
        weekday,
        opens_at: opens,
        closes_at: closes,
        note,
      });
    });
  });
  return { rows, alwaysOpen };
}

function organisation(problems: ImportProblems, path: string, o: Json): ImportedOrganisation {
  return {
    id: importedId(o.id),
    name: problems.text(`${path}.name`, o.name, 200, 1) ?? '',
    alternate_name: problems.text(`${path}.alternate_name`, o.alternate_name, 200),
    texts: { description: problems.text(`${path}.description`, o.description, 4000) ?? '' },
    email: problems.text(`${path}.email`, o.email, 254),
    website: problems.web(`${path}.website`, o.website),
    phones: phones(problems, `${path}.phones`, o.phones),
  };
}

/** The confidential place's description the export writes, without its warning: the front gate. */
function frontGate(lang: ImportLanguage, description: unknown): string | null {
  if (typeof description !== 'string') return null;
  for (const locale of [localeOf(lang), 'fr-CA', 'en-CA'] as const) {
    const warning = t(locale, 'hsds.confidential');
    if (description === warning) return null;
    if (description.startsWith(`${warning}\n\n`)) return description.slice(warning.length + 2);
  }
  return description;
}

function location(
  lang: ImportLanguage,
  problems: ImportProblems,
  path: string,
  l: Json,
  serviceOrganisation: string | null,
): ImportedLocation {
  const id = importedId(l.id);
  const organisationId =
    typeof l.organization_id === 'string' ? importedId(l.organization_id) : serviceOrganisation;
  const type: ImportedLocation['values']['location_type'] = ['physical', 'postal', 'virtual'].includes(
    l.location_type,
  )
    ? l.location_type
    : 'physical';
  const confidential = hasTerm(l.attributes, 'filet-location', 'confidential');
  const blank = {
    location_type: type,
    name: null,
    address_1: null,
    address_2: null,
    city: null,
    state_province: 'QC',
    postal_code: null,
    country: 'CA',
    latitude: null,
    longitude: null,
  };
  if (confidential) {
    // No file carries a sealed address: a confidential place keeps its front gate only.
    return {
      id,
      organisationId: organisationId ?? '',
      confidential: true,
      values: blank,
      texts: {
        description: null,
        transportation: null,
        accessibility: null,
        front_gate: problems.text(`${path}.description`, frontGate(lang, l.description), 1000),
      },
      phones: [],
    };
  }
  const address = Array.isArray(l.addresses)
    ? (l.addresses.find((a: Json) => a.address_type === 'physical') ?? l.addresses[0])
    : undefined;
  const at = `${path}.addresses.0`;
  const accessibility = Array.isArray(l.accessibility)
    ? l.accessibility
        .map((a: Json) => (typeof a.description === 'string' ? a.description.trim() : ''))
        .filter(Boolean)
        .join('\n')
    : '';
  return {
    id,
    organisationId: organisationId ?? '',
    confidential: false,
    values: {
      location_type: type,
      name: problems.text(`${path}.name`, l.name, 200),
      address_1: problems.text(`${at}.address_1`, address?.address_1, 200),
      address_2: problems.text(`${at}.address_2`, address?.address_2, 200),
      city: problems.text(`${at}.city`, address?.city, 100),
      state_province: problems.text(`${at}.state_province`, address?.state_province, 100) ?? 'QC',
      postal_code: problems.text(`${at}.postal_code`, address?.postal_code, 20),
      country: (problems.text(`${at}.country`, address?.country, 2, 2) ?? 'CA').toUpperCase(),
      latitude: problems.number(`${path}.latitude`, l.latitude, -90, 90),
      longitude: problems.number(`${path}.longitude`, l.longitude, -180, 180),
    },
    texts: {
      description: problems.text(`${path}.description`, l.description, 2000),
      transportation: problems.text(`${path}.transportation`, l.transportation, 1000),
      accessibility: problems.text(`${path}.accessibility`, accessibility, 1000),
      front_gate: null,
    },
    phones: phones(problems, `${path}.phones`, l.phones),
  };
}

function codes<T extends string>(attributes: Json, taxonomy: string, allowed: readonly T[]): T[] {
  if (!Array.isArray(attributes)) return [];
  const found = attributes
    .map((a: Json) => termOf(a, taxonomy))
    .filter((c: string | null): c is T => allowed.includes(c as T));
  return [...new Set(found)];
}

const FILET_TAXONOMIES = ['filet', 'filet-audience', 'filet-gender'];

function date(value: unknown, endOfDay = false): Date | null {
  if (typeof value !== 'string') return null;
  const parsed = new Date(
    /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : value,
  );
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/**
 * One HSDS service (identifiers already made UUIDs by `withUuidIds`) as what Filet would write, with
 * the problems its columns could not hold added to `problems` under `path`.
 */
export function fromHsdsService(
  lang: ImportLanguage,
  problems: ImportProblems,
  path: string,
  s: Json,
  sourceId: string | null,
): ImportedService {
  const notes: string[] = [];
  const organisationId =
    typeof s.organization_id === 'string'
      ? s.organization_id
      : typeof s.organization?.id === 'string'
        ? s.organization.id
        : null;
  const own = schedules(lang, problems, `${path}.schedules`, s.schedules, notes);
  const locationsInFile: ImportedLocation[] = [];
  const locations: ImportedServiceLocation[] = [];
  (Array.isArray(s.service_at_locations) ? s.service_at_locations : []).forEach((sl: Json, index: number) => {
    const at = `${path}.service_at_locations.${index}`;
    const locationId =
      typeof sl.location?.id === 'string'
        ? sl.location.id
        : typeof sl.location_id === 'string'
          ? sl.location_id
          : null;
    if (locationId === null) {
      notes.push(at);
      return;
    }
    if (sl.location)
      locationsInFile.push(location(lang, problems, `${at}.location`, sl.location, organisationId));
    locations.push({
      id: sl.id,
      locationId,
      schedules: schedules(lang, problems, `${at}.schedules`, sl.schedules, notes).rows,
    });
  });
  const attributes = Array.isArray(s.attributes) ? s.attributes : [];
  attributes.forEach((a: Json, index: number) => {
    const taxonomy = a?.taxonomy_term?.taxonomy ?? a?.link_type;
    if (!FILET_TAXONOMIES.includes(taxonomy)) notes.push(`${path}.attributes.${index}`);
  });
  const minAge = problems.number(`${path}.minimum_age`, s.minimum_age, 0, 120);
  const maxAge = problems.number(`${path}.maximum_age`, s.maximum_age, 0, 120);
  if (minAge !== null && maxAge !== null && minAge > maxAge)
    problems.list.push({
      field: `${path}.maximum_age`,
      rule: 'resources_hsds_range',
      params: { path: `${path}.maximum_age`, min: minAge, max: 120 },
    });
  return {
    id: s.id,
    sourceId,
    organisationId,
    organisation: s.organization ? organisation(problems, `${path}.organization`, s.organization) : null,
    values: {
      free: Array.isArray(s.cost_options) && s.cost_options.some((c: Json) => c.amount === 0),
      url: problems.web(`${path}.url`, s.url),
      email: problems.text(`${path}.email`, s.email, 254),
      status: s.status,
      taxonomy: codes(attributes, 'filet', RESOURCE_TAXONOMY),
      audiences: codes(attributes, 'filet-audience', RESOURCE_AUDIENCES),
      genders: codes(attributes, 'filet-gender', RESOURCE_GENDERS),
      languages: languageCodes(s.languages),
      min_age: minAge === null ? null : Math.trunc(minAge),
      max_age: maxAge === null ? null : Math.trunc(maxAge),
      always_open: own.alwaysOpen,
    },
    texts: {
      name: problems.text(`${path}.name`, s.name, 200, 1) ?? '',
      description: problems.text(`${path}.description`, s.description, 4000) ?? '',
      eligibility: problems.text(`${path}.eligibility_description`, s.eligibility_description, 2000),
      application: problems.text(`${path}.application_process`, s.application_process, 2000),
      fees: problems.text(`${path}.fees_description`, s.fees_description, 1000),
    },
    assuredAt: date(s.assured_date),
    modifiedAt: date(s.last_modified),
    phones: phones(problems, `${path}.phones`, s.phones),
    schedules: own.rows,
    locations,
    locationsInFile,
    notes,
  };
}
