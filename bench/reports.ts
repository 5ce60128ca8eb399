import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import type { Database } from '../src/server/platform/db/database.js';
import { renderAnnualReportPdf } from '../src/server/platform/reports/report-pdf.js';
import { ORGANISATION_TYPES, ROLES, type Role } from '../src/shared/roles.js';

const FIRST_YEAR = 2021;
const YEARS = 5;
const ORGANISATIONS = 2_000;
const PEOPLE = 20_000;
const CHUNK = 1_000;

/** Deterministic numbers in [0, 1): the same data on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function instantIn(random: () => number, from: number, to: number): Date {
  return new Date(from + Math.floor(random() * (to - from)));
}

/**
 * Fills an empty database with five years (2021–2025) of the table's identity data — 2,000 partner
 * organisations and 20,000 people who join and leave over those years, with their roles — then
 * computes the annual report of each year (every contributor the app registers) and renders its PDF.
 * Returns the mean time per year. The network and governance modules' own tables are left empty
 * (their contributions are computed over no rows): only the identity tables carry volume.
 */
export async function benchAnnualReport(
  database: Database,
): Promise<{ years: number; computeMs: number; pdfMs: number; pdfBytes: number }> {
  const { db } = database;
  const existing = await db.selectFrom('people').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('benchAnnualReport needs an empty database');
  const random = lcg(20_250_101);
  const start = Date.UTC(FIRST_YEAR, 0, 1);
  const end = Date.UTC(FIRST_YEAR + YEARS, 0, 1);

  const organisationIds: string[] = [];
  for (let from = 0; from < ORGANISATIONS; from += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, ORGANISATIONS - from) }, (_, i) => ({
      name: `Organisation fictive ${from + i + 1}`,
      type: ORGANISATION_TYPES[Math.floor(random() * ORGANISATION_TYPES.length)]!,
      region: 'Région fictive',
      active: random() > 0.1,
      created_at: instantIn(random, start - 365 * 86_400_000, end),
    }));
    const inserted = await db.insertInto('organisations').values(rows).returning('id').execute();
    organisationIds.push(...inserted.map((row) => row.id));
  }

  for (let from = 0; from < PEOPLE; from += CHUNK) {
    const people = Array.from({ length: Math.min(CHUNK, PEOPLE - from) }, (_, i) => {
      const created = instantIn(random, start - 365 * 86_400_000, end);
      const leaves = random() < 0.2;
      const disabled = leaves ? instantIn(random, created.getTime(), end + 86_400_000) : null;
      return {
        organisation_id: organisationIds[Math.floor(random() * organisationIds.length)]!,
        given_name: 'Personne',
        family_name: `Fictive ${from + i + 1}`,
        email: `bench-rapport-${from + i + 1}@exemple.test`,
        status: disabled
          ? ('disabled' as const)
          : random() < 0.03
            ? ('invited' as const)
            : ('active' as const),
        created_at: created,
        disabled_at: disabled,
      };
    });
    const inserted = await db.insertInto('people').values(people).returning(['id', 'created_at']).execute();
    const roles: Array<{ person_id: string; role: Role; granted_at: Date }> = [];
    for (const person of inserted) {
      const first = ROLES[Math.floor(random() * (ROLES.length - 1))]!;
      roles.push({ person_id: person.id, role: first, granted_at: person.created_at });
      if (random() < 0.3) {
        const second = first === 'pivot' ? 'worker' : 'pivot';
        roles.push({ person_id: person.id, role: second, granted_at: person.created_at });
      }
    }
    await db.insertInto('person_roles').values(roles).execute();
  }
  await sql`analyze organisations, people, person_roles`.execute(db);

  const config = loadConfig({
    FILET_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    FILET_JOBS: '0',
  });
  const app = await buildApp({ config, database, logger: false, serveWebApp: false });
  try {
    const registry = app.platform.annualReport;
    const input = (year: number) => ({ year, locale: 'fr-CA' as const, timeZone: config.timeZone });
    // One warm-up year: query plans, JIT.
    await registry.compute(db, input(FIRST_YEAR));
    let computeMs = 0;
    let pdfMs = 0;
    let pdfBytes = 0;
    for (let year = FIRST_YEAR; year < FIRST_YEAR + YEARS; year += 1) {
      const computing = performance.now();
      const sections = await registry.compute(db, input(year));
      computeMs += performance.now() - computing;
      const rendering = performance.now();
      const pdf = await renderAnnualReportPdf(
        { year, generatedAt: new Date(), sections },
        { locale: 'fr-CA', timeZone: config.timeZone },
      );
      pdfMs += performance.now() - rendering;
      pdfBytes = Math.max(pdfBytes, pdf.byteLength);
    }
    return { years: YEARS, computeMs: computeMs / YEARS, pdfMs: pdfMs / YEARS, pdfBytes };
  } finally {
    await app.close();
  }
}
