import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type {
  ResearchExportDetail,
  ResearchExportInput,
  ResearchExportList,
  ResearchQuestion,
  ResearchQuestionList,
} from '../../../shared/contracts/observatory';
import { TREND_DIMENSIONS, type TrendDimension } from '../../../shared/contracts/observatory.values';
import { api, withQuery } from '../../app/api';
import { useForm } from '../../app/form';
import { formatDateTime, formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { localProblem, periodLabel, thisMonth } from './parts';

const PURPOSE_MIN = 10;
const PURPOSE_MAX = 1000;

/**
 * A researcher's page: a new export (why, which dimensions, which months), whose answer is a table of
 * counts with small cells hidden; the exports made before; and a question proposed to the table, with
 * the table's answer. Researchers never read an observation one by one.
 */
export function ResearchPage() {
  const { t } = useTranslation();
  const [said, setSaid] = useState<string | null>(null);
  return (
    <Page title={t('observatory.research.title')} lead={t('observatory.research.lead')}>
      <StatusMessage>{said}</StatusMessage>
      <NewExport />
      <PastExports />
      <Questions onAsked={() => setSaid(t('observatory.research.asked'))} />
    </Page>
  );
}

interface ExportDraft {
  purpose: string;
  first: string;
  second: string;
  /** One calendar year that has closed: exports never overlap, so none can be subtracted from another. */
  year: string;
  includeText: boolean;
}

/**
 * The years an export may cover: the last ten that have closed (a year closes on April 1 of the next,
 * in the region), the most recent first.
 */
function closedYears(): string[] {
  const month = thisMonth();
  const last = Number(month.slice(0, 4)) - (month.slice(5, 7) >= '04' ? 1 : 2);
  return Array.from({ length: 10 }, (_, i) => String(last - i));
}

const EXPORT_IDS: Record<string, string> = {
  purpose: 'obs-export-purpose',
  dimensions: 'obs-export-first',
  year: 'obs-export-year',
  // The server names the span's ends; both are the year chosen.
  from: 'obs-export-year',
  to: 'obs-export-year',
  includeText: 'obs-export-includeText',
};

function NewExport() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const years = closedYears();
  const form = useForm<ExportDraft>(
    {
      purpose: '',
      first: 'method',
      second: '',
      year: years[0]!,
      includeText: false,
    },
    (field) => EXPORT_IDS[field.split('.')[0] ?? field],
  );
  const v = form.values;
  const dimensionChoices = choices(TREND_DIMENSIONS, (d) => t(`observatory.dimensions.${d}`));

  const onSubmit = form.onSubmit(async () => {
    const problems: Array<{ field: string; message: string }> = [];
    const purpose = v.purpose.trim();
    if (purpose.length < PURPOSE_MIN) {
      problems.push({
        field: 'purpose',
        message: t('observatory.research.needPurpose', { min: PURPOSE_MIN }),
      });
    }
    if (v.second && v.second === v.first) {
      problems.push({ field: 'dimensions', message: t('observatory.research.sameDimension') });
    }
    if (problems.length > 0) throw localProblem(problems);
    const body: ResearchExportInput = {
      purpose,
      dimensions: [v.first, ...(v.second ? [v.second] : [])] as TrendDimension[],
      from: `${v.year}-01`,
      to: `${v.year}-12`,
      includeText: v.includeText,
    };
    const created = await api.post<ResearchExportDetail>('/observatory/research/exports', body);
    navigate(`/observatoire/recherche/exports/${encodeURIComponent(created.id)}`, {
      state: { flash: 'created' },
    });
  });

  return (
    <section aria-labelledby="obs-new-export">
      <h2 id="obs-new-export">{t('observatory.research.newExport')}</h2>
      <p>{t('observatory.research.newExportLead')}</p>
      <ErrorSummary error={form.error} fieldId={EXPORT_IDS} />
      <form className="form narrow" onSubmit={onSubmit} noValidate>
        <TextAreaField
          {...form.field('purpose')}
          label={t('observatory.research.purpose')}
          hint={t('observatory.research.purposeHint', { min: PURPOSE_MIN, max: PURPOSE_MAX })}
          maxLength={PURPOSE_MAX}
          rows={3}
          required
        />
        <ChoiceField
          {...form.field('first', 'dimensions')}
          label={t('observatory.research.first')}
          options={dimensionChoices}
        />
        <ChoiceField
          id="obs-export-second"
          value={v.second}
          onChange={(event) => form.set('second', event.target.value)}
          label={t('observatory.research.second')}
          placeholder={t('observatory.research.noSecond')}
          options={dimensionChoices.filter((choice) => choice.value !== v.first)}
        />
        <ChoiceField
          {...form.field('year')}
          label={t('observatory.research.year')}
          hint={t('observatory.research.yearHint')}
          options={years.map((year) => ({ value: year, label: year }))}
        />
        <Checkbox {...form.check('includeText')} label={t('observatory.research.includeText')} />
        <Button type="submit" pending={form.pending}>
          {t('observatory.research.submit')}
        </Button>
      </form>
    </section>
  );
}

/** The exports made (a researcher's own; every researcher's for the table, through the same list). */
export function ExportList({ heading, empty }: { heading: string; empty: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const exports = useApiData<ResearchExportList>(withQuery('/observatory/research/exports', { limit: 50 }));
  return (
    <section aria-labelledby="obs-exports">
      <h2 id="obs-exports">{heading}</h2>
      <Loaded data={exports}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{empty}</p>
          ) : (
            <>
              <p>
                {t('observatory.research.exportsTotal', {
                  count: data.total,
                  formatted: formatNumber(data.total, locale),
                })}
              </p>
              <ul className="card-list">
                {data.items.map((item) => (
                  <li key={item.id} className="card" aria-labelledby={`obs-export-${item.id}`}>
                    <h3 id={`obs-export-${item.id}`} className="card-title">
                      <Link to={`/observatoire/recherche/exports/${encodeURIComponent(item.id)}`}>
                        {t('observatory.research.exportTitle', {
                          dimensions: item.dimensions
                            .map((d) => t(`observatory.dimensions.${d}`))
                            .join(' × '),
                          from: periodLabel(item.from, locale),
                          to: periodLabel(item.to, locale),
                        })}
                      </Link>
                    </h3>
                    <dl className="ref-card-facts">
                      <Detail term={t('observatory.research.researcher')}>{item.researcherName}</Detail>
                      <Detail term={t('observatory.research.createdAt')}>
                        {formatDateTime(item.createdAt, locale)}
                      </Detail>
                      <Detail term={t('observatory.research.texts')}>
                        {t(`observatory.research.textStatuses.${item.textStatus}`)}
                      </Detail>
                    </dl>
                    <p className="pre-wrap">{item.purpose}</p>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function PastExports() {
  const { t } = useTranslation();
  return (
    <ExportList heading={t('observatory.research.pastExports')} empty={t('observatory.research.noExports')} />
  );
}

interface QuestionDraft {
  title: string;
  text: string;
}

function Questions({ onAsked }: { onAsked: () => void }) {
  const { t } = useTranslation();
  const questions = useApiData<ResearchQuestionList>(
    withQuery('/observatory/research/questions', { limit: 50 }),
  );
  const form = useForm<QuestionDraft>({ title: '', text: '' }, (field) => `obs-question-${field}`);
  const onSubmit = form.onSubmit(async () => {
    const problems: Array<{ field: string; message: string }> = [];
    if (form.values.title.trim().length < 5) {
      problems.push({ field: 'title', message: t('observatory.research.needTitle', { min: 5 }) });
    }
    if (form.values.text.trim().length < 10) {
      problems.push({ field: 'text', message: t('observatory.research.needText', { min: 10 }) });
    }
    if (problems.length > 0) throw localProblem(problems);
    await api.post<ResearchQuestion>('/observatory/research/questions', {
      title: form.values.title.trim(),
      text: form.values.text.trim(),
    });
    form.setValues({ title: '', text: '' });
    questions.reload();
    onAsked();
  });
  return (
    <section aria-labelledby="obs-questions">
      <h2 id="obs-questions">{t('observatory.research.questions')}</h2>
      <Loaded data={questions}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('observatory.research.noQuestions')}</p>
          ) : (
            <ul className="card-list">
              {data.items.map((question) => (
                <QuestionCard key={question.id} question={question} />
              ))}
            </ul>
          )
        }
      </Loaded>
      <h3 id="obs-propose">{t('observatory.research.propose')}</h3>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <form className="form narrow" onSubmit={onSubmit} aria-labelledby="obs-propose" noValidate>
        <Field
          {...form.field('title')}
          label={t('observatory.research.questionTitle')}
          maxLength={200}
          required
        />
        <TextAreaField
          {...form.field('text')}
          label={t('observatory.research.questionText')}
          maxLength={4000}
          rows={5}
          required
        />
        <Button type="submit" pending={form.pending}>
          {t('observatory.research.proposeSubmit')}
        </Button>
      </form>
    </section>
  );
}

/** A question and, once the table answered, its answer. */
export function QuestionCard({ question, children }: { question: ResearchQuestion; children?: ReactNode }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <li className="card" aria-labelledby={`obs-q-${question.id}`}>
      <h3 id={`obs-q-${question.id}`} className="card-title">
        {question.title}
      </h3>
      <p>
        <span className={`tag obs-question-${question.status}`}>
          {t(`observatory.research.questionStatuses.${question.status}`)}
        </span>
      </p>
      <p className="pre-wrap">{question.text}</p>
      <dl className="ref-card-facts">
        <Detail term={t('observatory.research.researcher')}>{question.researcherName}</Detail>
        <Detail term={t('observatory.research.askedAt')}>{formatDateTime(question.createdAt, locale)}</Detail>
        {question.answeredAt ? (
          <Detail term={t('observatory.research.answeredAt')}>
            {formatDateTime(question.answeredAt, locale)}
          </Detail>
        ) : null}
      </dl>
      {question.note ? (
        <dl className="details">
          <Detail term={t('observatory.research.note')} className="pre-wrap">
            {question.note}
          </Detail>
        </dl>
      ) : null}
      {children}
    </li>
  );
}
