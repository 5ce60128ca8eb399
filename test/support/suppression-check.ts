import type { SuppressedTable } from '../../src/shared/suppression.js';

// Whether a suppressed table lets anyone recompute a hidden value, checked with a method independent of
// the one suppressTable uses (bridges of a graph): linear algebra. Every released value is a constant; every hidden one an unknown; each line
// and each column of the table with its margins gives one equation (its cells sum to its total). A
// hidden value can be recomputed exactly when its unit vector lies in the row space of the equations,
// that is when removing its column from the coefficient matrix lowers the rank by one.

const PRIME = 2_147_483_647n;

/** Rank of an integer matrix over GF(p); the matrices here hold −1, 0 and 1 (totally unimodular). */
function rank(matrix: bigint[][]): number {
  const rows = matrix.map((row) => row.map((value) => ((value % PRIME) + PRIME) % PRIME));
  const columns = rows[0]?.length ?? 0;
  let found = 0;
  for (let column = 0; column < columns && found < rows.length; column++) {
    const pivot = rows.findIndex((row, index) => index >= found && row[column] !== 0n);
    if (pivot < 0) continue;
    [rows[found], rows[pivot]] = [rows[pivot]!, rows[found]!];
    const inverse = power(rows[found]![column]!, PRIME - 2n);
    for (let other = 0; other < rows.length; other++) {
      if (other === found || rows[other]![column] === 0n) continue;
      const factor = (rows[other]![column]! * inverse) % PRIME;
      rows[other] = rows[other]!.map(
        (value, k) => (((value - factor * rows[found]![k]!) % PRIME) + PRIME) % PRIME,
      );
    }
    found++;
  }
  return found;
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % PRIME;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % PRIME;
    b = (b * b) % PRIME;
    e >>= 1n;
  }
  return result;
}

/** The hidden positions of the extended table (cells, row totals last column, column totals last line). */
function hiddenPositions(result: SuppressedTable): Array<[number, number]> {
  const extended = [
    ...result.cells.map((row, r) => [...row, result.rowTotals[r]!]),
    [...result.columnTotals, result.total],
  ];
  const hidden: Array<[number, number]> = [];
  extended.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value === null) hidden.push([r, c]);
    });
  });
  return hidden;
}

/** The hidden values the released ones and the margins let anyone recompute exactly. */
export function recomputable(result: SuppressedTable): Array<[number, number]> {
  const lines = result.cells.length + 1;
  const columns = result.columnTotals.length + 1;
  const unknowns = hiddenPositions(result);
  if (unknowns.length === 0) return [];
  const equations: bigint[][] = [];
  // Each line: its cells minus its total is zero (the last line: the column totals minus the grand total).
  for (let r = 0; r < lines; r++)
    equations.push(unknowns.map(([ur, uc]) => (ur !== r ? 0n : uc === columns - 1 ? -1n : 1n)));
  for (let c = 0; c < columns; c++)
    equations.push(unknowns.map(([ur, uc]) => (uc !== c ? 0n : ur === lines - 1 ? -1n : 1n)));
  const full = rank(equations);
  return unknowns.filter((_, k) => rank(equations.map((row) => row.filter((_, i) => i !== k))) === full - 1);
}
