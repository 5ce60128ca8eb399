// How the directory's entries leave the server: texts in the reader's language (English when they read
// English and it exists, else French), both languages for the edit forms, and never a sealed address.
import type {
  Capacity,
  KeptServices,
  ResourceLocation,
  ResourceOrganisation,
  ResourceOrganisationList,
  ServiceDetail,
} from '../../../shared/contracts/resources.js';
import type { Locale } from '../../../shared/roles.js';
import type { getOrganisation, listOrganisations } from './directory.service.js';
import type { LocationRow } from './locations.repository.js';
import type { getService, keptServices } from './services.service.js';

/** The reader's language: English when they read English and it exists, French otherwise. */
export function pick(locale: Locale, fr: string, en: string | null): string;
export function pick(locale: Locale, fr: string | null, en: string | null): string | null;
export function pick(locale: Locale, fr: string | null, en: string | null): string | null {
  return locale === 'en-CA' && en ? en : fr;
}

const iso = (date: Date) => date.toISOString();

export function presentCapacity(row: {
  id: string;
  places_available: number | null;
  places_maximum: number | null;
  capacity_updated_at: Date | null;
  capacity_version: number;
}): Capacity {
  return {
    serviceLocationId: row.id,
    available: row.places_available,
    maximum: row.places_maximum,
    updatedAt: row.capacity_updated_at ? iso(row.capacity_updated_at) : null,
    version: row.capacity_version,
  };
}

/** A location without its sealed address; confidential ones carry no plain address either. */
export function presentLocation(locale: Locale, row: LocationRow, canReveal: boolean): ResourceLocation {
  const plain = !row.confidential;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    locationType: row.location_type,
    name: row.name,
    description: pick(locale, row.description_fr, row.description_en),
    confidential: row.confidential,
    address1: plain ? row.address_1 : null,
    address2: plain ? row.address_2 : null,
    postalCode: plain ? row.postal_code : null,
    city: row.city,
    frontGate: pick(locale, row.front_gate_fr, row.front_gate_en),
    transportation: pick(locale, row.transportation_fr, row.transportation_en),
    accessibility: pick(locale, row.accessibility_fr, row.accessibility_en),
    texts: {
      descriptionFr: row.description_fr,
      descriptionEn: row.description_en,
      frontGateFr: row.front_gate_fr,
      frontGateEn: row.front_gate_en,
      transportationFr: row.transportation_fr,
      transportationEn: row.transportation_en,
      accessibilityFr: row.accessibility_fr,
      accessibilityEn: row.accessibility_en,
    },
    version: row.version,
    canReveal,
  };
}

export function presentOrganisationList(
  rows: Awaited<ReturnType<typeof listOrganisations>>,
): ResourceOrganisationList {
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      public: r.public,
      keeperOrganisationId: r.keeper_organisation_id,
      canKeep: r.canKeep,
    })),
  };
}

export function presentOrganisation(
  locale: Locale,
  canKeep: boolean,
  data: Awaited<ReturnType<typeof getOrganisation>>,
): ResourceOrganisation {
  const o = data.organisation;
  return {
    id: o.id,
    name: o.name,
    alternateName: o.alternate_name,
    description: pick(locale, o.description_fr, o.description_en),
    descriptionFr: o.description_fr,
    descriptionEn: o.description_en,
    email: o.email,
    website: o.website,
    public: o.public,
    keeperOrganisationId: o.keeper_organisation_id,
    partnerOrganisationId: o.partner_organisation_id,
    version: o.version,
    canKeep,
    locations: data.locations.map((l) => presentLocation(locale, l.location, l.canReveal)),
    services: data.services.map((s) => ({
      id: s.id,
      name: pick(locale, s.name_fr, s.name_en),
      status: s.status,
      stale: s.status !== 'defunct' && s.confirmed_at < data.cutoff,
    })),
  };
}

export function presentService(locale: Locale, data: Awaited<ReturnType<typeof getService>>): ServiceDetail {
  const s = data.service;
  return {
    id: s.id,
    organisation: {
      id: data.organisation.id,
      name: data.organisation.name,
      public: data.organisation.public,
    },
    keeperOrganisationId: s.keeper_organisation_id,
    name: pick(locale, s.name_fr, s.name_en),
    description: pick(locale, s.description_fr, s.description_en),
    eligibility: pick(locale, s.eligibility_fr, s.eligibility_en),
    application: pick(locale, s.application_fr, s.application_en),
    fees: pick(locale, s.fees_fr, s.fees_en),
    texts: {
      nameFr: s.name_fr,
      nameEn: s.name_en,
      descriptionFr: s.description_fr,
      descriptionEn: s.description_en,
      eligibilityFr: s.eligibility_fr,
      eligibilityEn: s.eligibility_en,
      applicationFr: s.application_fr,
      applicationEn: s.application_en,
      feesFr: s.fees_fr,
      feesEn: s.fees_en,
    },
    free: s.free,
    url: s.url,
    email: s.email,
    status: s.status,
    taxonomy: s.taxonomy,
    audiences: s.audiences,
    genders: s.genders,
    languages: s.languages,
    minAge: s.min_age,
    maxAge: s.max_age,
    region: s.region,
    alwaysOpen: s.always_open,
    safePlace: s.safe_place,
    public: s.public,
    acceptsReferrals: s.accepts_referrals,
    responseDays: s.response_days,
    confirmedAt: iso(s.confirmed_at),
    stale: data.stale,
    updatedAt: iso(s.updated_at),
    version: s.version,
    phones: data.phones.map((p) => ({
      number: p.number,
      extension: p.extension,
      kind: p.kind,
      description: pick(locale, p.description_fr, p.description_en),
      descriptionFr: p.description_fr,
      descriptionEn: p.description_en,
      languages: p.languages,
    })),
    schedules: data.schedules.map((h) => ({
      weekday: h.weekday,
      opensAt: h.opens_at.slice(0, 5),
      closesAt: h.closes_at.slice(0, 5),
      note: pick(locale, h.note_fr, h.note_en),
      noteFr: h.note_fr,
      noteEn: h.note_en,
    })),
    locations: data.locations.map((l) => ({
      serviceLocationId: l.link.id,
      location: presentLocation(locale, l.location, l.canReveal),
      capacity:
        l.link.places_maximum === null && l.link.places_available === null ? null : presentCapacity(l.link),
    })),
    canKeep: data.canKeep,
    canUpdateCapacity: data.canUpdateCapacity,
  };
}

export function presentKept(locale: Locale, data: Awaited<ReturnType<typeof keptServices>>): KeptServices {
  const items = data.rows.map((r) => ({
    id: r.id,
    name: pick(locale, r.name_fr, r.name_en),
    organisationName: r.organisation_name,
    status: r.status,
    safePlace: r.safe_place,
    confirmedAt: iso(r.confirmed_at),
    stale: r.status !== 'defunct' && r.confirmed_at < data.cutoff,
    version: r.version,
  }));
  // Stale ones first (oldest confirmation first), then the rest as confirmed.
  items.sort((a, b) => Number(b.stale) - Number(a.stale));
  return { staleAfterDays: data.staleAfterDays, items };
}
