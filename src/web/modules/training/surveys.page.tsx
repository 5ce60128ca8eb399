import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MySurveyList } from '../../../shared/contracts/questionnaires';
import { formatDate } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';

/** The training-needs surveys open to the person's organisation today. */
export function SurveysPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const mine = useApiData<MySurveyList>('/training/surveys/mine');
  if (mine.error) return <LoadErrorPage error={mine.error} />;
  if (!mine.data) return <LoadingPage />;
  return (
    <Page title={t('training-questionnaires.surveys.title')} lead={t('training-questionnaires.surveys.lead')}>
      <DataTable
        caption={t('training-questionnaires.surveys.caption')}
        columns={[
          t('training-questionnaires.surveys.survey'),
          t('training-questionnaires.surveys.closesOn'),
          t('training-questionnaires.surveys.state'),
        ]}
        rows={mine.data.items}
        empty={t('training-questionnaires.surveys.none')}
      >
        {(survey) => (
          <tr key={survey.id}>
            <th scope="row">
              {survey.answered ? (
                survey.title
              ) : (
                <Link to={`/formation/sondages/${encodeURIComponent(survey.id)}`}>{survey.title}</Link>
              )}
            </th>
            <td>{formatDate(survey.closesOn, locale)}</td>
            <td>
              {t(
                survey.answered
                  ? 'training-questionnaires.surveys.answered'
                  : 'training-questionnaires.surveys.toAnswer',
              )}
            </td>
          </tr>
        )}
      </DataTable>
    </Page>
  );
}
