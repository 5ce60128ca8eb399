import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { seededRandom } from '../../../../test/support/demo.js';
import { recomputable } from '../../../../test/support/suppression-check.js';
import {
  AGE_RANGES,
  OBSERVED_GENDERS,
  PLACE_TYPES,
  RECRUITMENT_METHODS,
  TREND_DIMENSIONS,
} from '../../../shared/contracts/observatory.values.js';
import { facetsOf } from './observatory.rules.js';
import { suppressedTable } from './research.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/**
 * Property: whatever the observations, an export released through the service shows no count from 1 to
 * threshold − 1, and no hidden value can be recomputed from the released cells and margins (checked by
 * linear algebra, independently of suppressTable). Each trial fills one year of its own with random,
 * sparse observations so that small cells abound.
 */
it('never releases a small count nor one that can be recomputed, over random observations', async () => {
  const random = seededRandom(2026);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const some = <T>(values: readonly T[]) => [
    ...new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(values))),
  ];
  const organisationId = await t.createOrganisation();
  const platforms = await t.platform.db
    .insertInto('observatory_platforms')
    .values(
      ['A', 'B', 'C'].map((n) => ({
        name: `Plateforme propriété ${n}`,
        created_at: new Date(),
        updated_at: new Date(),
      })),
    )
    .returning('id')
    .execute();
  let checked = 0;
  for (let trial = 0; trial < 12; trial += 1) {
    const year = 2000 + trial;
    const count = 20 + Math.floor(random() * 150);
    const rows = Array.from({ length: count }, () => {
      const placeType = pick(PLACE_TYPES);
      return {
        id: crypto.randomUUID(),
        organisation_id: organisationId,
        month: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-01`,
        place_type: placeType,
        platform_id: placeType === 'online' ? pick(platforms).id : null,
        recruitment_methods: some(RECRUITMENT_METHODS.slice(0, 4)),
        age_ranges: some(AGE_RANGES),
        genders: some(OBSERVED_GENDERS),
        created_at: new Date(`${year}-12-31T12:00:00Z`),
        updated_at: new Date(),
      };
    });
    await t.platform.db.insertInto('observations').values(rows).execute();
    await t.platform.db
      .insertInto('observation_facets')
      .values(
        rows.flatMap((row) =>
          facetsOf({
            placeType: row.place_type,
            platformId: row.platform_id,
            recruitmentMethods: row.recruitment_methods,
            modusOperandi: [],
            ageRanges: row.age_ranges,
            genders: row.genders,
          }).map((facet) => ({
            observation_id: row.id,
            organisation_id: organisationId,
            month: row.month,
            created_at: row.created_at,
            ...facet,
          })),
        ),
      )
      .execute();
    const first = pick(TREND_DIMENSIONS.filter((d) => d !== 'modus_operandi'));
    const second = pick([null, ...TREND_DIMENSIONS.filter((d) => d !== first && d !== 'modus_operandi')]);
    const threshold = 10 + Math.floor(random() * 6);
    const table = await suppressedTable(t.platform.db, {
      dimensions: second ? [first, second] : [first],
      from: `${year}-01`,
      to: `${year}-12`,
      createdBefore: new Date(`${year + 1}-04-01T04:00:00Z`),
      threshold,
    });
    const released = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total];
    expect(
      released.filter((v) => v !== null && v > 0 && v < threshold),
      `trial ${trial}`,
    ).toEqual([]);
    expect(recomputable({ ...table, primary: 0, complementary: 0 }), `trial ${trial}`).toEqual([]);
    checked += table.cells.flat().filter((v) => v === null).length;
  }
  // The trials did hide cells (otherwise the property would hold vacuously).
  expect(checked).toBeGreaterThan(20);
});
