import { describe, expect, it } from 'vitest';
import { niceScale } from '../../../shared/report.js';
import { csvCell as reportCsvCell } from '../http/csv.js';
import { annualReportCsv } from './report-csv.js';

describe('reportCsvCell', () => {
  it('quotes per RFC 4180 and disarms formulas, leaving numbers alone', () => {
    expect(reportCsvCell('simple')).toBe('simple');
    expect(reportCsvCell('a, "b"')).toBe('"a, ""b"""');
    expect(reportCsvCell('=1+1')).toBe("'=1+1");
    expect(reportCsvCell('+33')).toBe("'+33");
    expect(reportCsvCell('-x')).toBe("'-x");
    expect(reportCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(reportCsvCell('\t=1')).toBe("'\t=1");
    expect(reportCsvCell('=A1,\n2')).toBe(`"'=A1,\n2"`);
    expect(reportCsvCell(-3)).toBe('-3');
    expect(reportCsvCell(2.5)).toBe('2.5');
    expect(reportCsvCell(Number.NaN)).toBe('');
    expect(reportCsvCell(null)).toBe('');
  });
});

describe('annualReportCsv', () => {
  it('writes one line per figure, chart point and table cell, with a BOM and translated headers', () => {
    const csv = annualReportCsv(
      [
        {
          key: 'k',
          title: 'Section',
          figures: [{ label: 'Taux', value: 50, unit: '%' }],
          charts: [
            { kind: 'bar', title: 'C', categories: ['a', 'b'], series: [{ name: 's', values: [1, 2] }] },
          ],
          tables: [{ title: 'T', columns: ['Nom', 'n'], rows: [['x', 3]] }],
        },
      ],
      'en-CA',
    );
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFSection,Kind,Title,Row,Column,Value,Unit',
      'Section,Figure,Taux,,,50,%',
      'Section,Chart,C,a,s,1,',
      'Section,Chart,C,b,s,2,',
      'Section,Table,T,x,n,3,',
      '',
    ]);
  });
});

describe('niceScale', () => {
  it('gives round ticks covering the maximum', () => {
    expect(niceScale(0, true)).toEqual({ top: 1, step: 1 });
    expect(niceScale(3, true)).toEqual({ top: 3, step: 1 });
    expect(niceScale(17, true)).toEqual({ top: 20, step: 5 });
    expect(niceScale(1234, true)).toEqual({ top: 1500, step: 500 });
    expect(niceScale(0.8, false)).toEqual({ top: 0.8, step: 0.2 });
  });
});
