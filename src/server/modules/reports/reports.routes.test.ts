import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { parseCsv } from '../../../../test/support/csv.js';
import { pdfPages } from '../../../../test/support/pdf.js';
import type { ReportSection } from '../../platform/reports/annual-report.js';

let t: TestApp;
const YEAR = 2024;

beforeAll(async () => {
  t = await createTestApp();
  // A fictional 2024: three organisations, four members (one left in September), one invitation never accepted.
  const organisations = await t.platform.db
    .insertInto('organisations')
    .values([
      {
        name: 'Police fictive 2024',
        type: 'police',
        region: 'Région fictive',
        created_at: new Date('2023-05-01T12:00:00Z'),
      },
      {
        name: 'Maison fictive 2024',
        type: 'community',
        region: 'Région fictive',
        created_at: new Date('2024-03-01T12:00:00Z'),
      },
      {
        name: 'Centre fictif 2024',
        type: 'community',
        region: 'Région fictive',
        created_at: new Date('2024-06-01T12:00:00Z'),
        active: false,
      },
    ])
    .returning('id')
    .execute();
  const [police, maison] = organisations.map((row) => row.id) as [string, string];
  const people = [
    {
      organisation_id: police,
      created: '2023-06-01',
      disabled: null,
      status: 'active',
      roles: ['pivot', 'investigator'],
    },
    { organisation_id: maison, created: '2024-02-01', disabled: null, status: 'active', roles: ['pivot'] },
    {
      organisation_id: maison,
      created: '2024-04-01',
      disabled: '2024-09-15',
      status: 'disabled',
      roles: ['worker'],
    },
    {
      organisation_id: maison,
      created: '2024-05-01',
      disabled: null,
      status: 'active',
      roles: ['org_coordinator'],
    },
    { organisation_id: maison, created: '2024-05-01', disabled: null, status: 'invited', roles: ['worker'] },
  ] as const;
  for (const [index, person] of people.entries()) {
    const row = await t.platform.db
      .insertInto('people')
      .values({
        organisation_id: person.organisation_id,
        given_name: 'Personne',
        family_name: `Fictive ${index}`,
        email: `annuel-${index}@exemple.test`,
        status: person.status,
        created_at: new Date(`${person.created}T15:00:00Z`),
        disabled_at: person.disabled ? new Date(`${person.disabled}T15:00:00Z`) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.platform.db
      .insertInto('person_roles')
      .values(
        person.roles.map((role) => ({
          person_id: row.id,
          role,
          granted_at: new Date(`${person.created}T15:00:00Z`),
        })),
      )
      .execute();
  }
  // A contribution registered by "another module": long, with characters beyond WinAnsi and a formula.
  t.platform.annualReport.register({
    key: 'test',
    order: 50,
    async compute(_db, { year, locale }): Promise<ReportSection> {
      return {
        key: 'test',
        title: locale === 'fr-CA' ? `Contribution d’essai « œuvre » · ${year}` : `Test contribution ${year}`,
        figures: [{ label: 'Valeur d’essai\u202f≥ seuil', value: 4321, unit: '%' }],
        charts: [
          {
            kind: 'line',
            title: 'Série',
            categories: ['2022', '2023', '2024'],
            series: [{ name: 'n', values: [1, 5, 3] }],
          },
        ],
        tables: [
          {
            title: 'Longue liste',
            columns: ['Ligne', 'Valeur'],
            rows: [
              ['=SUM(A1:A2)', -3],
              ...Array.from({ length: 150 }, (_, i) => [`Ligne ${i + 1} 🙂`, i] as Array<string | number>),
            ],
          },
        ],
      };
    },
  });
});
afterAll(async () => {
  await t.close();
});

/** The text of every page of a PDF, read back with pdf.js (the reader Firefox uses). */
/** A signed-in person whose language is English (the session's language wins over the browser's). */
async function english(role: 'admin' | 'researcher' | 'table_coordinator') {
  return t.signIn(await t.createPerson({ roles: [role], locale: 'en-CA' }));
}

/** Page count and the text of each page. */
async function pdfPagesOf(bytes: Buffer): Promise<{ pages: number; text: string[] }> {
  const text = await pdfPages(bytes);
  return { pages: text.length, text };
}

function figure(section: ReportSection, label: string): number | undefined {
  return section.figures.find((f) => f.label === label)?.value;
}

describe('annual report (JSON)', () => {
  it('gives the year at a glance from the identity tables, then the other contributions in order', async () => {
    const coordinator = await t.as('table_coordinator');
    const response = await coordinator.inject({ method: 'GET', url: `/api/reports/annual/${YEAR}` });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      year: number;
      generatedAt: string;
      sections: ReportSection[];
      lastYear: number;
    };
    expect(body.year).toBe(YEAR);
    expect(Number.isNaN(Date.parse(body.generatedAt))).toBe(false);
    // Other modules contribute too; the overview comes first and each section in its order.
    const keys = body.sections.map((s) => s.key);
    expect(keys[0]).toBe('overview');
    expect(keys).toContain('test');
    const overview = body.sections[0]!;
    expect(overview.title).toBe("L'année en bref");
    expect(figure(overview, 'Organisations partenaires inscrites')).toBe(3);
    expect(figure(overview, 'Organisations partenaires actives')).toBe(2);
    expect(figure(overview, "Organisations arrivées dans l'année")).toBe(2);
    expect(figure(overview, "Membres au cours de l'année")).toBe(4);
    expect(figure(overview, "Nouveaux membres dans l'année")).toBe(3);
    expect(figure(overview, "Membres partis dans l'année")).toBe(1);
    const roles = overview.tables[1]!;
    expect(roles.rows).toContainEqual(['Intervenant·e pivot', 2]);
    expect(roles.rows).toContainEqual(['Enquêteur·euse', 1]);
    const months = overview.charts.find((c) => c.kind === 'line')!;
    expect(months.categories).toHaveLength(12);
    // January: one member; May–August: four; from the end of September: three.
    expect(months.series[0]!.values).toEqual([1, 2, 2, 3, 4, 4, 4, 4, 3, 3, 3, 3]);
  });

  it('speaks the language of the request', async () => {
    const admin = await english('admin');
    const response = await admin.inject({ method: 'GET', url: `/api/reports/annual/${YEAR}` });
    expect(response.statusCode).toBe(200);
    const overview = (response.json().sections as ReportSection[])[0]!;
    expect(overview.title).toBe('The year at a glance');
    expect(figure(overview, 'Members during the year')).toBe(4);
  });

  it.each(['table_coordinator', 'admin', 'org_coordinator', 'researcher'] as const)(
    'lets %s read it',
    async (role) => {
      const agent = await t.as(role);
      const response = await agent.inject({ method: 'GET', url: `/api/reports/annual/${YEAR}` });
      expect(response.statusCode).toBe(200);
    },
  );

  it.each(['worker', 'pivot', 'police_analyst', 'investigator', 'trainer', 'privacy_officer'] as const)(
    'refuses %s, as JSON, PDF and CSV',
    async (role) => {
      const agent = await t.as(role);
      for (const suffix of ['', '.pdf', '.csv']) {
        const response = await agent.inject({ method: 'GET', url: `/api/reports/annual/${YEAR}${suffix}` });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    },
  );

  it('refuses a year outside 2000 – next year with a translated message', async () => {
    const coordinator = await english('table_coordinator');
    const french = await t.as('table_coordinator');
    const next = new Date().getFullYear() + 1;
    const cases: Array<[string, string]> = [
      ['1999', 'too_small'],
      [String(next + 1), 'too_large'],
      ['abc', 'type'],
      ['2024.xls', 'type'],
    ];
    for (const [year, rule] of cases) {
      const response = await coordinator.inject({ method: 'GET', url: `/api/reports/annual/${year}` });
      expect(response.statusCode, year).toBe(400);
      expect(response.json().error.details[0]).toMatchObject({ field: 'year', rule });
      expect(response.json().error.details[0].message).toMatch(/^Year:/);
    }
    const pdf = await french.inject({ method: 'GET', url: `/api/reports/annual/${next + 1}.pdf` });
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().error.details[0].message).toMatch(/^Année :|^Année:/);
    expect((await coordinator.inject({ method: 'GET', url: `/api/reports/annual/${next}` })).statusCode).toBe(
      200,
    );
  });
});

describe('annual report (files)', () => {
  async function exports() {
    const rows = await t.platform.db
      .selectFrom('audit_log')
      .select(['entry', 'actor_id', 'target_id'])
      .where('action', '=', 'reports.annual_report.export')
      .execute();
    return rows;
  }

  it('renders a PDF whose text holds the title, the year, the sections and their figures, on several pages', async () => {
    const coordinator = await t.as('table_coordinator');
    const before = (await exports()).length;
    const response = await coordinator.inject({ method: 'GET', url: `/api/reports/annual/${YEAR}.pdf` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="filet-rapport-annuel-${YEAR}.pdf"`,
    );
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfPagesOf(response.rawPayload);
    expect(pages).toBeGreaterThan(4);
    const all = text.join('\n');
    expect(text[0]).toContain('Filet');
    expect(text[0]).toContain(`Rapport annuel ${YEAR}`);
    expect(text[0]).toContain('Table régionale de concertation');
    expect(text[1]).toContain('Table des matières');
    expect(text[1]).toContain("L'année en bref");
    expect(all).toContain("Membres au cours de l'année");
    expect(all).toContain('Intervenant·e pivot');
    // The test contribution: French punctuation kept, characters beyond WinAnsi replaced, not fatal.
    expect(all).toContain(`Contribution d’essai « œuvre » · ${YEAR}`);
    expect(all).toContain('4 321 %');
    expect(all).toContain('Valeur d’essai >= seuil');
    expect(all).toContain('Ligne 150 ?');
    expect(all).toContain("'=SUM(A1:A2)".slice(1));
    // The long table runs over pages and repeats its header there.
    expect(all).toContain('Longue liste (suite)');
    expect(text[text.length - 1]).toContain(`Page ${pages} de ${pages}`);
    const after = await exports();
    expect(after.length).toBe(before + 1);
    const entry = JSON.parse(after[after.length - 1]!.entry);
    expect(entry).toMatchObject({
      actor: coordinator.person.id,
      targetType: 'annual_report',
      targetId: String(YEAR),
    });
    expect(entry.meta).toMatchObject({ year: YEAR, format: 'pdf', locale: 'fr-CA' });
    expect(entry.meta.sections).toContain('test');
  });

  it('renders the PDF in English for an English reader', async () => {
    const researcher = await english('researcher');
    const response = await researcher.inject({ method: 'GET', url: `/api/reports/annual/${YEAR}.pdf` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(`filet-annual-report-${YEAR}.pdf`);
    const { text } = await pdfPagesOf(response.rawPayload);
    expect(text[0]).toContain(`Annual report ${YEAR}`);
    expect(text[1]).toContain('Contents');
    expect(text.join('\n')).toContain('The year at a glance');
  });

  it('exports every figure and table as CSV, UTF-8 with a BOM, formulas disarmed, and audits it', async () => {
    const organisationCoordinator = await t.as('org_coordinator');
    const before = (await exports()).length;
    const response = await organisationCoordinator.inject({
      method: 'GET',
      url: `/api/reports/annual/${YEAR}.csv`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(response.body.slice(1));
    expect(rows[0]).toEqual(['Section', 'Nature', 'Titre', 'Ligne', 'Colonne', 'Valeur', 'Unité']);
    expect(rows).toContainEqual([
      "L'année en bref",
      'Chiffre',
      "Membres au cours de l'année",
      '',
      '',
      '4',
      '',
    ]);
    expect(rows).toContainEqual([
      "L'année en bref",
      'Tableau',
      'Membres par rôle',
      'Intervenant·e pivot',
      'Membres',
      '2',
      '',
    ]);
    expect(rows).toContainEqual([
      "L'année en bref",
      'Graphique',
      'Membres à la fin de chaque mois',
      'janv.',
      'Membres',
      '1',
      '',
    ]);
    const test = `Contribution d’essai « œuvre » · ${YEAR}`;
    expect(rows).toContainEqual([test, 'Chiffre', 'Valeur d’essai\u202f≥ seuil', '', '', '4321', '%']);
    expect(rows).toContainEqual([test, 'Tableau', 'Longue liste', "'=SUM(A1:A2)", 'Valeur', '-3', '']);
    expect(rows).toContainEqual([test, 'Tableau', 'Longue liste', 'Ligne 150 🙂', 'Valeur', '149', '']);
    expect((await exports()).length).toBe(before + 1);
  });
});
