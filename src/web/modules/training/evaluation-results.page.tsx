import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type {
  CourseResults,
  EvaluatedSessionList,
  SessionResults,
} from '../../../shared/contracts/questionnaires';
import { formatDate } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { ResultBlockView } from './questionnaire-results';

/** Ended sessions (all for the table, a trainer's own) with their number of evaluations. */
export function EvaluationResultsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const list = useApiData<EvaluatedSessionList>('/training/evaluations/results');
  if (list.error) return <LoadErrorPage error={list.error} />;
  if (!list.data) return <LoadingPage />;
  return (
    <Page title={t('training-questionnaires.results.title')} lead={t('training-questionnaires.results.lead')}>
      <DataTable
        caption={t('training-questionnaires.results.caption')}
        columns={[
          t('training-questionnaires.common.course'),
          t('training-questionnaires.common.date'),
          { label: t('training-questionnaires.results.responses'), className: 'numeric' },
          t('training-questionnaires.results.courseColumn'),
        ]}
        rows={list.data.items}
        empty={t('training-questionnaires.results.none')}
      >
        {({ session, responses }) => (
          <tr key={session.id}>
            <th scope="row">
              <Link to={`/formation/evaluations/resultats/sessions/${encodeURIComponent(session.id)}`}>
                {session.courseCode} — {session.courseTitle}, {formatDate(session.endsAt, locale)}
              </Link>
            </th>
            <td>{formatDate(session.endsAt, locale)}</td>
            <td className="numeric">{responses}</td>
            <td>
              <Link
                to={`/formation/evaluations/resultats/formations/${encodeURIComponent(session.courseId)}`}
              >
                {t('training-questionnaires.results.allSessions', { course: session.courseCode })}
              </Link>
            </td>
          </tr>
        )}
      </DataTable>
    </Page>
  );
}

/** Aggregated evaluations of one session. */
export function SessionResultsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const locale = currentLocale();
  const result = useApiData<SessionResults>(
    `/training/evaluations/results/sessions/${encodeURIComponent(id)}`,
  );
  if (result.error) return <LoadErrorPage error={result.error} />;
  if (!result.data) return <LoadingPage />;
  const { session, blocks } = result.data;
  const context = `${session.courseCode}, ${formatDate(session.endsAt, locale)}`;
  return (
    <Page
      title={t('training-questionnaires.results.sessionTitle', { course: session.courseTitle })}
      lead={t('training-questionnaires.results.sessionLead', { date: formatDate(session.endsAt, locale) })}
    >
      <p>
        <Link to="/formation/evaluations/resultats">{t('training-questionnaires.results.back')}</Link>
      </p>
      {blocks.length === 0 ? <p>{t('training-questionnaires.results.noResponses')}</p> : null}
      {blocks.map((block) => (
        <ResultBlockView key={block.questionnaireId} block={block} context={context} />
      ))}
    </Page>
  );
}

/** Aggregated evaluations of every session of a course. */
export function CourseResultsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const result = useApiData<CourseResults>(`/training/evaluations/results/courses/${encodeURIComponent(id)}`);
  if (result.error) return <LoadErrorPage error={result.error} />;
  if (!result.data) return <LoadingPage />;
  const { course, blocks } = result.data;
  return (
    <Page title={t('training-questionnaires.results.courseTitle', { course: course.title })}>
      <p>
        <Link to="/formation/evaluations/resultats">{t('training-questionnaires.results.back')}</Link>
      </p>
      {blocks.length === 0 ? <p>{t('training-questionnaires.results.noResponses')}</p> : null}
      {blocks.map((block) => (
        <ResultBlockView key={block.questionnaireId} block={block} context={course.code} />
      ))}
    </Page>
  );
}
