import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type {
  Completed,
  ParticipantRow,
  Participants,
  Registration,
  SessionDetail,
  Trainers,
} from '../../../shared/contracts/training';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../../shared/contracts/training.values';
import { REGION_TIME_ZONE } from '../../../shared/time-zone';
import { ApiError, api, fieldMessage } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, ChoiceField, choices, Field } from '../../ui/field';
import { Loading, LoadingPage, Page } from '../../ui/page';
import { DataTable, Table } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { SeatsText } from './catalogue.page';
import {
  type DayDraft,
  daysForApi,
  draftsOf,
  SessionDaysFields,
  type SessionSettingsDraft,
  SessionSettingsFields,
  sameDays,
  sessionFieldIds,
  settingsDraftOf,
  settingsForApi,
  TrainersField,
  useLockedTrainer,
} from './session-fields';
import { formatDay, participantPath } from './training.types';

/** The signed-in person's own registration: register, cancel, confirm or decline an offered seat. */
function MyRegistration({ session, reload }: { session: SessionDetail; reload: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { run, pending, error } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const mine = session.mine;
  const active = mine && ['confirmed', 'waitlisted', 'offered'].includes(mine.status);
  const act = (path: string, message: string) =>
    void run(async () => {
      await api.post(path, {});
      setDone(message);
      reload();
    });
  const open = session.status === 'planned' && new Date(session.registrationDeadline).getTime() > Date.now();
  return (
    <section className="section">
      <h2 id="training-mine">{t('training.session.mine')}</h2>
      <ErrorSummary error={error} />
      <StatusMessage>{done}</StatusMessage>
      {mine ? (
        <p>
          {t(`training.status.${mine.status}`)}
          {mine.status === 'offered' && mine.offerExpiresAt
            ? ` — ${t('training.session.offerUntil', { date: formatDateTime(mine.offerExpiresAt, locale) })}`
            : ''}
        </p>
      ) : null}
      {!active && session.missingPrerequisites.length > 0 ? (
        <p>
          {t('training.session.prerequisitesMissing')}{' '}
          {session.missingPrerequisites.map((c, i) => (
            <span key={c.id}>
              {i > 0 ? ', ' : ''}
              <Link to={`/formation/cours/${encodeURIComponent(c.id)}`}>{c.title}</Link>
            </span>
          ))}
        </p>
      ) : null}
      <div className="button-row">
        {!active && open ? (
          <Button
            pending={pending}
            onClick={() =>
              void run(async () => {
                const result = await api.post<Registration>(
                  `/training/sessions/${encodeURIComponent(session.id)}/registrations`,
                  {},
                );
                setDone(
                  result.status === 'confirmed'
                    ? t('training.session.registered')
                    : t('training.session.waitlisted', { position: result.position ?? 0 }),
                );
                reload();
              })
            }
          >
            {t('training.session.register')}
          </Button>
        ) : null}
        {mine?.status === 'offered' ? (
          <>
            <Button
              pending={pending}
              onClick={() => act(`/training/registrations/${mine.id}/accept`, t('training.session.accepted'))}
            >
              {t('training.session.accept')}
            </Button>
            <Button
              variant="secondary"
              pending={pending}
              onClick={() =>
                act(`/training/registrations/${mine.id}/decline`, t('training.session.declined'))
              }
            >
              {t('training.session.decline')}
            </Button>
          </>
        ) : null}
        {mine && (mine.status === 'confirmed' || mine.status === 'waitlisted') ? (
          <Button
            variant="danger"
            pending={pending}
            onClick={() => act(`/training/registrations/${mine.id}/cancel`, t('training.session.cancelled'))}
          >
            {t('training.session.cancel')}
          </Button>
        ) : null}
      </div>
      {!open && !active ? <p>{t('training.session.closed')}</p> : null}
    </section>
  );
}

/**
 * A participant's name in the session's lists; an outside professional's links to their record, where
 * the session's trainers and the table correct it (everyone who sees these lists may).
 */
function ParticipantName({ participant }: { participant: ParticipantRow }) {
  const { t } = useTranslation();
  if (!participant.outside) return <>{participant.name}</>;
  return (
    <>
      <Link to={participantPath(participant.participantId)}>{participant.name}</Link>{' '}
      <span className="tag">{t('training.participant.outsideTag')}</span>
    </>
  );
}

/** Participants, wait list, attendance grid and completion: the session's trainers and the table. */
function Running({ session, onChange }: { session: SessionDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const participants = useApiData<Participants>(
    `/training/sessions/${encodeURIComponent(session.id)}/participants`,
  );
  const { run, pending, error } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [marks, setMarks] = useState<Record<string, AttendanceStatus | ''>>({});
  const [selected, setSelected] = useState<string[]>([]);
  useEffect(() => {
    if (!participants.data) return;
    const next: Record<string, AttendanceStatus | ''> = {};
    for (const p of participants.data.items) {
      for (const day of participants.data.days) next[`${p.registrationId}|${day}`] = p.attendance[day] ?? '';
    }
    setMarks(next);
  }, [participants.data]);
  if (!participants.data) return participants.error ? <ErrorSummary error={participants.error} /> : null;
  const { days, items } = participants.data;
  const confirmed = items.filter((p) => p.status === 'confirmed');
  const others = items.filter((p) => p.status !== 'confirmed');
  const base = `/api/training/sessions/${encodeURIComponent(session.id)}`;
  const saveAttendance = () =>
    void run(async () => {
      const entries = Object.entries(marks)
        .filter(([, status]) => status !== '')
        .map(([key, status]) => {
          const [registrationId, day] = key.split('|') as [string, string];
          return { registrationId, day, status };
        });
      if (entries.length === 0) return;
      await api.put(`/training/sessions/${encodeURIComponent(session.id)}/attendance`, { entries });
      setDone(t('training.running.attendanceSaved'));
      participants.reload();
    });
  const complete = () =>
    void run(async () => {
      const result = await api.post<Completed>(
        `/training/sessions/${encodeURIComponent(session.id)}/completions`,
        { registrationIds: selected },
      );
      setDone(t('training.running.completedCount', { count: result.completed }));
      setSelected([]);
      participants.reload();
      onChange();
    });
  return (
    <section className="section">
      <h2 id="training-participants">{t('training.running.title')}</h2>
      <p className="button-row">
        <a href={`${base}/participants.csv`} download>
          {t('training.running.csv')}
        </a>
        <a href={`${base}/attendance.pdf`} download>
          {t('training.running.pdf')}
        </a>
      </p>
      <ErrorSummary error={error} />
      <StatusMessage>{done}</StatusMessage>
      {confirmed.length === 0 ? (
        <p>{t('training.running.nobody')}</p>
      ) : (
        <>
          <Table caption={t('training.running.attendance')}>
            <thead>
              <tr>
                <th scope="col">{t('training.fields.participant')}</th>
                <th scope="col">{t('training.fields.organisation')}</th>
                {days.map((day) => (
                  <th scope="col" key={day}>
                    {formatDay(day, currentLocale())}
                  </th>
                ))}
                <th scope="col">{t('training.running.completion')}</th>
              </tr>
            </thead>
            <tbody>
              {confirmed.map((p) => (
                <tr key={p.registrationId}>
                  <th scope="row">
                    <ParticipantName participant={p} />
                  </th>
                  <td>{p.organisationName ?? '—'}</td>
                  {days.map((day) => {
                    const key = `${p.registrationId}|${day}`;
                    return (
                      <td key={day}>
                        <select
                          className="input select"
                          aria-label={t('training.running.attendanceOf', {
                            name: p.name,
                            day: formatDay(day, currentLocale()),
                          })}
                          value={marks[key] ?? ''}
                          onChange={(event) =>
                            setMarks((m) => ({ ...m, [key]: event.target.value as AttendanceStatus | '' }))
                          }
                        >
                          <option value="">{t('training.running.unmarked')}</option>
                          {ATTENDANCE_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {t(`training.attendance.${s}`)}
                            </option>
                          ))}
                        </select>
                      </td>
                    );
                  })}
                  <td>
                    {p.completed ? (
                      t('training.running.done')
                    ) : (
                      <Checkbox
                        id={`training-complete-${p.registrationId}`}
                        label={t('training.running.markCompleted', { name: p.name })}
                        checked={selected.includes(p.registrationId)}
                        onChange={(event) =>
                          setSelected((list) =>
                            event.target.checked
                              ? [...list, p.registrationId]
                              : list.filter((id) => id !== p.registrationId),
                          )
                        }
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="button-row">
            <Button pending={pending} onClick={saveAttendance}>
              {t('training.running.saveAttendance')}
            </Button>
            <Button variant="secondary" pending={pending} disabled={selected.length === 0} onClick={complete}>
              {t('training.running.complete')}
            </Button>
          </div>
        </>
      )}
      {others.length > 0 ? (
        <DataTable
          caption={t('training.running.others')}
          columns={[
            t('training.fields.participant'),
            t('training.fields.status'),
            t('training.fields.queue'),
          ]}
          rows={others}
        >
          {(p) => (
            <tr key={p.registrationId}>
              <th scope="row">
                <ParticipantName participant={p} />
              </th>
              <td>{t(`training.status.${p.status}`)}</td>
              <td>{p.status === 'waitlisted' ? p.queueNumber : '—'}</td>
            </tr>
          )}
        </DataTable>
      ) : null}
    </section>
  );
}

/**
 * Edits a session: its days, trainers, place, seats, deadline and status (its trainers and the table).
 * Only what changed is sent, so the server checks (a trainer's overlapping days, seats already held,
 * a deadline after the first day) concern what the person did; each problem shows next to its field.
 */
function SessionEditor({
  session,
  onSaved,
}: {
  session: SessionDetail;
  onSaved: (s: SessionDetail) => void;
}) {
  const { t } = useTranslation();
  const trainers = useApiData<Trainers>('/training/trainers');
  const { run, pending, error, setError } = useAction();
  const [days, setDays] = useState<DayDraft[]>(() => draftsOf(session.days));
  const [trainerIds, setTrainerIds] = useState<string[]>(session.trainerIds);
  const [settings, setSettings] = useState<SessionSettingsDraft>(() => settingsDraftOf(session));
  const [status, setStatus] = useState(session.status);
  const [done, setDone] = useState<string | null>(null);
  const self = useLockedTrainer();
  const prefix = 'training-edit';
  const fieldId = sessionFieldIds(prefix);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const { days: isoDays, problems: dayProblems } = daysForApi(days, t);
    const { settings: values, problems: settingsProblems } = settingsForApi(settings, t);
    const problems = [...dayProblems, ...settingsProblems];
    const deadlineIso = values.registrationDeadline;
    if (problems.length > 0) {
      setError(new ApiError(400, 'validation_failed', t('training.planner.checkForm'), problems));
      return;
    }
    const sameSet = (a: readonly string[], b: readonly string[]) =>
      a.length === b.length && a.every((id) => b.includes(id));
    const changes: Record<string, unknown> = {
      ...(sameDays(isoDays, session.days) ? {} : { days: isoDays }),
      ...(sameSet(trainerIds, session.trainerIds) ? {} : { trainerIds }),
      ...(values.place === session.place ? {} : { place: values.place }),
      ...(values.videoUrl === session.videoUrl ? {} : { videoUrl: values.videoUrl }),
      ...(settings.capacity === String(session.capacity) ? {} : { capacity: values.capacity }),
      ...(deadlineIso && new Date(deadlineIso).getTime() === new Date(session.registrationDeadline).getTime()
        ? {}
        : { registrationDeadline: deadlineIso }),
      ...(status === session.status ? {} : { status }),
    };
    if (Object.keys(changes).length === 0) {
      setError(undefined);
      setDone(t('training.sessionForm.unchanged'));
      return;
    }
    void run(async () => {
      const saved = await api.patch<SessionDetail>(
        `/training/sessions/${encodeURIComponent(session.id)}`,
        changes,
      );
      // The server keeps the days in order: show them as saved.
      setDays(draftsOf(saved.days));
      setTrainerIds(saved.trainerIds);
      setDone(t('training.settings.saved'));
      onSaved(saved);
    });
  };
  return (
    <section className="section">
      <h2 id="training-edit">{t('training.settings.title')}</h2>
      <p>{t('training.sessionForm.lead')}</p>
      {trainers.error ? <ErrorSummary error={trainers.error} /> : null}
      {!trainers.data ? (
        trainers.error ? null : (
          <Loading />
        )
      ) : (
        <form className="narrow" onSubmit={submit} noValidate>
          <ErrorSummary error={error} fieldId={fieldId} />
          <StatusMessage>{done}</StatusMessage>
          <SessionDaysFields idPrefix={prefix} days={days} onChange={setDays} error={error} />
          <TrainersField
            id={fieldId('trainerIds')}
            trainers={trainers.data.items}
            current={session.trainers}
            value={trainerIds}
            onChange={setTrainerIds}
            lockedId={self}
            error={fieldMessage(error, 'trainerIds')}
          />
          <SessionSettingsFields fieldId={fieldId} value={settings} onChange={setSettings} error={error} />
          <ChoiceField
            id={fieldId('status')}
            label={t('training.fields.status')}
            value={status}
            onChange={(event) => setStatus(event.target.value as SessionDetail['status'])}
            error={fieldMessage(error, 'status')}
            options={choices(['planned', 'cancelled', 'completed'] as const, (value) =>
              t(`training.sessionStatus.${value}`),
            )}
          />
          <Button type="submit" pending={pending}>
            {t('training.settings.save')}
          </Button>
        </form>
      )}
    </section>
  );
}

/** A registration link for outside professionals (courses open to them), to send by e-mail. */
function Invitation({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [url, setUrl] = useState<string | null>(null);
  return (
    <section className="section">
      <h2 id="training-invitation">{t('training.running.invite')}</h2>
      <p>{t('training.running.inviteHelp')}</p>
      <ErrorSummary error={error} />
      {url ? (
        <Field id="training-invitation-url" label={t('training.running.inviteUrl')} value={url} readOnly />
      ) : null}
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          void run(async () => {
            const link = await api.post<{ url: string }>(
              `/training/sessions/${encodeURIComponent(session.id)}/invitation`,
              {},
            );
            setUrl(link.url);
          })
        }
      >
        {t('training.running.inviteCreate')}
      </Button>
    </section>
  );
}

/** A session: its days and place, the person's own registration, and (trainers, table) running it. */
export function SessionPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { id = '' } = useParams();
  const locale = currentLocale();
  const session = useApiData<SessionDetail>(`/training/sessions/${encodeURIComponent(id)}`);
  if (!session.data) return session.error ? <LoadErrorPage error={session.error} /> : <LoadingPage />;
  const s = session.data;
  return (
    <Page
      title={s.courseTitle}
      lead={t('training.session.lead', { date: formatDateTime(s.startsAt, locale) })}
    >
      <section className="section">
        <h2 id="training-session-details">{t('training.session.details')}</h2>
        <dl className="details">
          <Detail term={t('training.fields.course')}>
            <Link to={`/formation/cours/${encodeURIComponent(s.courseId)}`}>{s.courseTitle}</Link>
          </Detail>
          <Detail term={t('training.fields.days')}>
            <ul>
              {s.days.map((d) => (
                <li key={d.day}>
                  {formatDateTime(d.startsAt, locale)} –{' '}
                  {new Intl.DateTimeFormat(locale, {
                    timeStyle: 'short',
                    timeZone: REGION_TIME_ZONE,
                  }).format(new Date(d.endsAt))}
                </li>
              ))}
            </ul>
          </Detail>
          <Detail term={t('training.fields.place')}>{s.place ?? '—'}</Detail>
          <Detail term={t('training.fields.videoUrl')}>
            {s.videoUrl ? <a href={s.videoUrl}>{s.videoUrl}</a> : '—'}
          </Detail>
          <Detail term={t('training.fields.trainers')}>
            {s.trainers.length ? s.trainers.map((p) => p.name).join(', ') : '—'}
          </Detail>
          <Detail term={t('training.fields.seats')}>
            {t('training.session.seats', { confirmed: s.confirmed + s.offered, capacity: s.capacity })} —{' '}
            <SeatsText session={s} />
          </Detail>
          <Detail term={t('training.fields.registrationDeadline')}>
            {formatDateTime(s.registrationDeadline, locale)}
          </Detail>
        </dl>
        <p>
          <a href={`/api/training/sessions/${encodeURIComponent(s.id)}/session.ics`} download>
            {t('training.session.ics')}
          </a>
        </p>
      </section>
      <MyRegistration session={s} reload={session.reload} />
      {s.canRun ? <Running session={s} onChange={session.reload} /> : null}
      {s.canRun && s.openToOutside && s.status === 'planned' ? <Invitation session={s} /> : null}
      {s.canRun && can('training.planSessions') ? (
        <SessionEditor session={s} onSaved={session.setData} />
      ) : null}
    </Page>
  );
}
