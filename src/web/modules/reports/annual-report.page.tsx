import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AnnualReport } from '../../../shared/contracts/reports';
import type { ReportChart, ReportSection, ReportTable } from '../../../shared/report';
import { REGION_TIME_ZONE } from '../../../shared/time-zone';
import { formatDateTime } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ChartData, keyed, ReportChartView } from '../../ui/chart';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField } from '../../ui/field';
import { Loading, Page } from '../../ui/page';
import { Table } from '../../ui/table';

const FIRST_YEAR = 2000;

function thisYear(): number {
  return Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE, year: 'numeric' }).format(new Date()),
  );
}

function useNumber(): (value: number) => string {
  const format = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 });
  return (value) => format.format(value);
}

/**
 * The table's annual report for a chosen year: each section's figures, its charts (inline SVG, with
 * their numbers as a table too) and its tables, with the PDF and the CSV to download.
 */
export function AnnualReportPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const last = thisYear() + 1;
  const asked = Number(params.get('annee'));
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= last ? asked : thisYear();
  const [draft, setDraft] = useState(String(year));
  const report = useApiData<AnnualReport>(`/reports/annual/${year}`);
  const retries = useRef(0);

  useEffect(() => setDraft(String(year)), [year]);

  // The server writes the sections in the session's language, which follows the language switch a
  // moment later: ask again until both agree (a few times at most).
  const { data, loading, reload } = report;
  useEffect(() => {
    if (!data || loading || data.locale === i18n.language || retries.current >= 5) return;
    retries.current += 1;
    const timer = window.setTimeout(reload, 300 * retries.current);
    return () => window.clearTimeout(timer);
  }, [data, loading, reload, i18n.language]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    retries.current = 0;
    setParams(new URLSearchParams({ annee: draft }));
  };

  const years = Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i);
  return (
    <Page title={t('reports.title', { year })} lead={t('reports.lead')}>
      <div className="report-toolbar">
        <form className="report-year" onSubmit={onSubmit}>
          <ChoiceField
            id="report-year"
            label={t('reports.year')}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            options={years.map((value) => ({ value: String(value), label: String(value) }))}
          />
          <Button type="submit">{t('reports.show')}</Button>
        </form>
        <ul className="report-downloads">
          <li>
            <a className="button button-secondary" href={`/api/reports/annual/${year}.pdf`} download>
              {t('reports.downloadPdf', { year })}
            </a>
          </li>
          <li>
            <a className="button button-secondary" href={`/api/reports/annual/${year}.csv`} download>
              {t('reports.downloadCsv', { year })}
            </a>
          </li>
        </ul>
      </div>
      {report.error ? <ErrorSummary error={report.error} fieldId={() => 'report-year'} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p className="muted">
            {t('reports.generatedAt', { date: formatDateTime(data.generatedAt, currentLocale()) })}{' '}
            {t('reports.aggregatesOnly')}
          </p>
          <nav className="report-contents" aria-label={t('reports.contents')}>
            <ol>
              {data.sections.map((section) => (
                <li key={section.key}>
                  <a href={`#report-${section.key}`}>{section.title}</a>
                </li>
              ))}
            </ol>
          </nav>
          {data.sections.map((section) => (
            <SectionView key={section.key} section={section} />
          ))}
        </>
      ) : null}
    </Page>
  );
}

function SectionView({ section }: { section: ReportSection }) {
  const { t } = useTranslation();
  const format = useNumber();
  const headingId = `report-${section.key}`;
  const empty = section.figures.length === 0 && section.charts.length === 0 && section.tables.length === 0;
  return (
    <section className="report-section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {section.title}
      </h2>
      {section.note ? <p>{section.note}</p> : null}
      {empty && !section.note ? <p>{t('reports.empty')}</p> : null}
      {section.figures.length > 0 ? (
        <dl className="report-figures">
          {keyed(section.figures).map(({ key, item: figure }) => (
            <div key={key} className="report-figure">
              <dt>{figure.label}</dt>
              <dd>
                {format(figure.value)}
                {figure.unit ? ` ${figure.unit}` : ''}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {keyed(section.charts.filter((chart) => chart.categories.length > 0 && chart.series.length > 0)).map(
        ({ key, item: chart }) => (
          <ChartBlock key={key} chart={chart} section={section.title} />
        ),
      )}
      {keyed(section.tables).map(({ key, item: table }) => (
        <TableBlock key={key} table={table} section={section.title} />
      ))}
    </section>
  );
}

/** Region names must be unique on the page: captions carry their section's title. */
function ChartBlock({ chart, section }: { chart: ReportChart; section: string }) {
  const { t } = useTranslation();
  const format = useNumber();
  return (
    <div className="report-chart">
      <h3>{chart.title}</h3>
      <ReportChartView chart={chart} />
      <ChartData
        chart={chart}
        summary={t('reports.chartData')}
        caption={t('reports.chartDataCaption', { title: chart.title, section })}
        categoryLabel={t('reports.category')}
        format={format}
      />
    </div>
  );
}

function TableBlock({ table, section }: { table: ReportTable; section: string }) {
  const { t } = useTranslation();
  const format = useNumber();
  const numeric = table.columns.map(
    (_, c) => table.rows.length > 0 && table.rows.every((row) => typeof row[c] === 'number'),
  );
  return (
    <div className="report-table">
      <h3>{table.title}</h3>
      {table.rows.length === 0 ? (
        <p>{t('reports.noRows')}</p>
      ) : (
        <Table caption={t('reports.tableCaption', { title: table.title, section })} captionHidden>
          <thead>
            <tr>
              {table.columns.map((column, c) => (
                <th key={column} scope="col" className={numeric[c] ? 'numeric' : undefined}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keyed(table.rows).map(({ key, item: row }) => (
              <tr key={key}>
                {keyed(row).map(({ key: cellKey, item: cell, index: c }) =>
                  c === 0 ? (
                    <th key={cellKey} scope="row">
                      {typeof cell === 'number' ? format(cell) : cell}
                    </th>
                  ) : (
                    <td key={cellKey} className={numeric[c] ? 'numeric' : undefined}>
                      {typeof cell === 'number' ? format(cell) : cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
