import type { Locale } from '../../../shared/roles.js';
import { csvCell } from '../http/csv.js';
import { t } from '../i18n/i18n.js';
import type { ReportSection } from './annual-report.js';

const COLUMNS = ['section', 'kind', 'title', 'row', 'column', 'value', 'unit'] as const;

/**
 * Every figure, chart point and table cell of the report, one per line, in a long format that
 * spreadsheets pivot easily: section, kind (figure, chart, table), title, row, column, value, unit.
 * UTF-8 with a BOM so spreadsheet software reads the accents; headers in the reader's language.
 */
export function annualReportCsv(sections: ReportSection[], locale: Locale): string {
  const kind = (k: 'figure' | 'chart' | 'table') => t(locale, `report.csv.kinds.${k}`);
  const lines: Array<Array<string | number>> = [COLUMNS.map((column) => t(locale, `report.csv.${column}`))];
  for (const section of sections) {
    for (const figure of section.figures) {
      lines.push([section.title, kind('figure'), figure.label, '', '', figure.value, figure.unit ?? '']);
    }
    for (const chart of section.charts) {
      for (const series of chart.series) {
        chart.categories.forEach((category, index) => {
          lines.push([
            section.title,
            kind('chart'),
            chart.title,
            category,
            series.name,
            series.values[index] ?? '',
            '',
          ]);
        });
      }
    }
    for (const table of section.tables) {
      for (const row of table.rows) {
        const rowLabel = String(row[0] ?? '');
        row.forEach((cell, index) => {
          if (index === 0 && row.length > 1) return;
          lines.push([
            section.title,
            kind('table'),
            table.title,
            rowLabel,
            table.columns[index] ?? '',
            cell,
            '',
          ]);
        });
      }
    }
  }
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
