/** The annual report as `GET /api/reports/annual/:year` returns it. */
export interface ReportFigure {
  label: string;
  value: number;
  unit?: string;
}

export interface ReportChart {
  kind: 'bar' | 'line';
  title: string;
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

export interface AnnualReport {
  year: number;
  locale: string;
  generatedAt: string;
  firstYear: number;
  lastYear: number;
  sections: ReportSection[];
}
