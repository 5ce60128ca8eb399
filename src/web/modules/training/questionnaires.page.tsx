import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  AssignmentList,
  OpenedSurvey,
  QuestionnaireList,
  QuestionnaireSummary,
} from '../../../shared/contracts/questionnaires';
import { api } from '../../app/api';
import { formatDate } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { QuestionnaireEditor } from './questionnaire-editor';

function Assignment({
  item,
  evaluations,
  onSaved,
}: {
  item: AssignmentList['items'][number];
  evaluations: QuestionnaireSummary[];
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { run, pending, error } = useAction();
  const [value, setValue] = useState(item.usesDefault ? '' : (item.questionnaireId ?? ''));
  const id = `assign-${item.courseId}`;
  const current = evaluations.find((q) => q.id === item.questionnaireId);
  if (!can('training.surveys.manage')) {
    return <>{current ? current.title : t('training-questionnaires.questionnaires.none')}</>;
  }
  return (
    <div className="inline-form">
      <ErrorSummary error={error} />
      <label htmlFor={id} className="visually-hidden">
        {t('training-questionnaires.questionnaires.assignLabel', { course: item.code })}
      </label>
      <select
        id={id}
        className="input select"
        value={value}
        onChange={(event) => setValue(event.target.value)}
      >
        <option value="">{t('training-questionnaires.questionnaires.useDefault')}</option>
        {evaluations.map((q) => (
          <option key={q.id} value={q.id}>
            {q.title}
          </option>
        ))}
      </select>{' '}
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          void run(async () => {
            await api.put(`/training/questionnaires/assignments/${encodeURIComponent(item.courseId)}`, {
              questionnaireId: value || null,
            });
            onSaved(t('training-questionnaires.questionnaires.assigned', { course: item.code }));
          })
        }
      >
        {t('training-questionnaires.questionnaires.save', { course: item.code })}
      </Button>
    </div>
  );
}

/** The table's (and trainers') questionnaires: evaluations, surveys with their state, course assignments. */
export function QuestionnairesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const list = useApiData<QuestionnaireList>('/training/questionnaires');
  const assignments = useApiData<AssignmentList>('/training/questionnaires/assignments');
  const opening = useAction();
  const [status, setStatus] = useState<string | null>(null);
  if (list.error) return <LoadErrorPage error={list.error} />;
  if (!list.data || !assignments.data) return <LoadingPage />;
  const evaluations = list.data.items.filter((q) => q.kind === 'evaluation');
  const surveys = list.data.items.filter((q) => q.kind === 'survey');
  const manage = can('training.surveys.manage');
  return (
    <Page
      title={t('training-questionnaires.questionnaires.title')}
      lead={t('training-questionnaires.questionnaires.lead')}
    >
      <p>
        <Link to="/formation/evaluations/resultats">
          {t('training-questionnaires.evaluations.resultsLink')}
        </Link>
      </p>
      <StatusMessage>{status}</StatusMessage>
      <ErrorSummary error={opening.error} />
      <h2>{t('training-questionnaires.questionnaires.evaluations')}</h2>
      <DataTable
        caption={t('training-questionnaires.questionnaires.evaluationsCaption')}
        captionHidden
        columns={[
          t('training-questionnaires.questionnaires.name'),
          { label: t('training-questionnaires.questionnaires.questions'), className: 'numeric' },
          { label: t('training-questionnaires.results.responses'), className: 'numeric' },
        ]}
        rows={evaluations}
      >
        {(q) => (
          <tr key={q.id}>
            <th scope="row">
              <Link to={`/formation/questionnaires/${encodeURIComponent(q.id)}`}>{q.title}</Link>
              {q.isDefault ? ` (${t('training-questionnaires.questionnaires.default')})` : ''}
            </th>
            <td className="numeric">{q.questionCount}</td>
            <td className="numeric">{q.responseCount}</td>
          </tr>
        )}
      </DataTable>

      <h2>{t('training-questionnaires.questionnaires.assignments')}</h2>
      <DataTable
        caption={t('training-questionnaires.questionnaires.assignmentsCaption')}
        captionHidden
        columns={[
          t('training-questionnaires.common.course'),
          t('training-questionnaires.questionnaires.evaluation'),
        ]}
        rows={assignments.data.items}
      >
        {(item) => (
          <tr key={item.courseId}>
            <th scope="row">
              {item.code} — {item.title}
            </th>
            <td>
              <Assignment
                item={item}
                evaluations={evaluations}
                onSaved={(message) => {
                  setStatus(message);
                  assignments.reload();
                }}
              />
            </td>
          </tr>
        )}
      </DataTable>

      {manage ? (
        <>
          <h2>{t('training-questionnaires.questionnaires.surveys')}</h2>
          <DataTable
            caption={t('training-questionnaires.questionnaires.surveysCaption')}
            captionHidden
            columns={[
              t('training-questionnaires.questionnaires.name'),
              t('training-questionnaires.questionnaires.period'),
              t('training-questionnaires.questionnaires.state'),
              { label: t('training-questionnaires.results.responses'), className: 'numeric' },
              t('training-questionnaires.questionnaires.actions'),
            ]}
            rows={surveys}
            empty={t('training-questionnaires.questionnaires.noSurveys')}
          >
            {(q) => (
              <tr key={q.id}>
                <th scope="row">
                  <Link to={`/formation/questionnaires/${encodeURIComponent(q.id)}`}>{q.title}</Link>
                </th>
                <td>
                  {formatDate(q.opensOn, locale)} – {formatDate(q.closesOn, locale)}
                </td>
                <td>{t(`training-questionnaires.questionnaires.states.${q.state ?? 'draft'}`)}</td>
                <td className="numeric">{q.responseCount}</td>
                <td>
                  {q.state === 'draft' ? (
                    <Button
                      variant="secondary"
                      pending={opening.pending}
                      onClick={() =>
                        void opening.run(async () => {
                          const result = await api.post<OpenedSurvey>(
                            `/training/surveys/${encodeURIComponent(q.id)}/open`,
                            {},
                          );
                          setStatus(
                            t('training-questionnaires.questionnaires.opened', {
                              count: result.notified,
                            }),
                          );
                          list.reload();
                        })
                      }
                    >
                      {t('training-questionnaires.questionnaires.open', { title: q.title })}
                    </Button>
                  ) : (
                    <Link to={`/formation/sondages/${encodeURIComponent(q.id)}/resultats`}>
                      {t('training-questionnaires.questionnaires.results', { title: q.title })}
                    </Link>
                  )}
                </td>
              </tr>
            )}
          </DataTable>
        </>
      ) : null}

      <h2>{t('training-questionnaires.editor.title')}</h2>
      <QuestionnaireEditor
        allowSurvey={manage}
        onCreated={(title) => {
          setStatus(t('training-questionnaires.editor.created', { title }));
          list.reload();
          assignments.reload();
        }}
      />
    </Page>
  );
}
