import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { CourseDetail, CourseList } from '../../../shared/contracts/training';
import { AUDIENCES } from '../../../shared/contracts/training.values';
import { api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, Field, SelectField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { TextArea } from './training.widgets';

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
  const { run, pending, error } = useAction();
  const [values, setValues] = useState<Values>(EMPTY);
  useEffect(() => {
    if (existing.data) setValues(valuesOf(existing.data));
  }, [existing.data]);
  if (id && !existing.data)
    return existing.error ? <LoadErrorPage error={existing.error} /> : <LoadingPage />;

  const set = (field: keyof Values) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));
  const fieldId = (field: string) => `training-course-${field.split('.')[0]}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
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
  };
  const others = (catalogue.data?.items ?? []).filter((c) => c.id !== id);
  const title = id ? t('training.editor.editTitle') : t('training.editor.newTitle');
  const text = (field: keyof Values, max: number) => (
    <Field
      id={fieldId(field)}
      label={t(`training.fields.${field}`)}
      value={values[field] as string}
      onChange={set(field)}
      maxLength={max}
      error={fieldMessage(error, field)}
    />
  );
  return (
    <Page title={title}>
      <form className="narrow" onSubmit={submit} noValidate>
        <ErrorSummary error={error} fieldId={fieldId} />
        {text('code', 20)}
        <SelectField
          id={fieldId('kind')}
          label={t('training.fields.kind')}
          value={values.kind}
          onChange={set('kind')}
          error={fieldMessage(error, 'kind')}
        >
          <option value="course">{t('training.kind.course')}</option>
          <option value="information_session">{t('training.kind.information_session')}</option>
        </SelectField>
        {text('titleFr', 200)}
        {text('titleEn', 200)}
        <TextArea
          id={fieldId('descriptionFr')}
          label={t('training.fields.descriptionFr')}
          value={values.descriptionFr}
          onChange={set('descriptionFr')}
          maxLength={4000}
          error={fieldMessage(error, 'descriptionFr')}
        />
        <TextArea
          id={fieldId('descriptionEn')}
          label={t('training.fields.descriptionEn')}
          value={values.descriptionEn}
          onChange={set('descriptionEn')}
          maxLength={4000}
          error={fieldMessage(error, 'descriptionEn')}
        />
        <TextArea
          id={fieldId('objectivesFr')}
          label={t('training.fields.objectivesFr')}
          value={values.objectivesFr}
          onChange={set('objectivesFr')}
          maxLength={4000}
          error={fieldMessage(error, 'objectivesFr')}
        />
        <TextArea
          id={fieldId('objectivesEn')}
          label={t('training.fields.objectivesEn')}
          value={values.objectivesEn}
          onChange={set('objectivesEn')}
          maxLength={4000}
          error={fieldMessage(error, 'objectivesEn')}
        />
        <Field
          id={fieldId('durationDays')}
          type="number"
          min={0.5}
          max={30}
          step={0.5}
          label={t('training.fields.durationDays')}
          value={values.durationDays}
          onChange={set('durationDays')}
          error={fieldMessage(error, 'durationDays')}
        />
        <CheckboxGroup
          id={fieldId('audiences')}
          legend={t('training.fields.audiences')}
          options={AUDIENCES.map((a) => ({ value: a, label: t(`training.audience.${a}`) }))}
          value={values.audiences}
          onChange={(audiences) => setValues((v) => ({ ...v, audiences }))}
          error={fieldMessage(error, 'audiences')}
        />
        <CheckboxGroup
          id={fieldId('prerequisiteIds')}
          legend={t('training.fields.prerequisites')}
          options={others.map((c) => ({ value: c.id, label: c.title }))}
          value={values.prerequisiteIds}
          onChange={(prerequisiteIds) => setValues((v) => ({ ...v, prerequisiteIds }))}
          error={fieldMessage(error, 'prerequisiteIds')}
        />
        <Field
          id={fieldId('certificateValidityMonths')}
          type="number"
          min={1}
          max={240}
          label={t('training.fields.certificateValidityMonths')}
          hint={t('training.editor.validityHint')}
          value={values.certificateValidityMonths}
          onChange={set('certificateValidityMonths')}
          error={fieldMessage(error, 'certificateValidityMonths')}
        />
        <Checkbox
          id={fieldId('openToOutside')}
          label={t('training.fields.openToOutside')}
          checked={values.openToOutside}
          onChange={(event) => setValues((v) => ({ ...v, openToOutside: event.target.checked }))}
        />
        <Checkbox
          id={fieldId('networkPrerequisite')}
          label={t('training.fields.networkPrerequisite')}
          checked={values.networkPrerequisite}
          onChange={(event) => setValues((v) => ({ ...v, networkPrerequisite: event.target.checked }))}
        />
        <Checkbox
          id={fieldId('active')}
          label={t('training.fields.active')}
          checked={values.active}
          onChange={(event) => setValues((v) => ({ ...v, active: event.target.checked }))}
        />
        <Button type="submit" pending={pending}>
          {t('training.editor.save')}
        </Button>
      </form>
    </Page>
  );
}
