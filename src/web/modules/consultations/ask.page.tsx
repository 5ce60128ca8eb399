import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type {
  ConsultationDetail,
  ConsultationInput,
  ConsultationTargets,
} from '../../../shared/contracts/consultations';
import {
  CONSULTATION_AGE_RANGES,
  CONSULTATION_EXPERTISE,
  CONSULTATION_GENDERS,
  CONSULTATION_LANGUAGES,
  CONSULTATION_SETTINGS,
  CONSULTATION_TARGETS,
  CONSULTATION_TEXT_MAX,
  CONSULTATION_URGENCIES,
  type ConsultationLanguage,
  type ConsultationTarget,
} from '../../../shared/contracts/consultations.values';
import { ApiError, api, type FieldProblem, fieldMessage, withQuery } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { currentLocale, i18n } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { CheckboxGroup, ChoiceField, choices, Fieldset, Radio, TextAreaField } from '../../ui/field';
import { Page } from '../../ui/page';
import {
  findingsMessage,
  findingsOf,
  LOCAL_IDENTIFYING_RULE,
  textProblem,
  useIdentifierFindings,
} from './identifiers';
import { consultationPath } from './parts';

interface AskValues {
  ageRange: string;
  gender: string;
  setting: string;
  observed: string;
  tried: string;
  question: string;
  urgency: string;
  language: string;
  expertise: string[];
  target: ConsultationTarget;
  targetPersonId: string;
  targetOrganisationId: string;
  targetExpertise: string;
}

/** The inputs of the form, by the API's field names (the error summary links to them). */
const FIELD_IDS: Record<string, string> = {
  ageRange: 'ask-ageRange',
  gender: 'ask-gender',
  setting: 'ask-setting',
  observed: 'ask-observed',
  tried: 'ask-tried',
  question: 'ask-question',
  urgency: 'ask-urgency',
  language: 'ask-language',
  expertise: 'ask-expertise',
  target: 'ask-target',
  targetPersonId: 'ask-targetPersonId',
  targetOrganisationId: 'ask-targetOrganisationId',
  targetExpertise: 'ask-targetExpertise',
};

const TEXTS = ['observed', 'tried', 'question'] as const;
type TextKey = (typeof TEXTS)[number];

function initialLanguage(): ConsultationLanguage {
  return currentLocale() === 'en-CA' ? 'en' : 'fr';
}

/** Problems the form can see before sending: a choice left empty, a text left blank, what looks identifying. */
function localProblems(values: AskValues): FieldProblem[] {
  const t = i18n.t.bind(i18n);
  const problems: FieldProblem[] = [];
  for (const key of ['ageRange', 'gender', 'setting'] as const) {
    if (!values[key])
      problems.push({ field: key, rule: 'required', message: t(`consultations.ask.required.${key}`) });
  }
  for (const key of ['observed', 'question'] as const) {
    if (!values[key].trim())
      problems.push({ field: key, rule: 'required', message: t(`consultations.ask.required.${key}`) });
  }
  const target = values.target;
  if (target === 'pivot' && !values.targetPersonId)
    problems.push({
      field: 'targetPersonId',
      rule: 'required',
      message: t('consultations.ask.required.targetPersonId'),
    });
  if (target === 'organisation' && !values.targetOrganisationId)
    problems.push({
      field: 'targetOrganisationId',
      rule: 'required',
      message: t('consultations.ask.required.targetOrganisationId'),
    });
  if (target === 'expertise' && !values.targetExpertise)
    problems.push({
      field: 'targetExpertise',
      rule: 'required',
      message: t('consultations.ask.required.targetExpertise'),
    });
  const findings = findingsOf({ observed: values.observed, tried: values.tried, question: values.question });
  for (const key of TEXTS) {
    const message = findingsMessage(t, findings[key]);
    // The field shows the findings of the text as it is now instead, gone once it is rewritten.
    if (message)
      problems.push({
        field: key,
        rule: LOCAL_IDENTIFYING_RULE,
        message: t('consultations.ask.labelled', { label: t(`consultations.fields.${key}`), message }),
      });
  }
  return problems;
}

/**
 * Asking the pivots for advice on a situation, de-identified by design: structured facts (age range,
 * gender, type of place), what was observed and tried, the question. The checker runs as the person
 * types and shows, next to each text, what looks identifying; nothing is sent until it is rewritten
 * (the server runs the same checker and refuses the same texts).
 */
export function AskPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm<AskValues>(
    () => ({
      ageRange: '',
      gender: '',
      setting: '',
      observed: '',
      tried: '',
      question: '',
      urgency: 'normal',
      language: initialLanguage(),
      expertise: [],
      target: 'automatic',
      targetPersonId: '',
      targetOrganisationId: '',
      targetExpertise: '',
    }),
    FIELD_IDS,
  );
  const { values, set } = form;
  const findings = useIdentifierFindings<TextKey>({
    observed: values.observed,
    tried: values.tried,
    question: values.question,
  });
  const aimed = values.target === 'pivot' || values.target === 'organisation';
  const targets = useApiData<ConsultationTargets>(
    aimed ? withQuery('/consultations/targets', { language: values.language }) : null,
  );

  const submit = form.onSubmit(async () => {
    const problems = localProblems(values);
    if (problems.length > 0) {
      throw new ApiError(400, 'invalid', t('consultations.ask.checkFields'), problems);
    }
    const body: ConsultationInput = {
      ageRange: values.ageRange as ConsultationInput['ageRange'],
      gender: values.gender as ConsultationInput['gender'],
      setting: values.setting as ConsultationInput['setting'],
      observed: values.observed,
      question: values.question,
      urgency: values.urgency as ConsultationInput['urgency'],
      language: values.language as ConsultationInput['language'],
      target: values.target,
      ...(values.tried.trim() ? { tried: values.tried } : {}),
      ...(values.expertise.length > 0
        ? { expertise: values.expertise as ConsultationInput['expertise'] }
        : {}),
      ...(values.target === 'pivot' ? { targetPersonId: values.targetPersonId } : {}),
      ...(values.target === 'organisation' ? { targetOrganisationId: values.targetOrganisationId } : {}),
      ...(values.target === 'expertise'
        ? { targetExpertise: values.targetExpertise as ConsultationInput['targetExpertise'] }
        : {}),
    };
    const created = await api.post<ConsultationDetail>('/consultations', body);
    navigate(consultationPath(created.id), { state: { asked: true } });
  });

  const text = (key: TextKey) => ({
    id: FIELD_IDS[key] as string,
    value: values[key],
    maxLength: CONSULTATION_TEXT_MAX[key],
    onChange: (event: { target: { value: string } }) => set(key, event.target.value),
    error: textProblem(t, findings[key], form.error, key),
  });
  const pivots = targets.data?.pivots ?? [];

  return (
    <Page title={t('consultations.ask.title')} lead={t('consultations.ask.lead')}>
      <p className="consult-why">
        <strong>{t('consultations.ask.why')}</strong>
      </p>
      <ErrorSummary error={form.error} fieldId={FIELD_IDS} />
      <form className="form" onSubmit={submit} noValidate>
        <section aria-labelledby="ask-situation">
          <h2 id="ask-situation">{t('consultations.ask.situation')}</h2>
          <ChoiceField
            {...form.field('ageRange')}
            label={t('consultations.fields.ageRange')}
            placeholder={t('consultations.ask.choose')}
            options={choices(CONSULTATION_AGE_RANGES, (v) => t(`consultations.ageRanges.${v}`))}
          />
          <ChoiceField
            {...form.field('gender')}
            label={t('consultations.fields.gender')}
            placeholder={t('consultations.ask.choose')}
            options={choices(CONSULTATION_GENDERS, (v) => t(`consultations.genders.${v}`))}
          />
          <ChoiceField
            {...form.field('setting')}
            label={t('consultations.fields.setting')}
            hint={t('consultations.ask.settingHint')}
            placeholder={t('consultations.ask.choose')}
            options={choices(CONSULTATION_SETTINGS, (v) => t(`consultations.settings.${v}`))}
          />
          <TextAreaField
            {...text('observed')}
            label={t('consultations.fields.observed')}
            hint={t('consultations.ask.observedHint')}
            rows={5}
          />
          <TextAreaField
            {...text('tried')}
            label={t('consultations.fields.triedOptional')}
            hint={t('consultations.ask.triedHint')}
            rows={3}
          />
          <TextAreaField
            {...text('question')}
            label={t('consultations.fields.question')}
            hint={t('consultations.ask.questionHint')}
            rows={3}
          />
        </section>
        <section aria-labelledby="ask-routing">
          <h2 id="ask-routing">{t('consultations.ask.routing')}</h2>
          <Fieldset id={FIELD_IDS.urgency as string} legend={t('consultations.fields.urgency')}>
            {CONSULTATION_URGENCIES.map((u) => (
              <Radio
                key={u}
                id={`ask-urgency-${u}`}
                name="urgency"
                value={u}
                label={t(`consultations.ask.urgencies.${u}`)}
                checked={values.urgency === u}
                onChange={() => set('urgency', u)}
              />
            ))}
          </Fieldset>
          <ChoiceField
            {...form.field('language')}
            label={t('consultations.fields.language')}
            hint={t('consultations.ask.languageHint')}
            options={choices(CONSULTATION_LANGUAGES, (v) => t(`consultations.languages.${v}`))}
          />
          <CheckboxGroup
            id={FIELD_IDS.expertise as string}
            legend={t('consultations.fields.expertiseOptional')}
            hint={t('consultations.ask.expertiseHint')}
            options={choices(CONSULTATION_EXPERTISE, (v) => t(`network.expertise.${v}`))}
            value={values.expertise}
            onChange={(next) => set('expertise', next)}
            error={fieldMessage(form.error, 'expertise')}
          />
          <Fieldset
            id={FIELD_IDS.target as string}
            legend={t('consultations.fields.target')}
            error={fieldMessage(form.error, 'target')}
          >
            {CONSULTATION_TARGETS.map((target) => (
              <Radio
                key={target}
                id={`ask-target-${target}`}
                name="target"
                value={target}
                label={t(`consultations.targets.${target}`)}
                checked={values.target === target}
                onChange={() => set('target', target)}
              />
            ))}
          </Fieldset>
          {values.target === 'expertise' ? (
            <ChoiceField
              {...form.field('targetExpertise')}
              label={t('consultations.fields.targetExpertise')}
              placeholder={t('consultations.ask.choose')}
              options={choices(CONSULTATION_EXPERTISE, (v) => t(`network.expertise.${v}`))}
            />
          ) : null}
          {values.target === 'pivot' ? (
            <ChoiceField
              {...form.field('targetPersonId')}
              label={t('consultations.fields.targetPerson')}
              hint={targets.loading ? t('common.loading') : t('consultations.ask.pivotHint')}
              placeholder={t('consultations.ask.choose')}
              options={pivots
                .filter((p) => !p.absent)
                .map((p) => ({
                  value: p.personId,
                  label: t('consultations.ask.pivotOption', {
                    name: p.name,
                    organisation: p.organisationName,
                  }),
                }))}
            />
          ) : null}
          {values.target === 'organisation' ? (
            <ChoiceField
              {...form.field('targetOrganisationId')}
              label={t('consultations.fields.targetOrganisation')}
              hint={targets.loading ? t('common.loading') : undefined}
              placeholder={t('consultations.ask.choose')}
              options={(targets.data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          ) : null}
        </section>
        <Button type="submit" pending={form.pending}>
          {t('consultations.ask.submit')}
        </Button>
      </form>
    </Page>
  );
}
