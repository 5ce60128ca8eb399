import type { ReportSection } from '../../../shared/report.js';
import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../db/database.js';

export type { ReportChart, ReportFigure, ReportSection, ReportTable } from '../../../shared/report.js';

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
