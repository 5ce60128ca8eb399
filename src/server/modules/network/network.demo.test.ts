import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/support/app.js';
import { openDemo, seededRandom } from '../../../../test/support/demo.js';
import type { Role } from '../../../shared/roles.js';
import { coverageMatrix } from './coverage.service.js';
import { networkDemo } from './network.demo.js';
import { getOrganisationNetwork } from './partners.service.js';

let demo: TestApp;
beforeAll(async () => {
  demo = await openDemo();
  // The demo runs the modules' loaders once it wires DEMO_MODULES; until then this test runs ours.
  const loaded = await demo.platform.db
    .selectFrom('network_profiles')
    .select('organisation_id')
    .limit(1)
    .execute();
  if (loaded.length === 0) {
    const organisations = await demo.platform.db
      .selectFrom('organisations')
      .select(['id', 'name', 'type'])
      .orderBy('name')
      .execute();
    const keysByType: Record<string, string[]> = {
      police: ['police'],
      youth_protection: ['dpj'],
      health_social_services: ['ciusss'],
      school_service_centre: ['css1', 'css2'],
      community: ['maison', 'rue', 'cal'],
      research: ['univ'],
      provincial_police: ['sq'],
      crown_prosecution: ['dpcp'],
      other: ['ville'],
    };
    const people = await demo.platform.db
      .selectFrom('people as p')
      .select([
        'p.id',
        'p.email',
        'p.organisation_id',
        'p.status',
        sql<
          Role[]
        >`coalesce((select array_agg(r.role) from person_roles r where r.person_id = p.id), '{}')`.as(
          'roles',
        ),
      ])
      .execute();
    await demo.platform.db.transaction().execute((trx) =>
      networkDemo.load(demo.platform, trx, {
        region: 'fictive',
        random: seededRandom(7),
        organisations: organisations.map((o) => ({ ...o, key: keysByType[o.type]?.shift() ?? o.id })),
        people: people.map((p) => ({
          id: p.id,
          email: p.email,
          organisationId: p.organisation_id,
          status: p.status,
          roles: p.roles,
        })),
      }),
    );
  }
});
afterAll(async () => {
  await demo.close();
});

describe('network demo data', () => {
  it('gives every partner pivots or contributions, some under target, one pivot leaving within 60 days', async () => {
    const matrix = await coverageMatrix(demo.platform);
    const withPivots = matrix.organisations.filter((o) => o.activePivots > 0);
    expect(withPivots.length).toBeGreaterThanOrEqual(matrix.organisations.length - 1);
    expect(matrix.holes.uncoveredMandates).toEqual([]);
    const under = matrix.organisations.filter((o) => o.target !== null && o.trainedPivots < o.target);
    const met = matrix.organisations.filter((o) => o.target !== null && o.trainedPivots >= o.target);
    expect(under.length).toBeGreaterThan(0);
    expect(met.length).toBeGreaterThan(0);
    const warnings = await demo.platform.db
      .selectFrom('network_warnings')
      .select('kind')
      .where('closed_at', 'is', null)
      .execute();
    expect(warnings.map((w) => w.kind)).toContain('pivot_ending');
    expect(warnings.map((w) => w.kind)).toContain('coverage');
  });

  it('puts one youth protection pivot on vacation, never the demo account pivot@cjtl.test', async () => {
    const absent = await demo.platform.db
      .selectFrom('pivot_absences as a')
      .innerJoin('pivot_mandates as m', 'm.id', 'a.mandate_id')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select('p.email')
      .execute();
    expect(absent).toHaveLength(1);
    expect(absent[0]!.email).not.toBe('pivot@cjtl.test');
    const demoPivot = await demo.platform.db
      .selectFrom('pivot_mandates as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select('m.id')
      .where('p.email', '=', 'pivot@cjtl.test')
      .execute();
    expect(demoPivot).toHaveLength(1);
  });

  it('stores agreements with a real PDF for most partners, and contacts with .test addresses', async () => {
    const agreements = await demo.platform.db
      .selectFrom('network_agreements')
      .select(['organisation_id', 'document_file_id'])
      .execute();
    const organisations = await demo.platform.db.selectFrom('organisations').select('id').execute();
    expect(agreements.length).toBeGreaterThanOrEqual(organisations.length - 2);
    const file = await demo.platform.files.read(demo.platform.db, agreements[0]!.document_file_id!);
    expect(file.mimeType).toBe('application/pdf');
    // A real PDF: a PDF library opens it and finds its page.
    expect((await PDFDocument.load(file.content)).getPageCount()).toBe(1);
    const contacts = await demo.platform.db.selectFrom('network_contacts').select('email').execute();
    expect(contacts.every((c) => c.email?.endsWith('.test'))).toBe(true);
    const actor = {
      personId: '00000000-0000-4000-8000-000000000000',
      organisationId: agreements[0]!.organisation_id,
      organisationType: 'community' as const,
      roles: new Set(['worker'] as const),
      locale: 'fr-CA' as const,
      sessionId: 'demo',
      mfaVerified: true,
    };
    const page = await getOrganisationNetwork(demo.platform, actor, agreements[0]!.organisation_id);
    expect(page.agreement?.document_filename).toMatch(/\.pdf$/);
  });
});
