import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Field, SelectField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { regionLocalToIso } from '../governance/time';
import {
  type DayDraft,
  dayFieldId,
  daysForApi,
  newDay,
  SessionDaysFields,
  type TrainerOption,
  TrainersField,
} from './session-fields';
import type { Course, SessionDetail } from './training.types';

/** Plans a session: course, days (one or more), place or video link, trainers, seats, deadline. */
export function SessionPlannerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const courses = useApiData<{ items: Course[] }>('/training/courses');
  const trainers = useApiData<{ items: TrainerOption[] }>('/training/trainers');
  const { state, can } = useSession();
  // A trainer who is not of the table gives the sessions they plan (the server adds them).
  const self = !can('training.manageAll') && state.status === 'signed_in' ? state.session.person.id : null;
  const { run, pending, error, setError } = useAction();
  const [courseId, setCourseId] = useState(search.get('cours') ?? '');
  const [days, setDays] = useState<DayDraft[]>(() => [newDay()]);
  const [place, setPlace] = useState('');
  const [videoUrl, setVideoUrl] = useState('');
  const [capacity, setCapacity] = useState('20');
  const [deadline, setDeadline] = useState('');
  const [trainerIds, setTrainerIds] = useState<string[]>(() => (self ? [self] : []));
  if (!courses.data || !trainers.data) {
    const failed = courses.error ?? trainers.error;
    return failed ? <LoadErrorPage error={failed} /> : <LoadingPage />;
  }
  const active = courses.data.items.filter((c) => c.active);
  const fieldId = (field: string) =>
    dayFieldId('training-session', field) ?? `training-session-${field.split('.')[0]}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { days: isoDays, problems: dayProblems } = daysForApi(days, t);
    const deadlineIso = regionLocalToIso(deadline);
    const problems = [
      ...(courseId
        ? []
        : [{ field: 'courseId', rule: 'required', message: t('training.planner.courseRequired') }]),
      ...dayProblems,
      ...(deadlineIso
        ? []
        : [
            {
              field: 'registrationDeadline',
              rule: 'required',
              message: t('training.planner.deadlineRequired'),
            },
          ]),
    ];
    if (problems.length > 0) {
      setError(new ApiError(400, 'validation_failed', t('training.planner.checkForm'), problems));
      return;
    }
    void run(async () => {
      const created = await api.post<SessionDetail>('/training/sessions', {
        courseId,
        place: place.trim() || null,
        videoUrl: videoUrl.trim() || null,
        capacity: Number(capacity),
        registrationDeadline: deadlineIso,
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
        <SelectField
          id={fieldId('courseId')}
          label={t('training.fields.course')}
          value={courseId}
          onChange={(event) => setCourseId(event.target.value)}
          error={fieldMessage(error, 'courseId')}
        >
          <option value="">{t('training.planner.chooseCourse')}</option>
          {active.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <SessionDaysFields idPrefix="training-session" days={days} onChange={setDays} error={error} />
        <Field
          id={fieldId('place')}
          label={t('training.fields.place')}
          hint={t('training.planner.placeHint')}
          value={place}
          onChange={(event) => setPlace(event.target.value)}
          maxLength={300}
          error={fieldMessage(error, 'place')}
        />
        <Field
          id={fieldId('videoUrl')}
          type="url"
          label={t('training.fields.videoUrl')}
          value={videoUrl}
          onChange={(event) => setVideoUrl(event.target.value)}
          maxLength={500}
          error={fieldMessage(error, 'videoUrl')}
        />
        <Field
          id={fieldId('capacity')}
          type="number"
          min={1}
          max={1000}
          label={t('training.fields.capacity')}
          value={capacity}
          onChange={(event) => setCapacity(event.target.value)}
          error={fieldMessage(error, 'capacity')}
        />
        <Field
          id={fieldId('registrationDeadline')}
          type="datetime-local"
          label={t('training.fields.registrationDeadline')}
          hint={t('training.planner.timeZoneHint')}
          value={deadline}
          onChange={(event) => setDeadline(event.target.value)}
          error={fieldMessage(error, 'registrationDeadline')}
        />
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
