import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { CheckboxGroup, Field, SelectField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { regionLocalToIso } from '../governance/time';
import type { Course, SessionDetail } from './training.types';

interface DayValue {
  date: string;
  start: string;
  end: string;
}

/** Plans a session: course, days (one or more), place or video link, trainers, seats, deadline. */
export function SessionPlannerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const courses = useApiData<{ items: Course[] }>('/training/courses');
  const trainers = useApiData<{ items: Array<{ id: string; name: string; organisationName: string }> }>(
    '/training/trainers',
  );
  const { run, pending, error, setError } = useAction();
  const [courseId, setCourseId] = useState(search.get('cours') ?? '');
  const [days, setDays] = useState<DayValue[]>([{ date: '', start: '09:00', end: '16:30' }]);
  const [place, setPlace] = useState('');
  const [videoUrl, setVideoUrl] = useState('');
  const [capacity, setCapacity] = useState('20');
  const [deadline, setDeadline] = useState('');
  const [trainerIds, setTrainerIds] = useState<string[]>([]);
  if (!courses.data || !trainers.data) {
    const failed = courses.error ?? trainers.error;
    return failed ? <LoadErrorPage error={failed} /> : <LoadingPage />;
  }
  const active = courses.data.items.filter((c) => c.active);
  const fieldId = (field: string) => {
    const match = /^days\.(\d+)\./.exec(field);
    if (match) return `training-day-${match[1]}-date`;
    return `training-session-${field.split('.')[0]}`;
  };
  const setDay = (index: number, key: keyof DayValue, value: string) =>
    setDays((list) => list.map((d, i) => (i === index ? { ...d, [key]: value } : d)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const isoDays = days.map((d) => ({
      startsAt: regionLocalToIso(`${d.date}T${d.start}`),
      endsAt: regionLocalToIso(`${d.date}T${d.end}`),
    }));
    const deadlineIso = regionLocalToIso(deadline);
    const problems = [
      ...(courseId
        ? []
        : [{ field: 'courseId', rule: 'required', message: t('training.planner.courseRequired') }]),
      ...isoDays.flatMap((d, i) =>
        d.startsAt && d.endsAt
          ? []
          : [
              {
                field: `days.${i}.startsAt`,
                rule: 'required',
                message: t('training.planner.dayRequired', { n: i + 1 }),
              },
            ],
      ),
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
        {days.map((d, index) => (
          <fieldset className="field fieldset" key={`day-${index.toString()}`}>
            <legend>{t('training.planner.day', { n: index + 1 })}</legend>
            <Field
              id={`training-day-${index}-date`}
              type="date"
              label={t('training.planner.date')}
              value={d.date}
              onChange={(event) => setDay(index, 'date', event.target.value)}
              error={
                fieldMessage(error, `days.${index}.startsAt`) ?? fieldMessage(error, `days.${index}.endsAt`)
              }
            />
            <Field
              id={`training-day-${index}-start`}
              type="time"
              label={t('training.planner.start')}
              value={d.start}
              onChange={(event) => setDay(index, 'start', event.target.value)}
            />
            <Field
              id={`training-day-${index}-end`}
              type="time"
              label={t('training.planner.end')}
              value={d.end}
              onChange={(event) => setDay(index, 'end', event.target.value)}
            />
            {days.length > 1 ? (
              <Button
                variant="secondary"
                onClick={() => setDays((list) => list.filter((_, i) => i !== index))}
              >
                {t('training.planner.removeDay', { n: index + 1 })}
              </Button>
            ) : null}
          </fieldset>
        ))}
        {days.length < 10 ? (
          <Button
            variant="secondary"
            onClick={() => setDays((list) => [...list, { date: '', start: '09:00', end: '16:30' }])}
          >
            {t('training.planner.addDay')}
          </Button>
        ) : null}
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
        <CheckboxGroup
          id={fieldId('trainerIds')}
          legend={t('training.fields.trainers')}
          options={trainers.data.items.map((p) => ({
            value: p.id,
            label: `${p.name} (${p.organisationName})`,
          }))}
          value={trainerIds}
          onChange={setTrainerIds}
          error={fieldMessage(error, 'trainerIds')}
        />
        <Button type="submit" pending={pending}>
          {t('training.planner.create')}
        </Button>
      </form>
    </Page>
  );
}
