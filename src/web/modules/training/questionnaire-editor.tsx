import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireDetail } from '../../../shared/contracts/questionnaires';
import { QUESTION_TYPES } from '../../../shared/contracts/questionnaires.values';
import { ORGANISATION_TYPES } from '../../../shared/roles';
import { api, fieldMessage } from '../../app/api';
import { labelOf } from '../../app/format';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, ChoiceField, choices, Field, SelectField } from '../../ui/field';

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
  const { run, pending, error } = useAction();
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
  const [values, setValues] = useState(empty);
  const [questions, setQuestions] = useState<DraftQuestion[]>(
    initial ? draftsOf(initial) : [blankQuestion()],
  );
  const questionsLocked = (initial?.responseCount ?? 0) > 0;
  const prefix = 'qe';
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));
  const setQuestion = (key: number, patch: Partial<DraftQuestion>) =>
    setQuestions((list) => list.map((q) => (q.key === key ? { ...q, ...patch } : q)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
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
  };

  const fieldId = (field: string) => {
    const match = /^questions\.(\d+)\.(\w+)/.exec(field);
    if (match) {
      const question = questions[Number(match[1])];
      return question ? `${prefix}-q${question.key}-${match[2]}` : undefined;
    }
    return `${prefix}-${field.split('.')[0]}`;
  };

  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={error} fieldId={fieldId} />
      {allowSurvey && !initial ? (
        <SelectField
          id={`${prefix}-kind`}
          label={t('training-questionnaires.editor.kind')}
          value={values.kind}
          onChange={set('kind')}
        >
          <option value="evaluation">{t('training-questionnaires.editor.kinds.evaluation')}</option>
          <option value="survey">{t('training-questionnaires.editor.kinds.survey')}</option>
        </SelectField>
      ) : null}
      <Field
        id={`${prefix}-titleFr`}
        label={t('training-questionnaires.editor.titleFr')}
        value={values.titleFr}
        onChange={set('titleFr')}
        maxLength={200}
        error={fieldMessage(error, 'titleFr')}
      />
      <Field
        id={`${prefix}-titleEn`}
        label={t('training-questionnaires.editor.titleEn')}
        value={values.titleEn}
        onChange={set('titleEn')}
        maxLength={200}
        error={fieldMessage(error, 'titleEn')}
      />
      <Field
        id={`${prefix}-introFr`}
        label={t('training-questionnaires.editor.introFr')}
        value={values.introFr}
        onChange={set('introFr')}
        maxLength={4000}
      />
      <Field
        id={`${prefix}-introEn`}
        label={t('training-questionnaires.editor.introEn')}
        value={values.introEn}
        onChange={set('introEn')}
        maxLength={4000}
      />
      {values.kind === 'survey' ? (
        <>
          <Field
            id={`${prefix}-opensOn`}
            type="date"
            label={t('training-questionnaires.editor.opensOn')}
            value={values.opensOn}
            onChange={set('opensOn')}
            error={fieldMessage(error, 'opensOn')}
          />
          <Field
            id={`${prefix}-closesOn`}
            type="date"
            label={t('training-questionnaires.editor.closesOn')}
            value={values.closesOn}
            onChange={set('closesOn')}
            error={fieldMessage(error, 'closesOn')}
          />
          <CheckboxGroup
            id={`${prefix}-targetTypes`}
            legend={t('training-questionnaires.editor.targetTypes')}
            error={fieldMessage(error, 'targetTypes')}
            options={ORGANISATION_TYPES.map((type) => ({
              value: type,
              label: labelOf(t, 'organisationTypes', type),
            }))}
            value={values.targetTypes}
            onChange={(targetTypes) => setValues((v) => ({ ...v, targetTypes }))}
          />
        </>
      ) : null}
      {canSetDefault && values.kind === 'evaluation' ? (
        <Checkbox
          id={`${prefix}-isDefault`}
          label={t('training-questionnaires.editor.isDefault')}
          checked={values.isDefault}
          onChange={(event) => setValues((v) => ({ ...v, isDefault: event.target.checked }))}
        />
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
      <Button type="submit" pending={pending}>
        {t(initial ? 'training-questionnaires.editor.save' : 'training-questionnaires.editor.create')}
      </Button>
    </form>
  );
}
