import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chartScale, type ReportChart } from '../../shared/report';
import { currentLocale } from '../app/i18n';
import { Table, TableHead } from './table';

// The web app's one chart, used by every module that draws figures (the annual report, the training
// dashboard, the alerts figures): each shows the same numbers as a table beside it, the accessible
// alternative, and as CSV where the page offers downloads.

const SERIES_CLASSES = 5;

/** Items with a key for React: a chart's points have no identity but their place. */
export function keyed<T>(items: readonly T[]): Array<{ key: string; item: T; index: number }> {
  return items.map((item, index) => ({ key: `${index}`, item, index }));
}

function ticks(top: number, step: number): number[] {
  const values: number[] = [];
  for (let tick = 0; tick <= top + step / 2; tick += step) values.push(tick);
  return values;
}

function seriesClass(kind: 'bar' | 'line' | 'point' | 'swatch', index: number): string {
  return `chart-${kind} chart-series-${index % SERIES_CLASSES}`;
}

/** What a screen reader hears for the chart: its kind and every value (the table below holds them too). */
function description(
  chart: ReportChart,
  format: (value: number) => string,
  point: (category: string, value: string) => string,
  kindLabel: string,
): string {
  const values = chart.series
    .map((series) => {
      const points = chart.categories.map((category, i) => point(category, format(series.values[i] ?? 0)));
      return chart.series.length > 1 ? `${series.name} — ${points.join(' ; ')}` : points.join(' ; ');
    })
    .join('. ');
  return `${kindLabel}. ${values}.`;
}

function Legend({ chart }: { chart: ReportChart }) {
  if (chart.series.length < 2) return null;
  return (
    <ul className="chart-legend" aria-hidden="true">
      {chart.series.map((series, index) => (
        <li key={series.name}>
          <span className={seriesClass('swatch', index)} />
          {series.name}
        </li>
      ))}
    </ul>
  );
}

/**
 * A chart as inline SVG: `role="img"` named by its title and described by its values, so it is an
 * image for those who look and a sentence for those who listen. Bars run horizontally, each category's
 * name above its bars, so long names stay readable on a phone.
 */
export function ReportChartView({ chart }: { chart: ReportChart }) {
  const { t } = useTranslation();
  const id = useId();
  const number = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 });
  const format = (value: number) => number.format(value);
  const kindLabel = t(chart.kind === 'line' ? 'chart.line' : 'chart.bar');
  const body =
    chart.kind === 'line' ? (
      <LineChart chart={chart} format={format} />
    ) : (
      <BarChart chart={chart} format={format} />
    );
  return (
    <>
      <Legend chart={chart} />
      <svg
        className="chart"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${chart.kind === 'line' ? LINE_HEIGHT : barHeight(chart)}`}
        focusable="false"
      >
        <title id={`${id}-title`}>{chart.title}</title>
        <desc id={`${id}-desc`}>
          {description(chart, format, (category, value) => t('chart.point', { category, value }), kindLabel)}
        </desc>
        {body}
      </svg>
    </>
  );
}

const WIDTH = 420;
const LINE_HEIGHT = 230;
const BAR = 14;
const LABEL = 18;
const AXIS = 24;

function groupHeight(chart: ReportChart): number {
  return LABEL + chart.series.length * (BAR + 2) + 8;
}

function barHeight(chart: ReportChart): number {
  return chart.categories.length * groupHeight(chart) + AXIS + 4;
}

interface ChartProps {
  chart: ReportChart;
  format: (value: number) => string;
}

function BarChart({ chart, format }: ChartProps) {
  const left = 4;
  const right = WIDTH - 48;
  const { top, step } = chartScale(chart);
  const plotBottom = chart.categories.length * groupHeight(chart);
  const x = (value: number) => left + (Math.max(0, value) / top) * (right - left);
  return (
    <g>
      {ticks(top, step).map((tick) => (
        <g key={tick}>
          <line
            className={tick === 0 ? 'chart-axis' : 'chart-grid'}
            x1={x(tick)}
            x2={x(tick)}
            y1={0}
            y2={plotBottom}
          />
          <text className="chart-tick" x={x(tick)} y={plotBottom + 16} textAnchor="middle">
            {format(tick)}
          </text>
        </g>
      ))}
      {keyed(chart.categories).map(({ key, item: category, index: row }) => {
        const y0 = row * groupHeight(chart);
        return (
          <g key={key}>
            <text className="chart-label" x={left} y={y0 + 13}>
              {category}
            </text>
            {chart.series.map((series, s) => {
              const value = series.values[row] ?? 0;
              const y = y0 + LABEL + s * (BAR + 2);
              return (
                <g key={series.name}>
                  <rect
                    className={seriesClass('bar', s)}
                    x={left}
                    y={y}
                    width={x(value) - left}
                    height={BAR}
                  />
                  <text className="chart-value" x={x(value) + 4} y={y + BAR - 3}>
                    {format(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </g>
  );
}

function LineChart({ chart, format }: ChartProps) {
  const left = 44;
  const right = WIDTH - 12;
  const plotTop = 16;
  const plotBottom = LINE_HEIGHT - 28;
  const { top, step } = chartScale(chart);
  const count = chart.categories.length;
  const x = (i: number) =>
    count === 1 ? (left + right) / 2 : left + 10 + (i * (right - left - 20)) / (count - 1);
  const y = (value: number) => plotBottom - (Math.max(0, value) / top) * (plotBottom - plotTop);
  const spacing = count > 1 ? (right - left - 20) / (count - 1) : right - left;
  const widest = Math.max(...chart.categories.map((category) => category.length)) * 6;
  const every = Math.max(1, Math.ceil((Math.min(widest, 90) + 6) / spacing));
  const labelValues = count <= 12 && chart.series.length <= 2;
  return (
    <g>
      {ticks(top, step).map((tick) => (
        <g key={tick}>
          <line
            className={tick === 0 ? 'chart-axis' : 'chart-grid'}
            x1={left}
            x2={right}
            y1={y(tick)}
            y2={y(tick)}
          />
          <text className="chart-tick" x={left - 6} y={y(tick) + 4} textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      {keyed(chart.categories).map(({ key, item: category, index: i }) =>
        i % every === 0 ? (
          <text key={key} className="chart-tick" x={x(i)} y={plotBottom + 18} textAnchor="middle">
            {category}
          </text>
        ) : null,
      )}
      {chart.series.map((series, s) => (
        <g key={series.name}>
          <polyline
            className={seriesClass('line', s)}
            points={chart.categories.map((_, i) => `${x(i)},${y(series.values[i] ?? 0)}`).join(' ')}
          />
          {keyed(chart.categories).map(({ key, index: i }) => (
            <g key={key}>
              <circle className={seriesClass('point', s)} cx={x(i)} cy={y(series.values[i] ?? 0)} r={3} />
              {labelValues ? (
                <text
                  className="chart-value"
                  x={x(i)}
                  y={y(series.values[i] ?? 0) + (s === 0 ? -7 : 14)}
                  textAnchor="middle"
                >
                  {format(series.values[i] ?? 0)}
                </text>
              ) : null}
            </g>
          ))}
        </g>
      ))}
    </g>
  );
}

interface ChartDataProps {
  chart: ReportChart;
  /** The disclosure's summary ("the chart's data"). */
  summary: string;
  caption: string;
  /** The header of the categories' column. */
  categoryLabel: string;
  format: (value: number) => string;
}

/** A chart's numbers as a table under a disclosure: the accessible alternative of every chart. */
export function ChartData({ chart, summary, caption, categoryLabel, format }: ChartDataProps) {
  return (
    <details className="report-chart-data">
      <summary>{summary}</summary>
      <Table caption={caption} captionHidden>
        <TableHead
          columns={[
            categoryLabel,
            ...chart.series.map((series) => ({ label: series.name, className: 'numeric' })),
          ]}
        />
        <tbody>
          {keyed(chart.categories).map(({ key, item: category, index }) => (
            <tr key={key}>
              <th scope="row">{category}</th>
              {chart.series.map((series) => (
                <td key={series.name} className="numeric">
                  {format(series.values[index] ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
    </details>
  );
}
