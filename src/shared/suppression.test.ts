import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/support/openapi-fuzz.js';
import { recomputable } from '../../test/support/suppression-check.js';
import { suppressTable } from './suppression.js';

function randomTable(random: () => number): number[][] {
  const rows = 1 + Math.floor(random() * 6);
  const columns = 1 + Math.floor(random() * 6);
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => {
      const draw = random();
      if (draw < 0.15) return 0;
      if (draw < 0.55) return 1 + Math.floor(random() * 9);
      return 10 + Math.floor(random() * 60);
    }),
  );
}

describe('small-cell suppression', () => {
  it('hides a small cell and enough others that the margins do not give it back', () => {
    const result = suppressTable(
      [
        [3, 20],
        [15, 30],
      ],
      10,
    );
    expect(result.cells).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(result.rowTotals).toEqual([23, 45]);
    expect(result.columnTotals).toEqual([18, 50]);
    expect(result.total).toBe(68);
    expect(result).toMatchObject({ primary: 1, complementary: 3 });
    expect(recomputable(result)).toEqual([]);
  });

  it('leaves a table without small counts as it is, zeros included', () => {
    const result = suppressTable(
      [
        [0, 12],
        [40, 11],
      ],
      10,
    );
    expect(result.cells).toEqual([
      [0, 12],
      [40, 11],
    ]);
    expect(result).toMatchObject({ rowTotals: [12, 51], columnTotals: [40, 23], total: 63 });
    expect(result).toMatchObject({ primary: 0, complementary: 0 });
  });

  it('hides a small total and what would give it back in a single row', () => {
    const result = suppressTable([[4, 3, 25]], 10);
    // The first two cells are small; their column totals equal them and are hidden too.
    expect(result.cells[0]!.slice(0, 2)).toEqual([null, null]);
    expect(result.columnTotals.slice(0, 2)).toEqual([null, null]);
    expect(recomputable(result)).toEqual([]);
  });

  it('hides enough in a line that its released total does not pin the hidden counts to a narrow range', () => {
    // Two 1s in one column: without more, the released total says they add up to 2 (each is 0, 1 or 2).
    const result = suppressTable([[47], [35], [0], [1], [1]], 10);
    const hiddenSum = [47, 35, 0, 1, 1]
      .filter((_, r) => result.cells[r]![0] === null)
      .reduce((a, b) => a + b, 0);
    expect(result.total === null || hiddenSum >= 10).toBe(true);
    expect(result.cells[3]![0]).toBeNull();
    expect(result.cells[4]![0]).toBeNull();
    expect(recomputable(result)).toEqual([]);
  });

  it('refuses a threshold below 10 and counts that are not whole and non-negative', () => {
    expect(() => suppressTable([[20]], 9)).toThrow(RangeError);
    expect(() => suppressTable([[20]], 10.5)).toThrow(RangeError);
    expect(() => suppressTable([[-1]], 10)).toThrow(RangeError);
    expect(() => suppressTable([[1.5]], 10)).toThrow(RangeError);
    expect(() => suppressTable([[1, 2], [3]], 10)).toThrow(RangeError);
  });

  it('never releases a small count nor lets a hidden one be recomputed (1,000 random tables)', () => {
    const random = seeded(20261207);
    let protectedTables = 0;
    for (let round = 0; round < 1000; round++) {
      const table = randomTable(random);
      const threshold = random() < 0.8 ? 10 : 15;
      const result = suppressTable(table, threshold);
      const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
      const columnTotals = table[0]!.map((_, c) => table.reduce((sum, row) => sum + row[c]!, 0));
      const total = rowTotals.reduce((a, b) => a + b, 0);
      const released = [
        ...result.cells.flatMap((row, r) => row.map((value, c) => [value, table[r]![c]!] as const)),
        ...result.rowTotals.map((value, r) => [value, rowTotals[r]!] as const),
        ...result.columnTotals.map((value, c) => [value, columnTotals[c]!] as const),
        [result.total, total] as const,
      ];
      for (const [shown, actual] of released) {
        if (shown === null) continue;
        // What is released is the true count, and never a small one.
        expect(shown).toBe(actual);
        expect(shown === 0 || shown >= threshold).toBe(true);
      }
      // Every small count is hidden.
      for (const [shown, actual] of released) if (actual > 0 && actual < threshold) expect(shown).toBeNull();
      expect(recomputable(result), JSON.stringify({ table, threshold })).toEqual([]);
      // Every line whose total is released hides at least the threshold in all, or nothing.
      for (const [values, shown, lineTotal] of lines(table, result)) {
        if (lineTotal === null) continue;
        const hiddenValues = values.filter((_, k) => shown[k] === null);
        if (hiddenValues.length > 0)
          expect(
            hiddenValues.reduce((a, b) => a + b, 0),
            JSON.stringify({ table, threshold }),
          ).toBeGreaterThanOrEqual(threshold);
      }
      if (result.complementary > 0) protectedTables++;
    }
    // The generator draws many small counts: most tables needed complementary suppression.
    expect(protectedTables).toBeGreaterThan(500);
  });
});

/** Each line of the table with its margins: its true values, what is shown of them, its shown total. */
function lines(table: number[][], result: ReturnType<typeof suppressTable>) {
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = table[0]!.map((_, c) => table.reduce((sum, row) => sum + row[c]!, 0));
  const out: Array<[number[], (number | null)[], number | null]> = [];
  table.forEach((row, r) => {
    out.push([row, result.cells[r]!, result.rowTotals[r]!]);
  });
  table[0]!.forEach((_, c) => {
    out.push([table.map((row) => row[c]!), result.cells.map((row) => row[c]!), result.columnTotals[c]!]);
  });
  out.push([rowTotals, result.rowTotals, result.total]);
  out.push([columnTotals, result.columnTotals, result.total]);
  return out;
}
