// Small-cell suppression of a table of counts, with its margins, for figures released outside the
// people who recorded them (researchers' exports, the table's trends).
//
// Primary suppression hides every count from 1 to threshold − 1, in the cells and in the margins (a
// zero is shown: it counts nobody). Complementary suppression then hides more, so that no hidden value
// can be recomputed from what is released. Why that works: with its row totals, column totals and grand
// total, a table of r rows and c columns is an (r+1) × (c+1) table whose every line sums to zero once
// the totals are counted negatively. Seen as a bipartite graph (one vertex per line and per column of
// that extended table, one edge per value), the released values are constants and the hidden ones
// unknowns; an unknown is fixed by the equations exactly when its edge is a bridge of the graph of hidden
// edges (no cycle goes through it, so no alternating change along a cycle can move it while keeping every
// sum). So: while a hidden edge is a bridge, hide the released values of the cheapest other path between
// its ends, which puts it on a cycle (an inner cell before a margin, a small count before a large one).
//
// Not being recomputable exactly is not enough: two hidden 1s in a column whose total is released are
// known to sum to 2, so each lies between 0 and 2. So a line (row or column) whose total is released
// must also hide at least `threshold` in all: while one hides less, one more of its released counts is
// hidden (the smallest that brings it to the threshold), and the bridges are looked at again.

export const MIN_SUPPRESSION_THRESHOLD = 10;

export interface SuppressedTable {
  /** The cells, `null` where hidden. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
  /** How many values (cells and margins) were hidden for being small, and how many to protect them. */
  primary: number;
  complementary: number;
}

type Edge = readonly [row: number, column: number];

/**
 * Suppresses a table of counts (rows × columns, non-negative integers) with `threshold` ≥ 10: no count
 * from 1 to threshold − 1 is released, and no hidden count can be recomputed from the released cells,
 * row totals, column totals and grand total.
 */
export function suppressTable(cells: readonly (readonly number[])[], threshold: number): SuppressedTable {
  if (!Number.isInteger(threshold) || threshold < MIN_SUPPRESSION_THRESHOLD)
    throw new RangeError(`suppression threshold must be an integer ≥ ${MIN_SUPPRESSION_THRESHOLD}`);
  const rows = cells.length;
  const columns = rows === 0 ? 0 : cells[0]!.length;
  for (const row of cells) {
    if (row.length !== columns) throw new RangeError('every row must have the same number of cells');
    for (const value of row)
      if (!Number.isInteger(value) || value < 0) throw new RangeError('counts must be non-negative integers');
  }

  // The extended table: cells, then each row's total in the last column, then the column totals and
  // the grand total in the last row.
  const extended: number[][] = cells.map((row) => [...row, row.reduce((sum, value) => sum + value, 0)]);
  const totalsRow: number[] = [];
  for (let column = 0; column <= columns; column++)
    totalsRow.push(extended.reduce((sum, row) => sum + row[column]!, 0));
  extended.push(totalsRow);

  const hidden = extended.map((row) => row.map((value) => value > 0 && value < threshold));
  const primary = hidden.flat().filter(Boolean).length;
  let complementary = 0;
  if (primary > 0) {
    for (;;) {
      const bridge = findBridge(hidden);
      if (bridge) {
        for (const [r, c] of protectingPath(extended, hidden, bridge)) {
          hidden[r]![c] = true;
          complementary++;
        }
        continue;
      }
      const widening = thinLine(extended, hidden, threshold);
      if (!widening) break;
      hidden[widening[0]]![widening[1]] = true;
      complementary++;
    }
  }

  const shown = (row: number, column: number) => (hidden[row]![column] ? null : extended[row]![column]!);
  return {
    cells: cells.map((row, r) => row.map((_, c) => shown(r, c))),
    rowTotals: cells.map((_, r) => shown(r, columns)),
    columnTotals: Array.from({ length: columns }, (_, c) => shown(rows, c)),
    total: shown(rows, columns),
    primary,
    complementary,
  };
}

/**
 * A released count to hide in the first line (row or column of the extended table) whose total is
 * released while its hidden counts add up to less than the threshold, or null when every line hides
 * enough. The line's smallest released count that brings it to the threshold, else its largest; a line
 * with no released count left but zeros hides its total.
 */
function thinLine(
  extended: readonly (readonly number[])[],
  hidden: readonly (readonly boolean[])[],
  threshold: number,
): Edge | null {
  const lines = extended.length;
  const columns = extended[0]!.length;
  const candidates: Edge[][] = [];
  for (let r = 0; r < lines; r++) candidates.push(Array.from({ length: columns }, (_, c): Edge => [r, c]));
  for (let c = 0; c < columns; c++) candidates.push(Array.from({ length: lines }, (_, r): Edge => [r, c]));
  for (const line of candidates) {
    const total = line[line.length - 1]!;
    if (hidden[total[0]]![total[1]]) continue;
    const entries = line.slice(0, -1);
    const value = ([r, c]: Edge) => extended[r]![c]!;
    const hiddenEntries = entries.filter(([r, c]) => hidden[r]![c]);
    if (hiddenEntries.length === 0) continue;
    const hiddenSum = hiddenEntries.reduce((sum, edge) => sum + value(edge), 0);
    if (hiddenSum >= threshold) continue;
    const released = entries.filter(([r, c]) => !hidden[r]![c] && extended[r]![c]! > 0);
    if (released.length === 0) return total;
    const enough = released.filter((edge) => hiddenSum + value(edge) >= threshold);
    const pool = enough.length > 0 ? enough : released;
    return pool.reduce((best, edge) =>
      enough.length > 0 ? (value(edge) < value(best) ? edge : best) : value(edge) > value(best) ? edge : best,
    );
  }
  return null;
}

// Vertices: lines 0..R−1 of the extended table are 0..R−1, its columns 0..C−1 are R..R+C−1.

function hiddenEdges(hidden: readonly (readonly boolean[])[]): Edge[] {
  const edges: Edge[] = [];
  hidden.forEach((row, r) => {
    row.forEach((isHidden, c) => {
      if (isHidden) edges.push([r, c]);
    });
  });
  return edges;
}

/** Component label of each vertex in the graph of hidden edges, leaving out `without`. */
function components(hidden: readonly (readonly boolean[])[], without: Edge | null): number[] {
  const lines = hidden.length;
  const columns = hidden[0]!.length;
  const label = new Array<number>(lines + columns).fill(-1);
  const neighbours: number[][] = Array.from({ length: lines + columns }, () => []);
  for (const [r, c] of hiddenEdges(hidden)) {
    if (without && without[0] === r && without[1] === c) continue;
    neighbours[r]!.push(lines + c);
    neighbours[lines + c]!.push(r);
  }
  let next = 0;
  for (let start = 0; start < label.length; start++) {
    if (label[start] !== -1) continue;
    const queue = [start];
    label[start] = next;
    while (queue.length > 0) {
      const vertex = queue.pop()!;
      for (const other of neighbours[vertex]!) {
        if (label[other] === -1) {
          label[other] = next;
          queue.push(other);
        }
      }
    }
    next++;
  }
  return label;
}

/** A hidden value no cycle of hidden values goes through (so the equations fix it), or null. */
function findBridge(hidden: readonly (readonly boolean[])[]): Edge | null {
  const lines = hidden.length;
  for (const edge of hiddenEdges(hidden)) {
    const label = components(hidden, edge);
    if (label[edge[0]] !== label[lines + edge[1]]) return edge;
  }
  return null;
}

/**
 * The released values to hide so that `bridge` lies on a cycle: the cheapest path between its two ends
 * that does not use it, where a hidden value costs nothing and a released one costs what hiding it
 * loses (an inner cell less than a margin, a margin less than the grand total, a small count less than
 * a large one, a zero most of all among cells: a hidden zero protects little).
 */
function protectingPath(
  extended: readonly (readonly number[])[],
  hidden: readonly (readonly boolean[])[],
  bridge: Edge,
): Edge[] {
  const lines = extended.length;
  const columns = extended[0]!.length;
  const vertices = lines + columns;
  const cost = (r: number, c: number) => {
    if (hidden[r]![c]) return 0;
    const value = extended[r]![c]!;
    const lastLine = r === lines - 1;
    const lastColumn = c === columns - 1;
    const place = lastLine && lastColumn ? 1e12 : lastLine || lastColumn ? 1e9 : 0;
    return place + (value === 0 ? 1e6 : 1 + value);
  };
  const distance = new Array<number>(vertices).fill(Number.POSITIVE_INFINITY);
  const previous = new Array<number>(vertices).fill(-1);
  const done = new Array<boolean>(vertices).fill(false);
  const [from, to] = [bridge[0], lines + bridge[1]];
  distance[from] = 0;
  for (;;) {
    let vertex = -1;
    for (let v = 0; v < vertices; v++)
      if (
        !done[v] &&
        distance[v]! < Number.POSITIVE_INFINITY &&
        (vertex < 0 || distance[v]! < distance[vertex]!)
      )
        vertex = v;
    if (vertex < 0 || vertex === to) break;
    done[vertex] = true;
    // A line's neighbours are the columns, a column's the lines: the extended table is complete.
    const isLine = vertex < lines;
    const others = isLine ? columns : lines;
    for (let k = 0; k < others; k++) {
      const [r, c] = isLine ? [vertex, k] : [k, vertex - lines];
      if (r === bridge[0] && c === bridge[1]) continue;
      const other = isLine ? lines + k : k;
      const through = distance[vertex]! + cost(r, c);
      if (through < distance[other]!) {
        distance[other] = through;
        previous[other] = vertex;
      }
    }
  }
  // The extended table has at least two lines and two columns, so another path always exists.
  if (previous[to] === -1) throw new Error('suppression: no path to protect a hidden value');
  const path: Edge[] = [];
  for (let v = to; v !== from; v = previous[v]!) {
    const u = previous[v]!;
    const edge: Edge = u < lines ? [u, v - lines] : [v, u - lines];
    if (!hidden[edge[0]]![edge[1]]) path.push(edge);
  }
  return path;
}
