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
  figures: ReportFigure[];
  charts: ReportChart[];
  tables: ReportTable[];
}
