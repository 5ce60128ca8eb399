import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireDetail } from '../../../shared/contracts/questionnaires';
import { QUESTION_TYPES } from '../../../shared/contracts/questionnaires.values';
import { ORGANISATION_TYPES } from '../../../shared/roles';
import { api, fieldMessage } from '../../app/api';
import { useForm } from '../../app/form';
import { labelOf } from '../../app/format';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, ChoiceField, choices, Field } from '../../ui/field';

interface DraftQuestion {
  key: number;
  /** As the server sends it (plain text); the select offers the known types. */
  type: string;
  required: boolean;
  textFr: string;
  textEn: string;
  /** One option a line: "French | English". */
  options: string;
}

/** "Oui | Yes" lines to API options with keys o1, o2… */
export function parseOptions(text: string): Array<{ key: string; fr: string; en: string }> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const [fr = '', en] = line.split('|').map((part) => part.trim());
      return { key: `o${index + 1}`, fr, en: en || fr };
    });
}

let nextKey = 1;
const blankQuestion = (): DraftQuestion => ({
  key: nextKey++,
  type: 'scale',
  required: true,
  textFr: '',
  textEn: '',
  options: '',
});

function draftsOf(detail: QuestionnaireDetail): DraftQuestion[] {
  return detail.questions.map((q) => ({
    key: nextKey++,
    type: q.type,
    required: q.required,
    textFr: q.textFr,
    textEn: q.textEn,
    options: q.options.map((o) => `${o.fr} | ${o.en}`).join('\n'),
  }));
}

/**
 * Writes a new evaluation (or, for the table, a needs survey) with its questions, or edits one
 * (`initial`): its questions only while nobody has answered it.
 */
export function QuestionnaireEditor({
  allowSurvey,
  onCreated,
  initial,
  canSetDefault = false,
}: {
  allowSurvey: boolean;
  onCreated: (title: string) => void;
  initial?: QuestionnaireDetail;
  canSetDefault?: boolean;
}) {
  const { t } = useTranslation();
  const empty = {
    kind: (initial?.kind ?? 'evaluation') as 'evaluation' | 'survey',
    titleFr: initial?.titleFr ?? '',
    titleEn: initial?.titleEn ?? '',
    introFr: initial?.introFr ?? '',
    introEn: initial?.introEn ?? '',
    opensOn: initial?.opensOn ?? '',
    closesOn: initial?.closesOn ?? '',
    targetTypes: initial?.targetTypes ?? ([] as string[]),
    isDefault: initial?.isDefault ?? false,
  };
  const [questions, setQuestions] = useState<DraftQuestion[]>(
    initial ? draftsOf(initial) : [blankQuestion()],
  );
  const questionsLocked = (initial?.responseCount ?? 0) > 0;
  const prefix = 'qe';
  const fieldId = (field: string) => {
    const match = /^questions\.(\d+)\.(\w+)/.exec(field);
    if (match) {
      const question = questions[Number(match[1])];
      return question ? `${prefix}-q${question.key}-${match[2]}` : undefined;
    }
    return `${prefix}-${field.split('.')[0]}`;
  };
  const form = useForm(empty, fieldId);
  const { values, setValues, error } = form;
  const setQuestion = (key: number, patch: Partial<DraftQuestion>) =>
    setQuestions((list) => list.map((q) => (q.key === key ? { ...q, ...patch } : q)));

  const submit = form.onSubmit(async () => {
    const survey = values.kind === 'survey';
    const body = {
      titleFr: values.titleFr,
      titleEn: values.titleEn,
      ...(values.introFr || initial ? { introFr: values.introFr } : {}),
      ...(values.introEn || initial ? { introEn: values.introEn } : {}),
      ...(survey && values.opensOn ? { opensOn: values.opensOn } : {}),
      ...(survey && values.closesOn ? { closesOn: values.closesOn } : {}),
      ...(survey && values.targetTypes.length > 0 ? { targetTypes: values.targetTypes } : {}),
      ...(canSetDefault && !survey ? { isDefault: values.isDefault } : {}),
      ...(questionsLocked
        ? {}
        : {
            questions: questions.map((q) => ({
              type: q.type,
              required: q.required,
              textFr: q.textFr,
              textEn: q.textEn,
              ...(q.type === 'single' || q.type === 'multiple' ? { options: parseOptions(q.options) } : {}),
            })),
          }),
    };
    if (initial) {
      await api.patch(`/training/questionnaires/${encodeURIComponent(initial.id)}`, body);
      onCreated(values.titleFr);
      return;
    }
    await api.post('/training/questionnaires', { kind: values.kind, ...body });
    onCreated(values.titleFr);
    setValues(empty);
    setQuestions([blankQuestion()]);
  });

  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={error} fieldId={fieldId} />
      {allowSurvey && !initial ? (
        <ChoiceField
          label={t('training-questionnaires.editor.kind')}
          options={choices(['evaluation', 'survey'], (kind) =>
            t(`training-questionnaires.editor.kinds.${kind}`),
          )}
          {...form.field('kind')}
        />
      ) : null}
      <Field label={t('training-questionnaires.editor.titleFr')} maxLength={200} {...form.field('titleFr')} />
      <Field label={t('training-questionnaires.editor.titleEn')} maxLength={200} {...form.field('titleEn')} />
      <Field
        label={t('training-questionnaires.editor.introFr')}
        maxLength={4000}
        {...form.field('introFr')}
      />
      <Field
        label={t('training-questionnaires.editor.introEn')}
        maxLength={4000}
        {...form.field('introEn')}
      />
      {values.kind === 'survey' ? (
        <>
          <Field type="date" label={t('training-questionnaires.editor.opensOn')} {...form.field('opensOn')} />
          <Field
            type="date"
            label={t('training-questionnaires.editor.closesOn')}
            {...form.field('closesOn')}
          />
          <CheckboxGroup
            id={`${prefix}-targetTypes`}
            legend={t('training-questionnaires.editor.targetTypes')}
            error={fieldMessage(error, 'targetTypes')}
            options={choices(ORGANISATION_TYPES, (type) => labelOf(t, 'organisationTypes', type))}
            value={values.targetTypes}
            onChange={(targetTypes) => form.set('targetTypes', targetTypes)}
          />
        </>
      ) : null}
      {canSetDefault && values.kind === 'evaluation' ? (
        <Checkbox label={t('training-questionnaires.editor.isDefault')} {...form.check('isDefault')} />
      ) : null}
      {questionsLocked ? (
        <>
          <p>{t('training-questionnaires.editor.locked', { count: initial?.responseCount ?? 0 })}</p>
          <ol>
            {(initial?.questions ?? []).map((q) => (
              <li key={q.id}>
                {q.textFr} / {q.textEn} ({t(`training-questionnaires.editor.types.${q.type}`)})
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {(questionsLocked ? [] : questions).map((q, index) => {
        const id = `${prefix}-q${q.key}`;
        const problem = (field: string) => fieldMessage(error, `questions.${index}.${field}`);
        return (
          <fieldset key={q.key} className="field fieldset">
            <legend>{t('training-questionnaires.editor.question', { number: index + 1 })}</legend>
            <ChoiceField
              id={`${id}-type`}
              label={t('training-questionnaires.editor.type')}
              value={q.type}
              onChange={(event) => setQuestion(q.key, { type: event.target.value })}
              options={choices(QUESTION_TYPES, (type) => t(`training-questionnaires.editor.types.${type}`))}
            />
            <Field
              id={`${id}-textFr`}
              label={t('training-questionnaires.editor.textFr')}
              value={q.textFr}
              maxLength={500}
              onChange={(event) => setQuestion(q.key, { textFr: event.target.value })}
              error={problem('textFr')}
            />
            <Field
              id={`${id}-textEn`}
              label={t('training-questionnaires.editor.textEn')}
              value={q.textEn}
              maxLength={500}
              onChange={(event) => setQuestion(q.key, { textEn: event.target.value })}
              error={problem('textEn')}
            />
            {q.type === 'single' || q.type === 'multiple' ? (
              <div className={problem('options') ? 'field field-invalid' : 'field'}>
                <label htmlFor={`${id}-options`}>{t('training-questionnaires.editor.options')}</label>
                <p id={`${id}-options-hint`} className="field-hint">
                  {t('training-questionnaires.editor.optionsHint')}
                </p>
                {problem('options') ? (
                  <p id={`${id}-options-error`} className="field-error">
                    {problem('options')}
                  </p>
                ) : null}
                <textarea
                  id={`${id}-options`}
                  className="input gov-textarea"
                  rows={4}
                  value={q.options}
                  aria-describedby={`${id}-options-hint${problem('options') ? ` ${id}-options-error` : ''}`}
                  onChange={(event) => setQuestion(q.key, { options: event.target.value })}
                />
              </div>
            ) : null}
            <Checkbox
              id={`${id}-required`}
              label={t('training-questionnaires.editor.required')}
              checked={q.required}
              onChange={(event) => setQuestion(q.key, { required: event.target.checked })}
            />
            {questions.length > 1 ? (
              <Button
                variant="link"
                onClick={() => setQuestions((list) => list.filter((x) => x.key !== q.key))}
              >
                {t('training-questionnaires.editor.remove', { number: index + 1 })}
              </Button>
            ) : null}
          </fieldset>
        );
      })}
      {questionsLocked ? null : (
        <p>
          <Button variant="secondary" onClick={() => setQuestions((list) => [...list, blankQuestion()])}>
            {t('training-questionnaires.editor.add')}
          </Button>
        </p>
      )}
      <Button type="submit" pending={form.pending}>
        {t(initial ? 'training-questionnaires.editor.save' : 'training-questionnaires.editor.create')}
      </Button>
    </form>
  );
}
