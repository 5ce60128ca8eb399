import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SurveyForm } from '../../../shared/contracts/questionnaires';
import { api } from '../../app/api';
import { formatDate } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { QuestionnaireForm } from './questionnaire-form';

/** One person's answers to an open training-needs survey (once). */
export function SurveyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const locale = currentLocale();
  const survey = useApiData<SurveyForm>(`/training/surveys/${encodeURIComponent(id)}`);
  const { run, pending, error } = useAction();
  const [done, setDone] = useState(false);
  if (survey.error) return <LoadErrorPage error={survey.error} />;
  if (!survey.data) return <LoadingPage />;
  const { form, closesOn, answered } = survey.data;
  const back = (
    <p>
      <Link to="/formation/sondages">{t('training-questionnaires.survey.back')}</Link>
    </p>
  );
  if (done || answered) {
    return (
      <Page title={form.title}>
        <StatusMessage>{t('training-questionnaires.survey.thanks')}</StatusMessage>
        {back}
      </Page>
    );
  }
  return (
    <Page
      title={form.title}
      lead={t('training-questionnaires.survey.lead', { date: formatDate(closesOn, locale) })}
    >
      <QuestionnaireForm
        form={form}
        pending={pending}
        error={error}
        onSubmit={(answers) =>
          void run(async () => {
            await api.post(`/training/surveys/${encodeURIComponent(id)}/responses`, { answers });
            setDone(true);
          })
        }
      />
      {back}
    </Page>
  );
}
