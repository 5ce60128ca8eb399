import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionDetail, Trainers } from '../../../shared/contracts/training';
import { isoToRegionLocal, regionLocalToIso } from '../../../shared/time-zone';
import { type ApiError, type FieldProblem, fieldMessage } from '../../app/api';
import { binder } from '../../app/form';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { CheckboxGroup, Field, Fieldset } from '../../ui/field';

// The fields of a session (days, place, video link, seats, deadline, trainers), as the planner and the
// session screen edit them.

/** At most this many days per session (the API's limit). */
export const MAX_DAYS = 10;

/** One day being edited: a date and two times in the region's time; `key` keeps React rows stable. */
export interface DayDraft {
  key: string;
  date: string;
  start: string;
  end: string;
}

/** A person who may run a session, as `/training/trainers` lists them. */
export type TrainerOption = Trainers['items'][number];

let lastKey = 0;

export function newDay(values: Partial<Omit<DayDraft, 'key'>> = {}): DayDraft {
  lastKey += 1;
  return { key: `day-${lastKey}`, date: '', start: '09:00', end: '16:30', ...values };
}

/** A session's days as drafts, in the region's time. */
export function draftsOf(days: SessionDetail['days']): DayDraft[] {
  return days.map((d) => {
    const starts = isoToRegionLocal(d.startsAt);
    const ends = isoToRegionLocal(d.endsAt);
    return newDay({ date: starts.slice(0, 10), start: starts.slice(11, 16), end: ends.slice(11, 16) });
  });
}

/** The days as the API takes them, and one problem for each day left incomplete. */
export function daysForApi(
  days: readonly DayDraft[],
  t: TFunction,
): { days: Array<{ startsAt: string; endsAt: string }>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const result: Array<{ startsAt: string; endsAt: string }> = [];
  days.forEach((d, index) => {
    const startsAt = d.date && d.start ? regionLocalToIso(`${d.date}T${d.start}`) : null;
    const endsAt = d.date && d.end ? regionLocalToIso(`${d.date}T${d.end}`) : null;
    if (startsAt && endsAt) result.push({ startsAt, endsAt });
    else {
      problems.push({
        field: `days.${index}.startsAt`,
        rule: 'required',
        message: t('training.planner.dayRequired', { n: index + 1 }),
      });
    }
  });
  return { days: result, problems };
}

/** True when the drafts name the same instants as the session's days, in the same order. */
export function sameDays(
  days: ReadonlyArray<{ startsAt: string; endsAt: string }>,
  saved: SessionDetail['days'],
): boolean {
  const time = (iso: string) => new Date(iso).getTime();
  return (
    days.length === saved.length &&
    days.every(
      (d, i) => time(d.startsAt) === time(saved[i]!.startsAt) && time(d.endsAt) === time(saved[i]!.endsAt),
    )
  );
}

/** A session's place, video link, seats and registration deadline as typed (the deadline in the region's time). */
export interface SessionSettingsDraft {
  place: string;
  videoUrl: string;
  capacity: string;
  deadline: string;
}

/** A saved session's settings, to edit. */
export function settingsDraftOf(session: SessionDetail): SessionSettingsDraft {
  return {
    place: session.place ?? '',
    videoUrl: session.videoUrl ?? '',
    capacity: String(session.capacity),
    deadline: isoToRegionLocal(session.registrationDeadline),
  };
}

/** The settings as the API takes them (an empty place or link is none), and a problem when the deadline is missing. */
export function settingsForApi(
  draft: SessionSettingsDraft,
  t: TFunction,
): {
  settings: {
    place: string | null;
    videoUrl: string | null;
    capacity: number;
    registrationDeadline: string | null;
  };
  problems: FieldProblem[];
} {
  const registrationDeadline = regionLocalToIso(draft.deadline);
  return {
    settings: {
      place: draft.place.trim() || null,
      videoUrl: draft.videoUrl.trim() || null,
      capacity: Number(draft.capacity),
      registrationDeadline,
    },
    problems: registrationDeadline
      ? []
      : [
          {
            field: 'registrationDeadline',
            rule: 'required',
            message: t('training.planner.deadlineRequired'),
          },
        ],
  };
}

/**
 * The input that shows an API problem about the days: `days.N.startsAt` on day N's date (a missing or
 * repeated day), `days.N.endsAt` on its end time (ends before it starts, spans midnight), `days` on the group.
 */
export function dayFieldId(idPrefix: string, field: string): string | undefined {
  const match = /^days(?:\.(\d+)(?:\.(startsAt|endsAt))?)?$/.exec(field);
  if (!match) return undefined;
  const [, index, part] = match;
  if (index === undefined) return `${idPrefix}-days`;
  return `${idPrefix}-day-${index}-${part === 'endsAt' ? 'end' : 'date'}`;
}

/** The input that shows an API problem about a session's field, for a form whose ids start with `idPrefix`. */
export function sessionFieldIds(idPrefix: string): (field: string) => string {
  return (field) => dayFieldId(idPrefix, field) ?? `${idPrefix}-${field.split('.')[0]}`;
}

/**
 * The signed-in trainer who is not of the table, or null: they stay among the trainers of the sessions
 * they plan or give (the server adds them to the sessions they plan).
 */
export function useLockedTrainer(): string | null {
  const { state, can } = useSession();
  return !can('training.manageAll') && state.status === 'signed_in' ? state.session.person.id : null;
}

interface SessionDaysFieldsProps {
  /** Prefix of the inputs' ids, unique on the page. */
  idPrefix: string;
  days: DayDraft[];
  onChange: (days: DayDraft[]) => void;
  error: ApiError | undefined;
}

/**
 * The days of a session (one to ten), each a group of date, start and end. Adding a day moves the
 * focus to its date; removing one moves it to the day before, so the keyboard never lands nowhere.
 */
export function SessionDaysFields({ idPrefix, days, onChange, error }: SessionDaysFieldsProps) {
  const { t } = useTranslation();
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);
  const dateId = (index: number) => `${idPrefix}-day-${index}-date`;
  const set = (index: number, key: 'date' | 'start' | 'end', value: string) =>
    onChange(days.map((d, i) => (i === index ? { ...d, [key]: value } : d)));
  const add = () => {
    const last = days[days.length - 1];
    onChange([...days, newDay(last ? { start: last.start, end: last.end } : {})]);
    setFocusId(dateId(days.length));
  };
  const remove = (index: number) => {
    onChange(days.filter((_, i) => i !== index));
    setFocusId(dateId(Math.max(0, index - 1)));
  };
  return (
    <Fieldset
      id={`${idPrefix}-days`}
      legend={t('training.fields.days')}
      hint={t('training.planner.timeZoneHint')}
      error={fieldMessage(error, 'days')}
    >
      {days.map((d, index) => (
        <fieldset className="field fieldset training-day" key={d.key}>
          <legend>{t('training.planner.day', { n: index + 1 })}</legend>
          <Field
            id={dateId(index)}
            type="date"
            label={t('training.planner.date')}
            value={d.date}
            onChange={(event) => set(index, 'date', event.target.value)}
            error={fieldMessage(error, `days.${index}.startsAt`)}
          />
          <Field
            id={`${idPrefix}-day-${index}-start`}
            type="time"
            label={t('training.planner.start')}
            value={d.start}
            onChange={(event) => set(index, 'start', event.target.value)}
          />
          <Field
            id={`${idPrefix}-day-${index}-end`}
            type="time"
            label={t('training.planner.end')}
            value={d.end}
            onChange={(event) => set(index, 'end', event.target.value)}
            error={fieldMessage(error, `days.${index}.endsAt`)}
          />
          {days.length > 1 ? (
            <Button variant="secondary" onClick={() => remove(index)}>
              {t('training.planner.removeDay', { n: index + 1 })}
            </Button>
          ) : null}
        </fieldset>
      ))}
      {days.length < MAX_DAYS ? (
        <Button variant="secondary" onClick={add}>
          {t('training.planner.addDay')}
        </Button>
      ) : null}
    </Fieldset>
  );
}

interface SessionSettingsFieldsProps {
  /** The id of each field's input, from the API's field name. */
  fieldId: (field: string) => string;
  value: SessionSettingsDraft;
  onChange: (value: SessionSettingsDraft) => void;
  error: ApiError | undefined;
}

/** The place, video link, seats and registration deadline of a session. */
export function SessionSettingsFields({ fieldId, value, onChange, error }: SessionSettingsFieldsProps) {
  const { t } = useTranslation();
  const set = <K extends keyof SessionSettingsDraft>(key: K, next: SessionSettingsDraft[K]) =>
    onChange({ ...value, [key]: next });
  const field = binder({ values: value, set, error, fieldId });
  return (
    <>
      <Field
        label={t('training.fields.place')}
        hint={t('training.planner.placeHint')}
        maxLength={300}
        {...field('place')}
      />
      <Field type="url" label={t('training.fields.videoUrl')} maxLength={500} {...field('videoUrl')} />
      <Field type="number" min={1} max={1000} label={t('training.fields.capacity')} {...field('capacity')} />
      <Field
        type="datetime-local"
        label={t('training.fields.registrationDeadline')}
        hint={t('training.planner.timeZoneHint')}
        {...field('deadline', 'registrationDeadline')}
      />
    </>
  );
}

interface TrainersFieldProps {
  id: string;
  trainers: TrainerOption[];
  /** Trainers already on the session, kept as choices even if they no longer hold the trainer role. */
  current?: Array<{ id: string; name: string }>;
  value: string[];
  onChange: (value: string[]) => void;
  /** A trainer who is not of the table stays among the trainers of the sessions they plan or give. */
  lockedId?: string | null;
  error: string | undefined;
}

/** The trainers of a session, chosen among the people who hold the trainer role. */
export function TrainersField({
  id,
  trainers,
  current = [],
  value,
  onChange,
  lockedId,
  error,
}: TrainersFieldProps) {
  const { t } = useTranslation();
  const listed = new Set(trainers.map((p) => p.id));
  const options = [
    ...trainers.map((p) => ({ value: p.id, label: `${p.name} (${p.organisationName})` })),
    ...current.filter((p) => !listed.has(p.id)).map((p) => ({ value: p.id, label: p.name })),
  ].map((option) => ({ ...option, disabled: option.value === lockedId }));
  return (
    <CheckboxGroup
      id={id}
      legend={t('training.fields.trainers')}
      hint={lockedId ? t('training.sessionForm.selfHint') : undefined}
      options={options}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}
