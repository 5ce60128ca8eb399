// Small-cell suppression of the consultations' figures, the approach of the referral figures: a count
// under the threshold is never shown, the others are rounded to the nearest 5, and when a single count
// of a set is hidden the smallest shown one is hidden too, so it cannot be found again from the total.

/** Counts under this are shown as "fewer than 5". */
export const CONSULTATION_SMALL_CELL = 5;

/** A published count: null under the threshold, else rounded to the nearest multiple of 5. */
export function cell(count: number): number | null {
  if (count < CONSULTATION_SMALL_CELL) return null;
  return Math.round(count / CONSULTATION_SMALL_CELL) * CONSULTATION_SMALL_CELL;
}

/** Complementary suppression of one set of counts (see the file's comment). */
export function complement<T>(rows: T[], get: (row: T) => number | null, hide: (row: T) => T): T[] {
  const hidden = rows.filter((row) => get(row) === null).length;
  if (hidden !== 1) return rows;
  let smallest = -1;
  rows.forEach((row, index) => {
    const value = get(row);
    if (value !== null && (smallest < 0 || value < (get(rows[smallest]!) ?? 0))) smallest = index;
  });
  return smallest < 0 ? rows : rows.map((row, index) => (index === smallest ? hide(row) : row));
}
