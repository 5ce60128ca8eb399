import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyEvaluationList } from '../../../shared/contracts/questionnaires';
import { formatDate } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';

/** The sessions a person attended and their evaluation: to fill, filled, or not yet open. */
export function EvaluationsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const mine = useApiData<MyEvaluationList>('/training/evaluations/mine');
  if (mine.error) return <LoadErrorPage error={mine.error} />;
  if (!mine.data) return <LoadingPage />;
  const items = mine.data.items;
  return (
    <Page
      title={t('training-questionnaires.evaluations.title')}
      lead={t('training-questionnaires.evaluations.lead')}
    >
      {can('training.evaluations.results') ? (
        <p>
          <Link to="/formation/evaluations/resultats">
            {t('training-questionnaires.evaluations.resultsLink')}
          </Link>
        </p>
      ) : null}
      <DataTable
        caption={t('training-questionnaires.evaluations.caption')}
        columns={[
          t('training-questionnaires.common.course'),
          t('training-questionnaires.common.date'),
          t('training-questionnaires.evaluations.state'),
        ]}
        rows={items}
        empty={t('training-questionnaires.evaluations.none')}
      >
        {({ session, state }) => (
          <tr key={session.id}>
            <th scope="row">
              {session.courseCode} — {session.courseTitle}
            </th>
            <td>{formatDate(session.endsAt, locale)}</td>
            <td>
              {state === 'pending' ? (
                <Link to={`/formation/evaluations/${encodeURIComponent(session.id)}`}>
                  {t('training-questionnaires.evaluations.fill', { course: session.courseCode })}
                </Link>
              ) : (
                t(`training-questionnaires.evaluations.states.${state}`)
              )}
            </td>
          </tr>
        )}
      </DataTable>
    </Page>
  );
}
