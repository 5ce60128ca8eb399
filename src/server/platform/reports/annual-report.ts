import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../db/database.js';

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

/** What a contributor computes its section for. */
export interface ReportInput {
  /** The calendar year, in the region's time zone. */
  year: number;
  locale: Locale;
  timeZone: string;
  /** The platform's clock, for figures "as of now" in the current year (absent: the system clock). */
  now?: Date;
}

/** A module's contribution to the table's annual report, computed for one calendar year. */
export interface ReportContributor {
  key: string;
  /** Sections are shown in ascending order. */
  order: number;
  compute(db: Executor, input: ReportInput): Promise<ReportSection>;
}

/** Modules register what they add to the annual report; the reports module assembles and publishes it. */
export class AnnualReportRegistry {
  readonly #contributors: ReportContributor[] = [];

  register(contributor: ReportContributor): void {
    this.#contributors.push(contributor);
    this.#contributors.sort((a, b) => a.order - b.order);
  }

  async compute(db: Executor, input: ReportInput): Promise<ReportSection[]> {
    const sections: ReportSection[] = [];
    for (const contributor of this.#contributors) sections.push(await contributor.compute(db, input));
    return sections;
  }
}
