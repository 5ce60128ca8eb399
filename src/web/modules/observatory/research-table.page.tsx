import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResearchQuestion, ResearchQuestionList } from '../../../shared/contracts/observatory';
import { api, fieldMessage, withQuery } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Radio, TextAreaField } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { conflictError, localProblem } from './parts';
import { ExportList, QuestionCard } from './research.page';

/**
 * The table's side of research: every export made, with its purpose (each opens on its table, where
 * asked-for free texts are allowed or refused), and the questions researchers proposed, answered
 * accepted or declined with a note.
 */
export function ResearchTablePage() {
  const { t } = useTranslation();
  const [said, setSaid] = useState<string | null>(null);
  const questions = useApiData<ResearchQuestionList>(
    withQuery('/observatory/research/questions', { limit: 100 }),
  );
  return (
    <Page title={t('observatory.tableResearch.title')} lead={t('observatory.tableResearch.lead')}>
      <StatusMessage>{said}</StatusMessage>
      <section aria-labelledby="obs-table-questions">
        <h2 id="obs-table-questions">{t('observatory.tableResearch.questions')}</h2>
        <Loaded data={questions}>
          {(data) =>
            data.items.length === 0 ? (
              <p>{t('observatory.research.noQuestions')}</p>
            ) : (
              <ul className="card-list">
                {data.items.map((question) => (
                  <QuestionCard key={question.id} question={question}>
                    {question.status === 'proposed' ? (
                      <Answer
                        question={question}
                        onAnswered={(words) => {
                          setSaid(words);
                          questions.reload();
                        }}
                        onConflict={questions.reload}
                      />
                    ) : null}
                  </QuestionCard>
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
      <ExportList
        heading={t('observatory.tableResearch.exports')}
        empty={t('observatory.research.noExports')}
      />
    </Page>
  );
}

function Answer({
  question,
  onAnswered,
  onConflict,
}: {
  question: ResearchQuestion;
  onAnswered: (said: string) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [decision, setDecision] = useState<'accepted' | 'declined'>('accepted');
  const [note, setNote] = useState('');
  const id = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      if (decision === 'declined' && !note.trim()) {
        throw localProblem([{ field: 'note', message: t('observatory.tableResearch.needNote') }]);
      }
      try {
        await api.post(`/observatory/research/questions/${encodeURIComponent(question.id)}/answer`, {
          decision,
          ...(note.trim() ? { note: note.trim() } : {}),
          version: question.version,
        });
        onAnswered(t(`observatory.tableResearch.answered.${decision}`));
      } catch (reason) {
        const plain = conflictError(reason, t('observatory.tableResearch.answeredMeanwhile'));
        if (plain !== reason) onConflict();
        throw plain;
      }
    });
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={action.error} fieldId={{ note: `${id}-note` }} />
      <fieldset className="field fieldset">
        <legend>{t('observatory.tableResearch.answer', { title: question.title })}</legend>
        <Radio
          id={`${id}-accepted`}
          name={`${id}-decision`}
          label={t('observatory.tableResearch.accept')}
          checked={decision === 'accepted'}
          onChange={() => setDecision('accepted')}
        />
        <Radio
          id={`${id}-declined`}
          name={`${id}-decision`}
          label={t('observatory.tableResearch.decline')}
          checked={decision === 'declined'}
          onChange={() => setDecision('declined')}
        />
      </fieldset>
      <TextAreaField
        id={`${id}-note`}
        label={t('observatory.tableResearch.note')}
        maxLength={2000}
        rows={3}
        hint={t('observatory.tableResearch.noteHint')}
        value={note}
        error={fieldMessage(action.error, 'note')}
        onChange={(event) => setNote(event.target.value)}
      />
      <Button type="submit" pending={action.pending}>
        {t('observatory.tableResearch.send')}
      </Button>
    </form>
  );
}
