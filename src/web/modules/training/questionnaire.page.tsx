import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { QuestionnaireDetail } from '../../../shared/contracts/questionnaires';
import { useApiData } from '../../app/hooks';
import { useSession } from '../../app/session';
import { StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { QuestionnaireEditor } from './questionnaire-editor';

/** Edits one questionnaire: texts and dates always, questions while nobody has answered. */
export function QuestionnairePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useSession();
  const detail = useApiData<QuestionnaireDetail>(`/training/questionnaires/${encodeURIComponent(id)}`);
  const [status, setStatus] = useState<string | null>(null);
  if (detail.error) return <LoadErrorPage error={detail.error} />;
  if (!detail.data) return <LoadingPage />;
  const data = detail.data;
  return (
    <Page
      title={t('training-questionnaires.editor.editTitle', { title: data.titleFr })}
      lead={t(`training-questionnaires.editor.kinds.${data.kind}`)}
    >
      <p>
        <Link to="/formation/questionnaires">{t('training-questionnaires.surveyResults.back')}</Link>
      </p>
      <StatusMessage>{status}</StatusMessage>
      <QuestionnaireEditor
        key={`${data.id}-${data.responseCount}`}
        initial={data}
        allowSurvey={can('training.surveys.manage')}
        canSetDefault={can('training.surveys.manage')}
        onCreated={(title) => {
          setStatus(t('training-questionnaires.editor.saved', { title }));
          detail.reload();
        }}
      />
    </Page>
  );
}
