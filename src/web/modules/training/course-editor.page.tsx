import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { CourseDetail, CourseList } from '../../../shared/contracts/training';
import { AUDIENCES, COURSE_KINDS } from '../../../shared/contracts/training.values';
import { api, fieldMessage } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';

interface Values {
  code: string;
  kind: 'course' | 'information_session';
  titleFr: string;
  titleEn: string;
  descriptionFr: string;
  descriptionEn: string;
  objectivesFr: string;
  objectivesEn: string;
  durationDays: string;
  audiences: string[];
  openToOutside: boolean;
  certificateValidityMonths: string;
  networkPrerequisite: boolean;
  active: boolean;
  prerequisiteIds: string[];
}

const EMPTY: Values = {
  code: '',
  kind: 'course',
  titleFr: '',
  titleEn: '',
  descriptionFr: '',
  descriptionEn: '',
  objectivesFr: '',
  objectivesEn: '',
  durationDays: '1',
  audiences: [],
  openToOutside: false,
  certificateValidityMonths: '',
  networkPrerequisite: false,
  active: true,
  prerequisiteIds: [],
};

function valuesOf(course: CourseDetail): Values {
  return {
    code: course.code,
    kind: course.kind,
    titleFr: course.titleFr,
    titleEn: course.titleEn,
    descriptionFr: course.descriptionFr,
    descriptionEn: course.descriptionEn,
    objectivesFr: course.objectivesFr,
    objectivesEn: course.objectivesEn,
    durationDays: String(course.durationDays),
    audiences: course.audiences,
    openToOutside: course.openToOutside,
    certificateValidityMonths: course.certificateValidityMonths
      ? String(course.certificateValidityMonths)
      : '',
    networkPrerequisite: course.networkPrerequisite,
    active: course.active,
    prerequisiteIds: course.prerequisiteIds,
  };
}

/** Adds a course or edits one: both languages, audiences, prerequisites, certificate validity. */
export function CourseEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const existing = useApiData<CourseDetail>(id ? `/training/courses/${encodeURIComponent(id)}` : null);
  const catalogue = useApiData<CourseList>('/training/courses');
  const form = useForm<Values>(EMPTY, (field) => `training-course-${field.split('.')[0]}`);
  const { values, setValues } = form;
  useEffect(() => {
    if (existing.data) setValues(valuesOf(existing.data));
  }, [existing.data, setValues]);
  if (id && !existing.data)
    return existing.error ? <LoadErrorPage error={existing.error} /> : <LoadingPage />;

  const submit = form.onSubmit(async () => {
    const body = {
      code: values.code.trim().toUpperCase(),
      kind: values.kind,
      titleFr: values.titleFr,
      titleEn: values.titleEn,
      descriptionFr: values.descriptionFr,
      descriptionEn: values.descriptionEn,
      objectivesFr: values.objectivesFr,
      objectivesEn: values.objectivesEn,
      durationDays: Number(values.durationDays),
      audiences: values.audiences,
      openToOutside: values.openToOutside,
      certificateValidityMonths: values.certificateValidityMonths
        ? Number(values.certificateValidityMonths)
        : null,
      networkPrerequisite: values.networkPrerequisite,
      active: values.active,
      prerequisiteIds: values.prerequisiteIds,
    };
    const saved = id
      ? await api.patch<CourseDetail>(`/training/courses/${encodeURIComponent(id)}`, body)
      : await api.post<CourseDetail>('/training/courses', body);
    navigate(`/formation/cours/${encodeURIComponent(saved.id)}`);
  });
  const others = (catalogue.data?.items ?? []).filter((c) => c.id !== id);
  const title = id ? t('training.editor.editTitle') : t('training.editor.newTitle');
  const text = (field: 'code' | 'titleFr' | 'titleEn', max: number) => (
    <Field label={t(`training.fields.${field}`)} maxLength={max} {...form.field(field)} />
  );
  const longText = (field: 'descriptionFr' | 'descriptionEn' | 'objectivesFr' | 'objectivesEn') => (
    <TextAreaField label={t(`training.fields.${field}`)} rows={4} maxLength={4000} {...form.field(field)} />
  );
  return (
    <Page title={title}>
      <form className="narrow" onSubmit={submit} noValidate>
        <ErrorSummary error={form.error} fieldId={form.fieldId} />
        {text('code', 20)}
        <ChoiceField
          label={t('training.fields.kind')}
          options={choices(COURSE_KINDS, (kind) => t(`training.kind.${kind}`))}
          {...form.field('kind')}
        />
        {text('titleFr', 200)}
        {text('titleEn', 200)}
        {longText('descriptionFr')}
        {longText('descriptionEn')}
        {longText('objectivesFr')}
        {longText('objectivesEn')}
        <Field
          type="number"
          min={0.5}
          max={30}
          step={0.5}
          label={t('training.fields.durationDays')}
          {...form.field('durationDays')}
        />
        <CheckboxGroup
          id={form.fieldId('audiences') ?? ''}
          legend={t('training.fields.audiences')}
          options={choices(AUDIENCES, (a) => t(`training.audience.${a}`))}
          value={values.audiences}
          onChange={(audiences) => form.set('audiences', audiences)}
          error={fieldMessage(form.error, 'audiences')}
        />
        <CheckboxGroup
          id={form.fieldId('prerequisiteIds') ?? ''}
          legend={t('training.fields.prerequisites')}
          options={others.map((c) => ({ value: c.id, label: c.title }))}
          value={values.prerequisiteIds}
          onChange={(prerequisiteIds) => form.set('prerequisiteIds', prerequisiteIds)}
          error={fieldMessage(form.error, 'prerequisiteIds')}
        />
        <Field
          type="number"
          min={1}
          max={240}
          label={t('training.fields.certificateValidityMonths')}
          hint={t('training.editor.validityHint')}
          {...form.field('certificateValidityMonths')}
        />
        <Checkbox label={t('training.fields.openToOutside')} {...form.check('openToOutside')} />
        <Checkbox label={t('training.fields.networkPrerequisite')} {...form.check('networkPrerequisite')} />
        <Checkbox label={t('training.fields.active')} {...form.check('active')} />
        <Button type="submit" pending={form.pending}>
          {t('training.editor.save')}
        </Button>
      </form>
    </Page>
  );
}
