import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { EvaluationForm } from '../../../shared/contracts/questionnaires';
import { api } from '../../app/api';
import { formatDate } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { QuestionnaireForm } from './questionnaire-form';

/** A participant's evaluation of a session, filled once after its last day. */
export function EvaluationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const locale = currentLocale();
  const form = useApiData<EvaluationForm>(`/training/evaluations/sessions/${encodeURIComponent(id)}`);
  const { run, pending, error } = useAction();
  const [done, setDone] = useState(false);
  if (form.error) return <LoadErrorPage error={form.error} />;
  if (!form.data) return <LoadingPage />;
  const { session, state } = form.data;
  const title = t('training-questionnaires.evaluation.title', { course: session.courseTitle });
  const back = (
    <p>
      <Link to="/formation/evaluations">{t('training-questionnaires.evaluation.back')}</Link>
    </p>
  );
  if (done || state === 'answered') {
    return (
      <Page title={title}>
        <StatusMessage>{t('training-questionnaires.evaluation.thanks')}</StatusMessage>
        {back}
      </Page>
    );
  }
  return (
    <Page
      title={title}
      lead={t('training-questionnaires.evaluation.lead', { date: formatDate(session.endsAt, locale) })}
    >
      {state === 'upcoming' ? (
        <p>{t('training-questionnaires.evaluation.tooEarly')}</p>
      ) : (
        <>
          <p className="muted">{t('training-questionnaires.evaluation.anonymity')}</p>
          <QuestionnaireForm
            form={form.data.form}
            pending={pending}
            error={error}
            onSubmit={(answers) =>
              void run(async () => {
                await api.post(`/training/evaluations/sessions/${encodeURIComponent(id)}`, { answers });
                setDone(true);
              })
            }
          />
        </>
      )}
      {back}
    </Page>
  );
}
