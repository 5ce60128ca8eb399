import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Figures } from '../../../shared/contracts/questionnaires';
import type { ReportChart } from '../../../shared/report';
import { withQuery } from '../../app/api';
import { formatDate, formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { ChoiceField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { ChartWithTable } from './questionnaire-results';

/** The trained-worker figures: charts with their tables, downloads, trained pivots. */
export function DashboardPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [year, setYear] = useState('');
  const path = withQuery('/training/figures', { year: year || null });
  const figures = useApiData<Figures>(path);
  if (figures.error) return <LoadErrorPage error={figures.error} />;
  if (!figures.data) return <LoadingPage />;
  const data = figures.data;
  const k = (key: string, params?: Record<string, unknown>) =>
    t(`training-questionnaires.dashboard.${key}`, params);
  const typeLabel = (type: string) =>
    t(`training-questionnaires.organisationTypes.${type}`, { defaultValue: type });
  const number = (n: number) => formatNumber(n, locale);
  const scope = data.year ? k('inYear', { year: data.year }) : k('sinceStart');
  const last = data.years[data.years.length - 1];

  const yearsChart: ReportChart = {
    kind: 'bar',
    title: k('perYear'),
    categories: data.years.map((y) => String(y.year)),
    series: [
      { name: k('trained'), values: data.years.map((y) => y.trained) },
      { name: k('firstTime'), values: data.years.map((y) => y.firstTime) },
    ],
  };
  const cumulativeChart: ReportChart = {
    kind: 'line',
    title: k('cumulativeChart'),
    categories: data.years.map((y) => String(y.year)),
    series: [{ name: k('cumulative'), values: data.years.map((y) => y.cumulative) }],
  };
  const courseChart: ReportChart = {
    kind: 'bar',
    title: k('byCourse', { scope }),
    categories: data.courses.map((c) => `${c.code} — ${c.title}`),
    series: [{ name: k('trained'), values: data.courses.map((c) => c.trained) }],
  };
  const typeChart: ReportChart = {
    kind: 'bar',
    title: k('byType', { scope }),
    categories: data.organisationTypes.map((o) => typeLabel(o.type)),
    series: [{ name: k('trained'), values: data.organisationTypes.map((o) => o.trained) }],
  };
  const pivotChart: ReportChart = {
    kind: 'bar',
    title: k('pivotsByType'),
    categories: data.pivots.byType.map((o) => typeLabel(o.type)),
    series: [
      { name: k('activePivots'), values: data.pivots.byType.map((o) => o.active) },
      { name: k('trainedPivots'), values: data.pivots.byType.map((o) => o.trained) },
    ],
  };
  const charts: Array<{ chart: ReportChart; category: string }> = [
    { chart: yearsChart, category: k('year') },
    { chart: cumulativeChart, category: k('year') },
    { chart: courseChart, category: k('course') },
    { chart: typeChart, category: k('organisationType') },
    { chart: pivotChart, category: k('organisationType') },
  ];
  const exportQuery = data.year ? `?year=${data.year}` : '';

  return (
    <Page title={k('title')} lead={k('lead')}>
      <div className="report-toolbar">
        <div className="report-year">
          <ChoiceField
            id="figures-year"
            label={k('yearLabel')}
            value={year}
            onChange={(event) => setYear(event.target.value)}
            placeholder={k('sinceStart')}
            options={[...data.years].reverse().map((y) => ({ value: String(y.year), label: String(y.year) }))}
          />
        </div>
        <ul className="report-downloads">
          <li>
            <a className="button button-secondary" href={`/api/training/figures.csv${exportQuery}`} download>
              {k('csv')}
            </a>
          </li>
          <li>
            <a className="button button-secondary" href={`/api/training/figures.xlsx${exportQuery}`} download>
              {k('xlsx')}
            </a>
          </li>
        </ul>
      </div>
      {data.level === 'aggregate' ? <p className="muted">{k('aggregateOnly')}</p> : null}

      <section className="report-section" aria-labelledby="figures-summary">
        <h2 id="figures-summary">{k('summary')}</h2>
        <dl className="report-figures">
          <div className="report-figure">
            <dt>{k('total', { scope })}</dt>
            <dd>{number(data.total)}</dd>
          </div>
          <div className="report-figure">
            <dt>{k('cumulative')}</dt>
            <dd>{number(last?.cumulative ?? 0)}</dd>
          </div>
          <div className="report-figure">
            <dt>{k('trainedPivots')}</dt>
            <dd>
              {number(data.pivots.trained)} / {number(data.pivots.active)}
            </dd>
          </div>
        </dl>
      </section>

      <section className="report-section" aria-labelledby="figures-charts">
        <h2 id="figures-charts">{k('charts')}</h2>
        {charts
          .filter(({ chart }) => chart.categories.length > 0)
          .map(({ chart, category }) => (
            <div key={chart.title}>
              <h3>{chart.title}</h3>
              <ChartWithTable
                chart={chart}
                caption={k('chartCaption', { title: chart.title })}
                categoryLabel={category}
              />
            </div>
          ))}
      </section>

      {data.organisations.length > 0 ? (
        <section className="report-section" aria-labelledby="figures-organisations">
          <h2 id="figures-organisations">{k('byOrganisation', { scope })}</h2>
          <DataTable
            caption={k('organisationsCaption', { scope })}
            captionHidden
            columns={[
              k('organisation'),
              k('organisationType'),
              { label: k('trained'), className: 'numeric' },
            ]}
            rows={data.organisations}
          >
            {(o) => (
              <tr key={o.id}>
                <th scope="row">{o.name}</th>
                <td>{typeLabel(o.type)}</td>
                <td className="numeric">{number(o.trained)}</td>
              </tr>
            )}
          </DataTable>
        </section>
      ) : null}

      {data.pivots.byOrganisation.length > 0 ? (
        <section className="report-section" aria-labelledby="figures-pivots">
          <h2 id="figures-pivots">{k('pivots')}</h2>
          <DataTable
            caption={k('pivotsCaption')}
            captionHidden
            columns={[
              k('organisation'),
              { label: k('activePivots'), className: 'numeric' },
              { label: k('trainedPivots'), className: 'numeric' },
            ]}
            rows={data.pivots.byOrganisation}
          >
            {(o) => (
              <tr key={o.id}>
                <th scope="row">{o.name}</th>
                <td className="numeric">{number(o.active)}</td>
                <td className="numeric">{number(o.trained)}</td>
              </tr>
            )}
          </DataTable>
          {data.pivots.people.length > 0 ? (
            <details>
              <summary>{k('pivotPeople')}</summary>
              <DataTable
                caption={k('pivotPeople')}
                captionHidden
                columns={[k('pivot'), k('organisation'), k('trainedOn')]}
                rows={data.pivots.people}
              >
                {(p) => (
                  <tr key={`${p.organisationName}-${p.name}`}>
                    <th scope="row">{p.name}</th>
                    <td>{p.organisationName}</td>
                    <td>{p.trainedOn ? formatDate(p.trainedOn, locale) : k('notTrained')}</td>
                  </tr>
                )}
              </DataTable>
            </details>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
