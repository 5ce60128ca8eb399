import { useTranslation } from 'react-i18next';
import type {
  ObservationDetail,
  ObservationInput,
  PlatformList,
} from '../../../shared/contracts/observatory';
import {
  AGE_RANGES,
  EXPLOITER_PROFILES,
  MAX_COUNT_SEEN,
  MAX_OBSERVATION_TEXT,
  MODUS_OPERANDI,
  OBSERVED_GENDERS,
  PLACE_TYPES,
  RECRUITMENT_METHODS,
} from '../../../shared/contracts/observatory.values';
import { findIdentifiers } from '../../../shared/deidentify';
import { fieldMessage } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { CheckboxGroup, ChoiceField, Field } from '../../ui/field';
import { CodeWordsField } from './code-words';
import { IdentifierCheck, useIdentifierFindings } from './identifier-check';
import { isMonth, localProblem, thisMonth, type ValueGroup, valueChoices } from './parts';

/** The values of the form: lists as arrays, counts as typed (empty = not said). */
export interface ObservationDraft {
  month: string;
  placeType: string;
  platformId: string;
  recruitmentMethods: string[];
  modusOperandi: string[];
  codeWords: string[];
  ageRanges: string[];
  genders: string[];
  exploiterProfiles: string[];
  girlsSeen: string;
  boysSeen: string;
  text: string;
}

export function emptyDraft(): ObservationDraft {
  return {
    month: thisMonth(),
    placeType: '',
    platformId: '',
    recruitmentMethods: [],
    modusOperandi: [],
    codeWords: [],
    ageRanges: [],
    genders: [],
    exploiterProfiles: [],
    girlsSeen: '',
    boysSeen: '',
    text: '',
  };
}

/** An observation as the form edits it. */
export function draftOf(observation: ObservationDetail): ObservationDraft {
  return {
    month: observation.month,
    placeType: observation.placeType,
    platformId: observation.platformId ?? '',
    recruitmentMethods: [...observation.recruitmentMethods],
    modusOperandi: [...observation.modusOperandi],
    codeWords: [...observation.codeWords],
    ageRanges: [...observation.ageRanges],
    genders: [...observation.genders],
    exploiterProfiles: [...observation.exploiterProfiles],
    girlsSeen: observation.girlsSeen === null ? '' : String(observation.girlsSeen),
    boysSeen: observation.boysSeen === null ? '' : String(observation.boysSeen),
    text: observation.text ?? '',
  };
}

const count = (value: string): number | null => (value.trim() === '' ? null : Number(value));

/** The request body of a draft the form has checked. */
export function inputOf(draft: ObservationDraft): ObservationInput {
  return {
    month: draft.month,
    placeType: draft.placeType as ObservationInput['placeType'],
    platformId: draft.placeType === 'online' && draft.platformId ? draft.platformId : null,
    recruitmentMethods: draft.recruitmentMethods as ObservationInput['recruitmentMethods'],
    modusOperandi: draft.modusOperandi as ObservationInput['modusOperandi'],
    codeWords: draft.codeWords,
    ageRanges: draft.ageRanges as ObservationInput['ageRanges'],
    genders: draft.genders as ObservationInput['genders'],
    exploiterProfiles: draft.exploiterProfiles as ObservationInput['exploiterProfiles'],
    girlsSeen: count(draft.girlsSeen),
    boysSeen: count(draft.boysSeen),
    text: draft.text.trim() ? draft.text : null,
  };
}

/** The input of an API field (`codeWords.2` is the code words' input). */
export function observationFieldId(field: string): string {
  const head = field.split(/[./[]/)[0] ?? field;
  return `obs-${head}`;
}

/** The inputs that hold a list of codes. */
type ListKey = 'recruitmentMethods' | 'modusOperandi' | 'ageRanges' | 'genders' | 'exploiterProfiles';
type ListField = { key: ListKey; group: ValueGroup; codes: readonly string[] };

const LISTS: ListField[] = [
  { key: 'recruitmentMethods', group: 'methods', codes: RECRUITMENT_METHODS },
  { key: 'modusOperandi', group: 'modusOperandi', codes: MODUS_OPERANDI },
];
const WHO: ListField[] = [
  { key: 'ageRanges', group: 'ageRanges', codes: AGE_RANGES },
  { key: 'genders', group: 'genders', codes: OBSERVED_GENDERS },
  { key: 'exploiterProfiles', group: 'exploiterProfiles', codes: EXPLOITER_PROFILES },
];

interface ObservationFormProps {
  initial: ObservationDraft;
  submitLabel: string;
  /** Sends the checked input; throws the API's error to show. */
  onSend: (input: ObservationInput) => Promise<void>;
}

/**
 * An observation of the phenomenon, de-identified by design: the month (never a finer date, never in
 * the future), the type of place (and the platform, from the table's list, when online), how young
 * people were drawn in, the code words heard, ages, genders and profiles in ranges, counts, and a free
 * text the checker reads as it is typed. Nothing is sent while the text looks identifying; the server
 * checks it again, and the table reviews it before it is shared beyond the organisation.
 */
export function ObservationForm({ initial, submitLabel, onSend }: ObservationFormProps) {
  const { t } = useTranslation();
  const form = useForm<ObservationDraft>(initial, observationFieldId);
  const platforms = useApiData<PlatformList>('/observatory/platforms');
  const v = form.values;
  const findings = useIdentifierFindings(v.text);
  const latest = thisMonth();
  const listError = (key: string) => fieldMessage(form.error, key);

  const onSubmit = form.onSubmit(async () => {
    const problems: Array<{ field: string; message: string }> = [];
    if (!isMonth(v.month)) problems.push({ field: 'month', message: t('observatory.form.needMonth') });
    else if (v.month > latest) problems.push({ field: 'month', message: t('observatory.form.futureMonth') });
    if (!v.placeType) problems.push({ field: 'placeType', message: t('observatory.form.needPlace') });
    for (const key of ['girlsSeen', 'boysSeen'] as const) {
      const value = count(v[key]);
      if (value !== null && (!Number.isInteger(value) || value < 0 || value > MAX_COUNT_SEEN)) {
        problems.push({ field: key, message: t('observatory.form.badCount', { max: MAX_COUNT_SEEN }) });
      }
    }
    const identifyingWords = v.codeWords.filter((word) => findIdentifiers(word).length > 0);
    if (identifyingWords.length > 0) {
      problems.push({
        field: 'codeWords',
        message: t('observatory.form.identifyingWords', { words: identifyingWords.join(', ') }),
      });
    }
    if (findings.length > 0) problems.push({ field: 'text', message: t('observatory.form.identifying') });
    if (problems.length > 0) throw localProblem(problems);
    await onSend(inputOf(v));
  });

  const textDescribedBy = [
    'obs-text-hint',
    fieldMessage(form.error, 'text') ? 'obs-text-error' : null,
    findings.length > 0 ? 'obs-text-findings' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const activePlatforms = (platforms.data?.items ?? []).filter(
    (platform) => platform.status === 'active' || platform.id === v.platformId,
  );

  return (
    <>
      <ErrorSummary error={form.error} fieldId={observationFieldId} />
      <form className="form obs-form" onSubmit={onSubmit} noValidate>
        <section aria-labelledby="obs-when-where">
          <h2 id="obs-when-where">{t('observatory.form.whenWhere')}</h2>
          <Field
            {...form.field('month')}
            type="month"
            label={t('observatory.fields.month')}
            hint={t('observatory.form.monthHint')}
            max={latest}
            required
          />
          <ChoiceField
            {...form.field('placeType')}
            label={t('observatory.fields.placeType')}
            hint={t('observatory.form.placeHint')}
            placeholder={t('common.choose')}
            options={valueChoices(t, 'placeTypes', PLACE_TYPES)}
            required
          />
          {v.placeType === 'online' ? (
            <ChoiceField
              {...form.field('platformId')}
              label={t('observatory.fields.platform')}
              hint={t('observatory.form.platformHint')}
              placeholder={t('observatory.form.platformUnknown')}
              options={activePlatforms.map((platform) => ({ value: platform.id, label: platform.name }))}
            />
          ) : null}
        </section>
        <section aria-labelledby="obs-how">
          <h2 id="obs-how">{t('observatory.form.how')}</h2>
          {LISTS.map(({ key, group, codes }) => (
            <CheckboxGroup
              key={key}
              id={`obs-${key}`}
              legend={t(`observatory.fields.${key}`)}
              error={listError(key)}
              options={valueChoices(t, group, codes)}
              value={v[key]}
              onChange={(value) => form.set(key, value)}
            />
          ))}
          <CodeWordsField
            id="obs-codeWords"
            value={v.codeWords}
            onChange={(words) => form.set('codeWords', words)}
            error={listError('codeWords')}
          />
        </section>
        <section aria-labelledby="obs-who">
          <h2 id="obs-who">{t('observatory.form.who')}</h2>
          {WHO.map(({ key, group, codes }) => (
            <CheckboxGroup
              key={key}
              id={`obs-${key}`}
              legend={t(`observatory.fields.${key}`)}
              error={listError(key)}
              options={valueChoices(t, group, codes)}
              value={v[key]}
              onChange={(value) => form.set(key, value)}
            />
          ))}
          <div className="obs-counts">
            <Field
              {...form.field('girlsSeen')}
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_COUNT_SEEN}
              label={t('observatory.fields.girlsSeen')}
              hint={t('observatory.form.countHint')}
            />
            <Field
              {...form.field('boysSeen')}
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_COUNT_SEEN}
              label={t('observatory.fields.boysSeen')}
              hint={t('observatory.form.countHint')}
            />
          </div>
        </section>
        <section aria-labelledby="obs-said">
          <h2 id="obs-said">{t('observatory.form.said')}</h2>
          <div className={fieldMessage(form.error, 'text') ? 'field field-invalid' : 'field'}>
            <label htmlFor="obs-text">{t('observatory.fields.text')}</label>
            <p id="obs-text-hint" className="field-hint">
              {t('observatory.form.textHint')}
            </p>
            {fieldMessage(form.error, 'text') ? (
              <p id="obs-text-error" className="field-error">
                <span className="visually-hidden">{t('common.errorPrefix')} </span>
                {fieldMessage(form.error, 'text')}
              </p>
            ) : null}
            <textarea
              id="obs-text"
              className="input textarea"
              rows={6}
              maxLength={MAX_OBSERVATION_TEXT}
              value={v.text}
              aria-describedby={textDescribedBy}
              aria-invalid={findings.length > 0 || fieldMessage(form.error, 'text') ? true : undefined}
              onChange={(event) => form.set('text', event.target.value)}
            />
            <IdentifierCheck id="obs-text" findings={findings} />
          </div>
          <p className="notice obs-review-line">{t('observatory.form.reviewed')}</p>
        </section>
        {findings.length > 0 ? (
          <p id="obs-submit-blocked" className="field-hint">
            {t('observatory.form.blocked')}
          </p>
        ) : null}
        <Button
          type="submit"
          pending={form.pending}
          aria-describedby={findings.length > 0 ? 'obs-submit-blocked' : undefined}
        >
          {submitLabel}
        </Button>
      </form>
    </>
  );
}
