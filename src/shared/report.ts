/** The annual report's sections, as the server computes them and the web app draws them. */

/** One figure of the annual report, labelled in the reader's language. */
export interface ReportFigure {
  label: string;
  value: number;
  /** Optional unit shown after the value, already translated (e.g. "%"). */
  unit?: string;
}

/** A chart the report draws (web: SVG, PDF: vector), with the numbers available as a table. */
export interface ReportChart {
  kind: 'bar' | 'line';
  title: string;
  /** Category labels along the axis. */
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
}

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ReportSection {
  key: string;
  title: string;
  /** A sentence shown under the title (e.g. why the figures are not published yet), translated. */
  note?: string;
  figures: ReportFigure[];
  charts: ReportChart[];
  tables: ReportTable[];
}

/** The median of some values (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A step of 1, 2, 2.5 or 5 times a power of ten, so axis ticks read as round numbers. */
export function niceScale(max: number, integers: boolean): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: integers ? 1 : 0.25 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const ratio = rough / magnitude;
  let step = (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 2.5 ? 2.5 : ratio <= 5 ? 5 : 10) * magnitude;
  if (integers) step = Math.max(1, Math.ceil(step));
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * A chart's value axis, the same on the web and in the PDF: from zero to a round number at or above its
 * largest value, in round steps (whole ones when every value is whole).
 */
export function chartScale(chart: ReportChart): { top: number; step: number } {
  const max = Math.max(0, ...chart.series.flatMap((series) => series.values));
  const integers = chart.series.every((series) => series.values.every((value) => Number.isInteger(value)));
  return niceScale(max, integers);
}
