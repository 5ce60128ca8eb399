import { useTranslation } from 'react-i18next';
import type { QuestionResult, ResultBlock } from '../../../shared/contracts/questionnaires';
import type { ReportChart } from '../../../shared/report';
import { formatNumber } from '../../app/format';
import { currentLocale } from '../../app/i18n';
import { ChartData, keyed, ReportChartView } from '../../ui/chart';

/** A chart with its numbers as a table under a disclosure (the table alternative of every chart). */
export function ChartWithTable({
  chart,
  caption,
  categoryLabel,
}: {
  chart: ReportChart;
  caption: string;
  categoryLabel: string;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <div className="report-chart">
      <ReportChartView chart={chart} />
      <ChartData
        chart={chart}
        summary={t('training-questionnaires.results.chartData')}
        caption={caption}
        categoryLabel={categoryLabel}
        format={(value) => formatNumber(value, locale)}
      />
    </div>
  );
}

function QuestionView({
  result,
  index,
  context,
}: {
  result: QuestionResult;
  index: number;
  context: string;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const title = `${index + 1}. ${result.text}`;
  const answered = t('training-questionnaires.results.answered', { count: result.answered });
  if (result.type === 'scale') {
    const chart: ReportChart = {
      kind: 'bar',
      title,
      categories: [1, 2, 3, 4, 5].map((n) => t(`training-questionnaires.form.scale.${n}`)),
      series: [{ name: t('training-questionnaires.results.count'), values: result.distribution ?? [] }],
    };
    return (
      <div className="report-table">
        <h3>{title}</h3>
        <p>
          {result.mean !== null && result.mean !== undefined
            ? t('training-questionnaires.results.mean', { mean: formatNumber(result.mean, locale) })
            : t('training-questionnaires.results.noMean')}{' '}
          <span className="muted">({answered})</span>
        </p>
        <ChartWithTable
          chart={chart}
          caption={t('training-questionnaires.results.tableCaption', { title, context })}
          categoryLabel={t('training-questionnaires.results.value')}
        />
      </div>
    );
  }
  if (result.type === 'single' || result.type === 'multiple') {
    const options = result.options ?? [];
    const chart: ReportChart = {
      kind: 'bar',
      title,
      categories: options.map((o) => o.label),
      series: [{ name: t('training-questionnaires.results.count'), values: options.map((o) => o.count) }],
    };
    return (
      <div className="report-table">
        <h3>{title}</h3>
        <p className="muted">{answered}</p>
        <ChartWithTable
          chart={chart}
          caption={t('training-questionnaires.results.tableCaption', { title, context })}
          categoryLabel={t('training-questionnaires.results.option')}
        />
      </div>
    );
  }
  return (
    <div className="report-table">
      <h3>{title}</h3>
      <p className="muted">{answered}</p>
      {(result.texts ?? []).length > 0 ? (
        <ul>
          {keyed(result.texts ?? []).map(({ key, item }) => (
            <li key={key}>{item}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Aggregated answers of one questionnaire. Under three answer sets only the count shows: the server
 * sends nothing more, and the screen says why.
 */
export function ResultBlockView({ block, context }: { block: ResultBlock; context: string }) {
  const { t } = useTranslation();
  return (
    <section className="report-section" aria-label={`${block.title} — ${context}`}>
      <h2>{block.title}</h2>
      <dl className="report-figures">
        <div className="report-figure">
          <dt>{t('training-questionnaires.results.responses')}</dt>
          <dd>{formatNumber(block.responses, currentLocale())}</dd>
        </div>
      </dl>
      {block.detailed ? (
        block.questions.map((result, index) => (
          <QuestionView key={result.id} result={result} index={index} context={context} />
        ))
      ) : (
        <p>{t('training-questionnaires.results.tooFew')}</p>
      )}
    </section>
  );
}
