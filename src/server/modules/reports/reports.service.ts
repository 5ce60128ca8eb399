import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { annualReportCsv } from '../../platform/reports/report-csv.js';
import { type AnnualReportDocument, renderAnnualReportPdf } from '../../platform/reports/report-pdf.js';
import { canReadAnnualReport } from './reports.policy.js';

export const FIRST_REPORT_YEAR = 2000;

export type ExportFormat = 'pdf' | 'csv';

/** The latest year a report can be asked for: next year, so the table can prepare it in December. */
export function lastReportYear(platform: Platform): number {
  const year = new Intl.DateTimeFormat('en-CA', {
    timeZone: platform.config.timeZone,
    year: 'numeric',
  }).format(platform.now());
  return Number(year) + 1;
}

/**
 * Computes the annual report of `year` in the reader's language: every registered contribution, in
 * order. Throws forbidden for a role that may not read it, validation_failed for a year outside
 * 2000 – next year.
 */
export async function getAnnualReport(
  platform: Platform,
  actor: Actor,
  year: number,
  locale: Locale,
): Promise<AnnualReportDocument> {
  authorize(canReadAnnualReport(actor), { hide: false });
  if (year < FIRST_REPORT_YEAR) throw Errors.field('year', 'too_small', { min: FIRST_REPORT_YEAR });
  const last = lastReportYear(platform);
  if (year > last) throw Errors.field('year', 'too_large', { max: last });
  const generatedAt = platform.now();
  const sections = await platform.annualReport.compute(platform.db, {
    year,
    locale,
    timeZone: platform.config.timeZone,
    now: generatedAt,
  });
  return { year, generatedAt, sections };
}

/**
 * The annual report as a file (PDF or CSV) in the reader's language. The export is written to the
 * audit journal (`report.export`, with the year, format and number of sections) before the file
 * leaves. Throws as `getAnnualReport`.
 */
export async function exportAnnualReport(
  platform: Platform,
  actor: Actor,
  year: number,
  locale: Locale,
  format: ExportFormat,
): Promise<{ body: Uint8Array | string; filename: string; contentType: string }> {
  const report = await getAnnualReport(platform, actor, year, locale);
  const body =
    format === 'pdf'
      ? await renderAnnualReportPdf(report, { locale, timeZone: platform.config.timeZone })
      : annualReportCsv(report.sections, locale);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'reports.annual_report.export',
      targetType: 'annual_report',
      targetId: String(year),
      meta: { year, format, locale, sections: report.sections.map((section) => section.key) },
    });
  });
  const stem = locale === 'fr-CA' ? `filet-rapport-annuel-${year}` : `filet-annual-report-${year}`;
  return {
    body,
    filename: `${stem}.${format}`,
    contentType: format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8',
  };
}
