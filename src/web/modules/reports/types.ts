import type { ReportSection } from '../../../shared/report';

export type { ReportChart, ReportFigure, ReportSection, ReportTable } from '../../../shared/report';

/** The annual report as `GET /api/reports/annual/:year` returns it. */
export interface AnnualReport {
  year: number;
  locale: string;
  generatedAt: string;
  firstYear: number;
  lastYear: number;
  sections: ReportSection[];
}
