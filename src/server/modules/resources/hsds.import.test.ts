import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { HSDS_IMPORT_MAX_BYTES } from '../../../shared/contracts/resources.js';
import { createHsdsFixture, type HsdsFixture, SEALED_STREET } from './hsds.fixtures.js';
import { importedId, withUuidIds } from './hsds.import.mapping.js';
import { schemaProblems } from './hsds.import.service.js';
import { hsdsServiceValidator } from './hsds.schema.js';

// biome-ignore lint/suspicious/noExplicitAny: HSDS objects are checked against the schemas, then read freely.
type Json = any;

const REGION = 'Région fictive HSDS';
const TABLES = [
  'resource_organisations',
  'resource_services',
  'resource_locations',
  'resource_service_locations',
  'resource_phones',
  'resource_schedules',
] as const;

let source: TestApp;
let fixture: HsdsFixture;
let table: Agent;

/** Rows of every directory table, to show what a request stored (or did not). */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of TABLES) {
    const row = await t.platform.db
      .selectFrom(name)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[name] = Number(row.n);
  }
  return counts;
}

async function exportFull(agent: Agent): Promise<Json[]> {
  const response = await agent.inject({ method: 'GET', url: '/api/resources/hsds/services/full' });
  expect(response.statusCode).toBe(200);
  return response.json();
}

function importUrl(mode: 'dry-run' | 'apply', extra: Record<string, string> = {}) {
  const query = new URLSearchParams({ mode, region: REGION, ...extra });
  return `/api/resources/hsds/import?${query}`;
}

async function dryRun(agent: Agent, file: unknown, extra: Record<string, string> = {}) {
  const response = await agent.inject({
    method: 'POST',
    url: importUrl('dry-run', extra),
    payload: file as object,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** A dry run, then the apply of what it showed. */
async function importFile(agent: Agent, file: unknown, extra: Record<string, string> = {}) {
  const report = await dryRun(agent, file, extra);
  const response = await agent.inject({
    method: 'POST',
    url: importUrl('apply', { ...extra, digest: report.digest }),
    payload: file as object,
  });
  expect(response.statusCode, response.body).toBe(200);
  return { dryRun: report, applied: response.json() };
}

/** A small file as a 211 would write it: its own identifiers (not UUIDs) and taxonomy. */
function twoOneOneFile(): Json[] {
  const organization = {
    id: '211-org-77',
    name: 'Centre fictif d’entraide 211',
    description: 'Organisme fictif d’une autre région.',
    phones: [{ id: '211-phone-1', number: '555 0211' }],
  };
  const location = {
    id: '211-loc-5',
    location_type: 'physical',
    organization_id: '211-org-77',
    name: 'Point de service fictif',
    addresses: [
      {
        id: '211-addr-5',
        address_1: '1 rue Imaginaire',
        city: 'Ville-Imaginaire',
        state_province: 'QC',
        postal_code: 'G0G 0G0',
        country: 'CA',
        address_type: 'physical',
      },
    ],
  };
  return [
    {
      id: '211-svc-1001',
      name: 'Banque alimentaire fictive',
      description: 'Dépannage alimentaire fictif.',
      status: 'active',
      organization,
      organization_id: '211-org-77',
      schedules: [
        { id: '211-sch-1', freq: 'WEEKLY', byday: 'MO,WE', opens_at: '13:00', closes_at: '16:00' },
        { id: '211-sch-2', freq: 'MONTHLY', bymonthday: '1', opens_at: '09:00', closes_at: '10:00' },
      ],
      service_at_locations: [{ id: '211-sal-1', location }],
      attributes: [
        {
          id: '211-attr-1',
          link_type: 'AIRS',
          taxonomy_term_id: '211-term-BD-1800',
          taxonomy_term: {
            id: '211-term-BD-1800',
            code: 'BD-1800',
            name: 'Food Banks',
            description: 'Food Banks',
            taxonomy: 'AIRS',
          },
        },
      ],
    },
    {
      id: '211-svc-1002',
      name: 'Halte-répit fictive',
      status: 'inactive',
      organization_id: '211-org-77',
      organization,
      phones: [{ id: '211-phone-2', number: '555 0212', type: 'cell' }],
    },
  ];
}

beforeAll(async () => {
  source = await createTestApp();
  fixture = await createHsdsFixture(source.platform, REGION);
  table = await source.as('table_coordinator');
});
afterAll(async () => {
  await source.close();
});

describe('HSDS 3.0 import', () => {
  it('is for the table coordination only', async () => {
    const anonymous = await source.app.inject({ method: 'POST', url: importUrl('dry-run'), payload: [] });
    expect(anonymous.statusCode).toBe(401);
    for (const role of [
      'admin',
      'org_coordinator',
      'pivot',
      'worker',
      'police_analyst',
      'researcher',
    ] as const) {
      const agent = await source.as(role);
      const response = await agent.inject({ method: 'POST', url: importUrl('dry-run'), payload: [] });
      expect(response.statusCode, role).toBe(403);
    }
    const allowed = await table.inject({ method: 'POST', url: importUrl('dry-run'), payload: [] });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toMatchObject({ services: 0, lines: [], applied: false });
  });

  it('refuses a file that does not follow the schemas with the failing paths, translated, storing nothing', async () => {
    const before = await rowCounts(source);
    const file = [
      { id: crypto.randomUUID(), name: 'Service fictif valide', status: 'active' },
      { id: crypto.randomUUID(), status: 'open', phones: [{ id: crypto.randomUUID() }] },
    ];
    const response = await table.inject({ method: 'POST', url: importUrl('dry-run'), payload: file });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('validation_failed');
    const fields = error.details.map((d: Json) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['services.1.name', 'services.1.status', 'services.1.phones.0.number']),
    );
    expect(error.details[0].message).toMatch(
      /^Fichier HSDS : services\.1\.\S+ ne respecte pas le schéma HSDS 3\.0/,
    );
    const englishReader = await source.signIn(
      await source.createPerson({ roles: ['table_coordinator'], locale: 'en-CA' }),
    );
    const english = await englishReader.inject({ method: 'POST', url: importUrl('dry-run'), payload: file });
    expect(english.json().error.details[0].message).toMatch(
      /^HSDS file: services\.1\.\S+ does not follow the HSDS 3\.0 schema/,
    );
    // The same file, applied with any digest: still refused, still nothing stored.
    const apply = await table.inject({
      method: 'POST',
      url: importUrl('apply', { digest: 'a'.repeat(64) }),
      payload: file,
    });
    expect(apply.statusCode).toBe(409);
    expect(await rowCounts(source)).toEqual(before);
    // Neither a list nor an envelope; a region missing.
    const notServices = await table.inject({
      method: 'POST',
      url: importUrl('dry-run'),
      payload: { services: [] },
    });
    expect(notServices.json().error.details[0]).toMatchObject({
      field: 'file',
      rule: 'resources_hsds_not_services',
    });
    const noRegion = await table.inject({
      method: 'POST',
      url: '/api/resources/hsds/import?mode=dry-run',
      payload: [],
    });
    expect(noRegion.statusCode).toBe(400);
    expect(noRegion.json().error.details[0]).toMatchObject({ field: 'region', rule: 'required' });
    expect(await rowCounts(source)).toEqual(before);
  });

  it('refuses what the directory cannot hold (a too long name) with its path', async () => {
    const file = [{ id: crypto.randomUUID(), name: 'x'.repeat(201), status: 'active' }];
    const response = await table.inject({ method: 'POST', url: importUrl('dry-run'), payload: file });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ field: 'services.0.name', rule: 'resources_hsds_length' }),
    ]);
  });

  it('refuses a body over 25 MiB with a translated 413', async () => {
    const response = await table.inject({
      method: 'POST',
      url: importUrl('dry-run'),
      headers: { 'content-type': 'application/json' },
      payload: `[${' '.repeat(HSDS_IMPORT_MAX_BYTES)}]`,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'payload_too_large',
      message: 'La requête est trop volumineuse.',
    });
  });

  it('re-importing its own export changes nothing: every entry unchanged, no duplicate', async () => {
    const file = await exportFull(table);
    const before = await rowCounts(source);
    const { dryRun: report, applied } = await importFile(table, file);
    expect(report.counts).toEqual({
      organisations: { create: 0, update: 0, unchanged: 2, skip: 0 },
      services: { create: 0, update: 0, unchanged: 6, skip: 0 },
      locations: { create: 0, update: 0, unchanged: 2, skip: 0 },
    });
    expect(applied.counts).toEqual(report.counts);
    expect(applied.applied).toBe(true);
    expect(await rowCounts(source)).toEqual(before);
    expect(await exportFull(table)).toEqual(file);
  });

  it('lists the changes of a modified file in the dry run, stores nothing, then applies them', async () => {
    const file = await exportFull(table);
    const crisis = file.find((s: Json) => s.id === fixture.crisisLine);
    crisis.name = 'Ligne fictive de crise (renommée)';
    crisis.minimum_age = 14;
    crisis.phones = [{ id: crypto.randomUUID(), service_id: crisis.id, number: '555 0199', type: 'text' }];
    // The organisation is written in full in each of its services: the file changes it everywhere.
    for (const service of file)
      if (service.organization.id === fixture.publicOrganisation)
        service.organization.alternate_name = 'MFH-2';
    const before = await rowCounts(source);
    const versionBefore = await source.platform.db
      .selectFrom('resource_services')
      .select('version')
      .where('id', '=', fixture.crisisLine)
      .executeTakeFirstOrThrow();

    const report = await dryRun(table, file);
    expect(await rowCounts(source)).toEqual(before);
    const crisisLine = report.lines.find((l: Json) => l.id === fixture.crisisLine);
    expect(crisisLine).toMatchObject({ kind: 'service', action: 'update' });
    expect(crisisLine.fields.sort()).toEqual(['min_age', 'name_fr', 'phones']);
    expect(report.lines.find((l: Json) => l.id === fixture.publicOrganisation)).toMatchObject({
      action: 'update',
      fields: ['alternate_name'],
    });
    expect(report.counts.services).toEqual({ create: 0, update: 1, unchanged: 5, skip: 0 });

    const apply = await table.inject({
      method: 'POST',
      url: importUrl('apply', { digest: report.digest }),
      payload: file,
    });
    expect(apply.statusCode).toBe(200);
    expect(apply.json().counts).toEqual(report.counts);
    const row = await source.platform.db
      .selectFrom('resource_services')
      .select(['name_fr', 'name_en', 'min_age', 'version', 'public'])
      .where('id', '=', fixture.crisisLine)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name_fr: 'Ligne fictive de crise (renommée)', min_age: 14, public: true });
    expect(row.version).toBe(versionBefore.version + 1);
    const phones = await source.platform.db
      .selectFrom('resource_phones')
      .select(['number', 'kind'])
      .where('service_id', '=', fixture.crisisLine)
      .execute();
    expect(phones).toEqual([{ number: '555 0199', kind: 'text' }]);
    // The English texts the French file does not carry stay; the export now says what the file said.
    const safe = await source.platform.db
      .selectFrom('resource_services')
      .select('name_en')
      .where('id', '=', fixture.safePlace)
      .executeTakeFirstOrThrow();
    expect(safe.name_en).toBe('Fictional Swallows Shelter');
    const after = await exportFull(table);
    const changed = after.find((s: Json) => s.id === fixture.crisisLine);
    expect(changed).toMatchObject({ name: crisis.name, minimum_age: 14 });
    // Imported again: nothing left to change.
    expect((await dryRun(table, after)).counts.services).toEqual({
      create: 0,
      update: 0,
      unchanged: 6,
      skip: 0,
    });
  });

  it('refuses an apply whose digest is not the dry run’s (409, translated) and one without a digest', async () => {
    const file = await exportFull(table);
    const report = await dryRun(table, file);
    file[0].name = 'Nom fictif changé après l’essai';
    const before = await rowCounts(source);
    const response = await table.inject({
      method: 'POST',
      url: importUrl('apply', { digest: report.digest }),
      payload: file,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details[0]).toMatchObject({
      field: 'digest',
      rule: 'resources_hsds_file_changed',
      message: 'Le fichier a changé depuis l’essai : refaites l’essai, vérifiez le rapport, puis appliquez.',
    });
    // The same file for another region is another import: its digest differs too.
    const otherRegion = await table.inject({
      method: 'POST',
      url: importUrl('apply', { digest: report.digest, region: 'Autre région fictive' }),
      payload: await exportFull(table),
    });
    expect(otherRegion.statusCode).toBe(409);
    const missing = await table.inject({ method: 'POST', url: importUrl('apply'), payload: file });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0]).toMatchObject({ field: 'digest', rule: 'required' });
    expect(await rowCounts(source)).toEqual(before);
  });

  it('never overwrites an entry kept by a partner organisation', async () => {
    const partner = await source.createOrganisation({ name: 'Partenaire fictif qui tient ses fiches' });
    await source.platform.db
      .updateTable('resource_services')
      .set({ keeper_organisation_id: partner })
      .where('id', '=', fixture.closedForNow)
      .execute();
    await source.platform.db
      .updateTable('resource_organisations')
      .set({ keeper_organisation_id: partner })
      .where('id', '=', fixture.privateOrganisation)
      .execute();
    const file = await exportFull(table);
    const closed = file.find((s: Json) => s.id === fixture.closedForNow);
    closed.name = 'Écrasement fictif refusé';
    const discreet = file.find((s: Json) => s.id === fixture.ofPrivateOrganisation);
    discreet.organization.name = 'Organisme renommé par erreur';
    const { applied } = await importFile(table, file);
    expect(applied.lines.find((l: Json) => l.id === fixture.closedForNow)).toMatchObject({
      action: 'skip',
      reason: 'kept_by_partner',
    });
    expect(applied.lines.find((l: Json) => l.id === fixture.privateOrganisation)).toMatchObject({
      action: 'skip',
      reason: 'kept_by_partner',
    });
    const rows = await source.platform.db
      .selectFrom('resource_services')
      .select('name_fr')
      .where('id', '=', fixture.closedForNow)
      .executeTakeFirstOrThrow();
    expect(rows.name_fr).toBe('Groupe fictif de parents');
    const organisation = await source.platform.db
      .selectFrom('resource_organisations')
      .select('name')
      .where('id', '=', fixture.privateOrganisation)
      .executeTakeFirstOrThrow();
    expect(organisation.name).toBe('Organisme fictif discret');
  });

  it('never makes a confidential place plain, nor takes a phone line from another entry', async () => {
    const file = await exportFull(table);
    const safe = file.find((s: Json) => s.id === fixture.safePlace);
    const at = safe.service_at_locations.find((sl: Json) => sl.location_id === fixture.safeLocation);
    at.location = {
      id: fixture.safeLocation,
      location_type: 'physical',
      name: 'Adresse dévoilée par un fichier',
      addresses: [
        {
          id: crypto.randomUUID(),
          address_1: '9 rue Dévoilée',
          city: 'Ville',
          state_province: 'QC',
          postal_code: 'X',
          country: 'CA',
          address_type: 'physical',
        },
      ],
    };
    const organisationPhone = await source.platform.db
      .selectFrom('resource_phones')
      .select('id')
      .where('organisation_id', '=', fixture.publicOrganisation)
      .executeTakeFirstOrThrow();
    const crisis = file.find((s: Json) => s.id === fixture.crisisLine);
    crisis.phones = [{ id: organisationPhone.id, service_id: crisis.id, number: '555 0999' }];
    const { applied } = await importFile(table, file);
    expect(applied.lines.find((l: Json) => l.id === fixture.safeLocation)).toMatchObject({
      kind: 'location',
      action: 'skip',
      reason: 'confidential_in_filet',
    });
    const place = await source.platform.db
      .selectFrom('resource_locations')
      .select(['confidential', 'address_1', 'name', 'sealed_address'])
      .where('id', '=', fixture.safeLocation)
      .executeTakeFirstOrThrow();
    expect(place).toMatchObject({ confidential: true, address_1: null, name: 'Maison d’hébergement' });
    expect(place.sealed_address).not.toBeNull();
    const phones = await source.platform.db
      .selectFrom('resource_phones')
      .select(['id', 'number', 'organisation_id', 'service_id'])
      .where('number', 'in', ['555 0101', '555 0999'])
      .orderBy('number')
      .execute();
    expect(phones).toEqual([
      {
        id: organisationPhone.id,
        number: '555 0101',
        organisation_id: fixture.publicOrganisation,
        service_id: null,
      },
      { id: expect.any(String), number: '555 0999', organisation_id: null, service_id: fixture.crisisLine },
    ]);
    expect(phones[1]!.id).not.toBe(organisationPhone.id);
    // Same file again: the derived identifier is found again, nothing changes.
    expect((await dryRun(table, file)).counts.services.update).toBe(0);
  });

  it('audits each import with counts only, never a name or a text of the file', async () => {
    const audit = await source.platform.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'resources.hsds.import')
      .execute();
    expect(audit.length).toBeGreaterThan(4);
    const text = JSON.stringify(audit);
    expect(text).not.toContain('Hirondelles');
    expect(text).not.toContain('Ligne fictive');
    expect(text).not.toContain(SEALED_STREET);
    const metas = audit.map((a) => JSON.parse(a.entry).meta);
    expect(metas.some((m) => m.mode === 'dry-run' && m.applied === false)).toBe(true);
    expect(metas).toContainEqual(
      expect.objectContaining({ mode: 'apply', applied: true, services: 6, services_unchanged: 6 }),
    );
    for (const meta of metas)
      expect(
        Object.values(meta).every(
          (v) => typeof v === 'number' || typeof v === 'boolean' || v === 'apply' || v === 'dry-run',
        ),
      ).toBe(true);
  });
});

describe('HSDS 3.0 round trip', () => {
  it('export → import into a fresh database → export gives the same file', async () => {
    const original = await createTestApp();
    const fresh = await createTestApp();
    try {
      const seeded = await createHsdsFixture(original.platform, REGION);
      const first = await exportFull(await original.as('table_coordinator'));
      expect(first).toHaveLength(6);
      const coordinator = await fresh.as('table_coordinator');
      const before = await rowCounts(fresh);
      const report = await dryRun(coordinator, first);
      expect(await rowCounts(fresh)).toEqual(before);
      expect(report.counts).toEqual({
        organisations: { create: 2, update: 0, unchanged: 0, skip: 0 },
        services: { create: 6, update: 0, unchanged: 0, skip: 0 },
        locations: { create: 2, update: 0, unchanged: 0, skip: 0 },
      });
      const { applied } = await importFile(coordinator, first);
      expect(applied.counts).toEqual(report.counts);
      const second = await exportFull(coordinator);
      expect(second).toEqual(first);

      // Imported entries are the table coordination's and not public; the safe place keeps its
      // front gate only, never an address.
      const services = await fresh.platform.db
        .selectFrom('resource_services')
        .select(['keeper_organisation_id', 'public', 'region'])
        .execute();
      expect(
        services.every((s) => s.keeper_organisation_id === null && !s.public && s.region === REGION),
      ).toBe(true);
      const safe = await fresh.platform.db
        .selectFrom('resource_locations')
        .selectAll()
        .where('id', '=', seeded.safeLocation)
        .executeTakeFirstOrThrow();
      expect(safe).toMatchObject({
        confidential: true,
        sealed_address: null,
        address_1: null,
        city: null,
        name: null,
        front_gate_fr: 'Passer par la ligne d’accueil fictive : 555 0100.',
      });
      // The public export of the fresh directory is empty until the table makes entries public.
      const publicExport = await fresh.app.inject({ method: 'GET', url: '/api/resources/hsds/services' });
      expect(publicExport.json()).toEqual([]);

      // The same file again: no duplicate, nothing changed.
      const again = await dryRun(coordinator, first);
      expect(again.counts.services).toEqual({ create: 0, update: 0, unchanged: 6, skip: 0 });
      expect(again.counts.locations).toEqual({ create: 0, update: 0, unchanged: 2, skip: 0 });
    } finally {
      await fresh.close();
      await original.close();
    }
  });
});

describe('a 211-like file', () => {
  it('its own identifiers fail the shared schemas; as derived UUIDs the file validates', () => {
    const file = twoOneOneFile();
    const validate = hsdsServiceValidator();
    expect(validate(file[0])).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/id' && e.keyword === 'format')).toBe(true);
    const normalised = file.map(withUuidIds);
    expect(schemaProblems(normalised)).toEqual([]);
    expect(normalised[0].id).toBe(importedId('211-svc-1001'));
    expect(normalised[0].organization_id).toBe(normalised[0].organization.id);
    expect(normalised[0].service_at_locations[0].location.organization_id).toBe(
      normalised[0].organization.id,
    );
    // Deterministic, v5 layout, and a UUID stays itself (lower-cased).
    expect(importedId('211-svc-1001')).toBe(importedId('211-svc-1001'));
    expect(importedId('211-svc-1001')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const uuid = crypto.randomUUID();
    expect(importedId(uuid.toUpperCase())).toBe(uuid);
    // A numeric identifier (some 211 exports) is read as its digits.
    expect(withUuidIds({ id: 1001, organization_id: 77 })).toEqual({
      id: importedId('1001'),
      organization_id: importedId('77'),
    });
  });

  it('imports once, in the paginated envelope, and a second import finds the same entries', async () => {
    const file = { total_items: 2, total_pages: 1, page_number: 1, size: 2, contents: twoOneOneFile() };
    const { dryRun: report, applied } = await importFile(table, file, { region: 'Autre région fictive' });
    expect(report.counts).toEqual({
      organisations: { create: 1, update: 0, unchanged: 0, skip: 0 },
      services: { create: 2, update: 0, unchanged: 0, skip: 0 },
      locations: { create: 1, update: 0, unchanged: 0, skip: 0 },
    });
    const food = applied.lines.find((l: Json) => l.sourceId === '211-svc-1001');
    expect(food).toMatchObject({ id: importedId('211-svc-1001'), action: 'create' });
    // The monthly schedule and the AIRS term are not Filet's: said, not stored.
    expect(food.ignored).toEqual(['services.0.schedules.1', 'services.0.attributes.0']);
    const schedules = await source.platform.db
      .selectFrom('resource_schedules')
      .select(['weekday', 'opens_at', 'closes_at'])
      .where('service_id', '=', importedId('211-svc-1001'))
      .orderBy('weekday')
      .execute();
    expect(schedules).toEqual([
      { weekday: 1, opens_at: '13:00:00', closes_at: '16:00:00' },
      { weekday: 3, opens_at: '13:00:00', closes_at: '16:00:00' },
    ]);
    const service = await source.platform.db
      .selectFrom('resource_services')
      .select(['region', 'status', 'free', 'public', 'keeper_organisation_id'])
      .where('id', '=', importedId('211-svc-1002'))
      .executeTakeFirstOrThrow();
    expect(service).toEqual({
      region: 'Autre région fictive',
      status: 'inactive',
      free: false,
      public: false,
      keeper_organisation_id: null,
    });
    const again = await dryRun(table, file, { region: 'Autre région fictive' });
    expect(again.counts).toEqual({
      organisations: { create: 0, update: 0, unchanged: 1, skip: 0 },
      services: { create: 0, update: 0, unchanged: 2, skip: 0 },
      locations: { create: 0, update: 0, unchanged: 1, skip: 0 },
    });
  });
});
