import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type {
  CalendarFeed as CalendarFeedState,
  MeetingDetail,
  MeetingList,
  MeetingSummary,
  NewCalendarFeed,
} from '../../../shared/contracts/governance';
import { regionLocalToIso } from '../../../shared/time-zone';
import { ApiError, api } from '../../app/api';
import { useForm } from '../../app/form';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, Field } from '../../ui/field';
import { Loading, LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';

/** The person's private calendar feed: its state, and a button that issues a new address. */
function CalendarFeed() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const feed = useApiData<CalendarFeedState>('/governance/calendar/feed');
  const { run, pending, error } = useAction();
  const [url, setUrl] = useState<string | null>(null);
  return (
    <section className="section">
      <h2 id="gov-feed-title">{t('governance.meetings.subscribe')}</h2>
      <p>
        <a href="/api/governance/calendar.ics" download>
          {t('governance.meetings.downloadCalendar')}
        </a>
      </p>
      <p>{t('governance.meetings.feedHelp')}</p>
      <ErrorSummary error={error} />
      {feed.data?.active && !url ? (
        <p>{t('governance.meetings.feedActive', { date: formatDateTime(feed.data.createdAt, locale) })}</p>
      ) : null}
      {url ? (
        <div className="gov-feed-url">
          <Field id="gov-feed-url" label={t('governance.meetings.feedUrl')} value={url} readOnly />
          <p className="field-hint">{t('governance.meetings.feedSecret')}</p>
        </div>
      ) : null}
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          void run(async () => {
            const created = await api.post<NewCalendarFeed>('/governance/calendar/feed', {});
            setUrl(created.url);
            feed.reload();
          })
        }
      >
        {feed.data?.active || url
          ? t('governance.meetings.feedRegenerate')
          : t('governance.meetings.feedCreate')}
      </Button>
    </section>
  );
}

function NewMeetingForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm(
    { title: '', startsAt: '', endsAt: '', place: '', videoUrl: '', restricted: false },
    (field) => `gov-new-${field}`,
  );
  const { values, run, setError } = form;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const startsAt = regionLocalToIso(values.startsAt);
    const endsAt = regionLocalToIso(values.endsAt);
    if (!startsAt || !endsAt) {
      const message = (field: string) => ({
        field,
        rule: 'required',
        message: t('governance.meetings.dateRequired', { field: t(`governance.meetings.fields.${field}`) }),
      });
      setError(
        new ApiError(400, 'validation_failed', t('governance.meetings.checkForm'), [
          ...(startsAt ? [] : [message('startsAt')]),
          ...(endsAt ? [] : [message('endsAt')]),
        ]),
      );
      return;
    }
    void run(async () => {
      const created = await api.post<MeetingDetail>('/governance/meetings', {
        title: values.title,
        startsAt,
        endsAt,
        place: values.place.trim() || null,
        videoUrl: values.videoUrl.trim() || null,
        restricted: values.restricted,
      });
      navigate(`/table/rencontres/${encodeURIComponent(created.id)}`);
    });
  };
  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <Field
        label={t('governance.meetings.fields.title')}
        required
        maxLength={200}
        {...form.field('title')}
      />
      <Field
        type="datetime-local"
        label={t('governance.meetings.fields.startsAt')}
        hint={t('governance.meetings.timeZoneHint')}
        required
        {...form.field('startsAt')}
      />
      <Field
        type="datetime-local"
        label={t('governance.meetings.fields.endsAt')}
        required
        {...form.field('endsAt')}
      />
      <Field label={t('governance.meetings.fields.place')} maxLength={300} {...form.field('place')} />
      <Field
        type="url"
        label={t('governance.meetings.fields.videoUrl')}
        hint={t('governance.meetings.videoHint')}
        maxLength={500}
        {...form.field('videoUrl')}
      />
      <Checkbox
        id="gov-new-restricted"
        label={t('governance.meetings.fields.restricted')}
        checked={values.restricted}
        onChange={(event) => form.set('restricted', event.target.checked)}
      />
      <p className="field-hint">{t('governance.meetings.inviteHint')}</p>
      <Button type="submit" pending={form.pending}>
        {t('governance.meetings.create')}
      </Button>
    </form>
  );
}

/** The table's meetings, the calendar subscription, and (coordination) a form to plan one. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const meetings = useApiData<MeetingList>('/governance/meetings');
  if (meetings.loading && !meetings.data) return <LoadingPage />;
  if (!meetings.data) return meetings.error ? <LoadErrorPage error={meetings.error} /> : <LoadingPage />;
  const now = Date.now();
  const upcoming = meetings.data.items.filter((m) => new Date(m.endsAt).getTime() >= now);
  const past = meetings.data.items.filter((m) => new Date(m.endsAt).getTime() < now).reverse();
  const table = (items: MeetingSummary[], caption: string) => (
    <DataTable
      caption={caption}
      captionHidden
      columns={[
        t('governance.meetings.fields.title'),
        t('governance.meetings.fields.startsAt'),
        t('governance.meetings.fields.place'),
        t('governance.meetings.fields.status'),
      ]}
      rows={items}
      empty={t('governance.meetings.none')}
    >
      {(meeting) => (
        <tr key={meeting.id}>
          <th scope="row">
            <Link to={`/table/rencontres/${encodeURIComponent(meeting.id)}`}>{meeting.title}</Link>
            {meeting.restricted ? (
              <span className="badge gov-badge"> {t('governance.meetings.restricted')}</span>
            ) : null}
          </th>
          <td>{formatDateTime(meeting.startsAt, locale)}</td>
          <td>{meeting.place ?? (meeting.videoUrl ? t('governance.meetings.online') : '—')}</td>
          <td>
            {t(`governance.meetings.status.${meeting.status}`)}
            {meeting.status === 'closed'
              ? ` — ${meeting.minutesApproved ? t('governance.meetings.minutesApproved') : t('governance.meetings.minutesDraft')}`
              : ''}
          </td>
        </tr>
      )}
    </DataTable>
  );
  return (
    <Page title={t('governance.meetings.title')} lead={t('governance.meetings.lead')}>
      <StatusMessage>{null}</StatusMessage>
      <section className="section">
        <h2 id="gov-upcoming">{t('governance.meetings.upcoming')}</h2>
        {table(upcoming, t('governance.meetings.upcoming'))}
      </section>
      <section className="section">
        <h2 id="gov-past">{t('governance.meetings.past')}</h2>
        {table(past, t('governance.meetings.past'))}
      </section>
      <CalendarFeed />
      {can('governance.manage') ? (
        <section className="section">
          <h2 id="gov-new">{t('governance.meetings.new')}</h2>
          <NewMeetingForm />
        </section>
      ) : null}
      {meetings.loading ? <Loading /> : null}
    </Page>
  );
}
