import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form, FormQuestion } from '../../../shared/contracts/questionnaires';
import { type ApiError, fieldMessage } from '../../app/api';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Radio } from '../../ui/field';

/** One answer as the API takes it. */
export interface Answer {
  questionId: string;
  scale?: number;
  choices?: string[];
  text?: string;
}

type Values = Record<string, { scale?: number; choices?: string[]; text?: string }>;

const SCALE = [1, 2, 3, 4, 5];
const inputId = (questionId: string) => `q-${questionId}`;

/** The answers to send: unanswered questions are left out (the server says which are required). */
export function answersOf(form: Form, values: Values): Answer[] {
  return form.questions.flatMap((question): Answer[] => {
    const value = values[question.id];
    if (!value) return [];
    if (question.type === 'scale')
      return value.scale ? [{ questionId: question.id, scale: value.scale }] : [];
    if (question.type === 'single' || question.type === 'multiple')
      return value.choices?.length ? [{ questionId: question.id, choices: value.choices }] : [];
    return value.text?.trim() ? [{ questionId: question.id, text: value.text }] : [];
  });
}

function Legend({ question, index }: { question: FormQuestion; index: number }) {
  const { t } = useTranslation();
  return (
    <legend>
      {index + 1}. {question.text}
      {question.required ? (
        <span className="muted"> {t('training-questionnaires.form.required')}</span>
      ) : (
        <span className="muted"> {t('training-questionnaires.form.optional')}</span>
      )}
    </legend>
  );
}

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      <span className="visually-hidden">{t('common.errorPrefix')} </span>
      {error}
    </p>
  );
}

function QuestionField({
  question,
  index,
  value,
  onChange,
  error,
}: {
  question: FormQuestion;
  index: number;
  value: Values[string] | undefined;
  onChange: (value: Values[string]) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const id = inputId(question.id);
  const described = error ? `${id}-error` : undefined;
  const className = error ? 'field fieldset field-invalid' : 'field fieldset';
  if (question.type === 'short_text' || question.type === 'long_text') {
    const long = question.type === 'long_text';
    return (
      <div className={error ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>
          {index + 1}. {question.text}
          <span className="muted">
            {' '}
            {t(
              question.required
                ? 'training-questionnaires.form.required'
                : 'training-questionnaires.form.optional',
            )}
          </span>
        </label>
        <ErrorText id={id} error={error} />
        {long ? (
          <textarea
            id={id}
            className="input gov-textarea"
            rows={5}
            maxLength={4000}
            value={value?.text ?? ''}
            aria-describedby={described}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ text: event.target.value })}
          />
        ) : (
          <input
            id={id}
            className="input"
            maxLength={300}
            value={value?.text ?? ''}
            aria-describedby={described}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ text: event.target.value })}
          />
        )}
      </div>
    );
  }
  if (question.type === 'scale') {
    return (
      <fieldset
        className={className}
        id={id}
        aria-describedby={[`${id}-hint`, described].filter(Boolean).join(' ')}
      >
        <Legend question={question} index={index} />
        <p id={`${id}-hint`} className="field-hint">
          {t('training-questionnaires.form.scaleHint')}
        </p>
        <ErrorText id={id} error={error} />
        <div className="checkbox-list">
          {SCALE.map((n) => (
            <Radio
              key={n}
              id={`${id}-${n}`}
              label={t(`training-questionnaires.form.scale.${n}`)}
              name={id}
              checked={value?.scale === n}
              onChange={() => onChange({ scale: n })}
            />
          ))}
        </div>
      </fieldset>
    );
  }
  const multiple = question.type === 'multiple';
  const chosen = value?.choices ?? [];
  return (
    <fieldset className={className} id={id} aria-describedby={described}>
      <Legend question={question} index={index} />
      {multiple ? <p className="field-hint">{t('training-questionnaires.form.multipleHint')}</p> : null}
      <ErrorText id={id} error={error} />
      <div className="checkbox-list">
        {question.options.map((option) => (
          <div className="checkbox" key={option.key}>
            <input
              id={`${id}-${option.key}`}
              type={multiple ? 'checkbox' : 'radio'}
              name={id}
              checked={chosen.includes(option.key)}
              onChange={(event) =>
                onChange({
                  choices: multiple
                    ? event.target.checked
                      ? [...chosen, option.key]
                      : chosen.filter((c) => c !== option.key)
                    : [option.key],
                })
              }
            />
            <label htmlFor={`${id}-${option.key}`}>{option.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** A questionnaire to fill (an evaluation or a survey): one field per question, errors beside them. */
export function QuestionnaireForm({
  form,
  pending,
  error,
  onSubmit,
}: {
  form: Form;
  pending: boolean;
  error: ApiError | undefined;
  onSubmit: (answers: Answer[]) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(answersOf(form, values));
  };
  const fieldId = (field: string) => (field.startsWith('answers.') ? inputId(field.slice(8)) : undefined);
  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={error} fieldId={fieldId} />
      {form.intro ? <p>{form.intro}</p> : null}
      {form.questions.map((question, index) => (
        <QuestionField
          key={question.id}
          question={question}
          index={index}
          value={values[question.id]}
          onChange={(value) => setValues((current) => ({ ...current, [question.id]: value }))}
          error={fieldMessage(error, `answers.${question.id}`)}
        />
      ))}
      <Button type="submit" pending={pending}>
        {t('training-questionnaires.form.submit')}
      </Button>
    </form>
  );
}
