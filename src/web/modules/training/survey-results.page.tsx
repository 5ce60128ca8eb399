import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SurveyResults } from '../../../shared/contracts/questionnaires';
import { useApiData } from '../../app/hooks';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { ResultBlockView } from './questionnaire-results';

/** A needs survey's results: overall, by organisation type, by organisation (the table). */
export function SurveyResultsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const result = useApiData<SurveyResults>(`/training/surveys/${encodeURIComponent(id)}/results`);
  if (result.error) return <LoadErrorPage error={result.error} />;
  if (!result.data) return <LoadingPage />;
  const data = result.data;
  const typeLabel = (type: string) =>
    t(`training-questionnaires.organisationTypes.${type}`, { defaultValue: type });
  return (
    <Page title={t('training-questionnaires.surveyResults.title', { title: data.title })}>
      <p>
        <Link to="/formation/questionnaires">{t('training-questionnaires.surveyResults.back')}</Link>
      </p>
      {data.overall ? (
        <ResultBlockView block={data.overall} context={t('training-questionnaires.surveyResults.overall')} />
      ) : (
        <p>{t('training-questionnaires.results.noResponses')}</p>
      )}
      {data.byType.length > 0 ? (
        <>
          <h2>{t('training-questionnaires.surveyResults.byType')}</h2>
          {data.byType.map((group) => (
            <details key={group.organisationType}>
              <summary>
                {typeLabel(group.organisationType)} —{' '}
                {t('training-questionnaires.results.answered', { count: group.block.responses })}
              </summary>
              <ResultBlockView block={group.block} context={typeLabel(group.organisationType)} />
            </details>
          ))}
        </>
      ) : null}
      {data.byOrganisation.length > 0 ? (
        <>
          <h2>{t('training-questionnaires.surveyResults.byOrganisation')}</h2>
          {data.byOrganisation.map((group) => (
            <details key={group.organisationId}>
              <summary>
                {group.name} —{' '}
                {t('training-questionnaires.results.answered', { count: group.block.responses })}
              </summary>
              <ResultBlockView block={group.block} context={group.name} />
            </details>
          ))}
        </>
      ) : null}
    </Page>
  );
}
