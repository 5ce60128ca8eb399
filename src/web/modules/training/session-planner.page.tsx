import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { CourseList, SessionDetail, Trainers } from '../../../shared/contracts/training';
import { ApiError, api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import {
  type DayDraft,
  daysForApi,
  newDay,
  SessionDaysFields,
  type SessionSettingsDraft,
  SessionSettingsFields,
  sessionFieldIds,
  settingsForApi,
  TrainersField,
  useLockedTrainer,
} from './session-fields';

/** Plans a session: course, days (one or more), place or video link, trainers, seats, deadline. */
export function SessionPlannerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const courses = useApiData<CourseList>('/training/courses');
  const trainers = useApiData<Trainers>('/training/trainers');
  const self = useLockedTrainer();
  const { run, pending, error, setError } = useAction();
  const [courseId, setCourseId] = useState(search.get('cours') ?? '');
  const [days, setDays] = useState<DayDraft[]>(() => [newDay()]);
  const [settings, setSettings] = useState<SessionSettingsDraft>({
    place: '',
    videoUrl: '',
    capacity: '20',
    deadline: '',
  });
  const [trainerIds, setTrainerIds] = useState<string[]>(() => (self ? [self] : []));
  if (!courses.data || !trainers.data) {
    const failed = courses.error ?? trainers.error;
    return failed ? <LoadErrorPage error={failed} /> : <LoadingPage />;
  }
  const active = courses.data.items.filter((c) => c.active);
  const fieldId = sessionFieldIds('training-session');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { days: isoDays, problems: dayProblems } = daysForApi(days, t);
    const { settings: values, problems: settingsProblems } = settingsForApi(settings, t);
    const problems = [
      ...(courseId
        ? []
        : [{ field: 'courseId', rule: 'required', message: t('training.planner.courseRequired') }]),
      ...dayProblems,
      ...settingsProblems,
    ];
    if (problems.length > 0) {
      setError(new ApiError(400, 'validation_failed', t('training.planner.checkForm'), problems));
      return;
    }
    void run(async () => {
      const created = await api.post<SessionDetail>('/training/sessions', {
        courseId,
        ...values,
        days: isoDays,
        trainerIds,
      });
      navigate(`/formation/sessions/${encodeURIComponent(created.id)}`);
    });
  };
  return (
    <Page title={t('training.planner.title')} lead={t('training.planner.lead')}>
      <form className="narrow" onSubmit={submit} noValidate>
        <ErrorSummary error={error} fieldId={fieldId} />
        <ChoiceField
          id={fieldId('courseId')}
          label={t('training.fields.course')}
          value={courseId}
          onChange={(event) => setCourseId(event.target.value)}
          error={fieldMessage(error, 'courseId')}
          placeholder={t('training.planner.chooseCourse')}
          options={active.map((c) => ({ value: c.id, label: c.title }))}
        />
        <SessionDaysFields idPrefix="training-session" days={days} onChange={setDays} error={error} />
        <SessionSettingsFields fieldId={fieldId} value={settings} onChange={setSettings} error={error} />
        <TrainersField
          id={fieldId('trainerIds')}
          trainers={trainers.data.items}
          value={trainerIds}
          onChange={setTrainerIds}
          lockedId={self}
          error={fieldMessage(error, 'trainerIds')}
        />
        <Button type="submit" pending={pending}>
          {t('training.planner.create')}
        </Button>
      </form>
    </Page>
  );
}
