import { type FormEvent, Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import type {
  MyAnnouncementList,
  Receipts,
  SentAnnouncement,
  SentAnnouncementList,
} from '../../../shared/contracts/governance';
import { AUDIENCES, type Audience } from '../../../shared/contracts/governance.values';
import { ORGANISATION_TYPES } from '../../../shared/roles';
import { regionLocalToIso } from '../../../shared/time-zone';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { formatDateTime, labelOf } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { Loading, LoadingPage, Page } from '../../ui/page';
import { Table, TableHead } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';

function ComposeForm({ onSent }: { onSent: () => void }) {
  const { t } = useTranslation();
  const organisations = useApiData<OrganisationList>('/organisations');
  const empty = {
    titleFr: '',
    titleEn: '',
    bodyFr: '',
    bodyEn: '',
    audience: 'all' as Audience,
    organisationType: '',
    organisationId: '',
    publishAt: '',
  };
  const form = useForm(empty, (field) => `gov-ann-${field}`);
  const { values } = form;
  const [sent, setSent] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    setSent(null);
    form.onSubmit(async () => {
      const publishAt = values.publishAt ? regionLocalToIso(values.publishAt) : null;
      const created = await api.post<SentAnnouncement>('/governance/announcements', {
        titleFr: values.titleFr,
        titleEn: values.titleEn,
        bodyFr: values.bodyFr,
        bodyEn: values.bodyEn,
        audience: values.audience,
        ...(values.audience === 'organisation_type' && values.organisationType
          ? { organisationType: values.organisationType }
          : {}),
        ...(values.audience === 'organisation' && values.organisationId
          ? { organisationId: values.organisationId }
          : {}),
        ...(publishAt ? { publishAt } : {}),
      });
      form.setValues(empty);
      setSent(
        created.publishedAt
          ? t('governance.announcements.published', { count: created.recipientCount })
          : t('governance.announcements.scheduled'),
      );
      onSent();
    })(event);
  };
  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <StatusMessage>{sent}</StatusMessage>
      {(['Fr', 'En'] as const).map((language) => (
        <Fragment key={language}>
          <Field
            label={t(`governance.announcements.fields.title${language}`)}
            maxLength={200}
            {...form.field(`title${language}`)}
          />
          <TextAreaField
            label={t(`governance.announcements.fields.body${language}`)}
            rows={5}
            maxLength={10000}
            {...form.field(`body${language}`)}
          />
        </Fragment>
      ))}
      <ChoiceField
        label={t('governance.announcements.fields.audience')}
        options={choices(AUDIENCES, (a) => t(`governance.announcements.audiences.${a}`))}
        {...form.field('audience')}
      />
      {values.audience === 'organisation_type' ? (
        <ChoiceField
          label={t('governance.announcements.fields.organisationType')}
          placeholder={t('governance.announcements.choose')}
          options={choices(ORGANISATION_TYPES, (type) => labelOf(t, 'organisationTypes', type))}
          {...form.field('organisationType')}
        />
      ) : null}
      {values.audience === 'organisation' ? (
        <ChoiceField
          label={t('governance.announcements.fields.organisation')}
          placeholder={t('governance.announcements.choose')}
          options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          {...form.field('organisationId')}
        />
      ) : null}
      <Field
        type="datetime-local"
        label={t('governance.announcements.fields.publishAt')}
        hint={t('governance.announcements.publishHint')}
        {...form.field('publishAt')}
      />
      <Button type="submit" pending={form.pending}>
        {t('governance.announcements.send')}
      </Button>
    </form>
  );
}

function ReceiptList({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const receipts = useApiData<Receipts>(`/governance/announcements/${encodeURIComponent(id)}/receipts`);
  if (!receipts.data) return receipts.error ? <p role="alert">{receipts.error.message}</p> : <Loading />;
  return (
    <Table
      caption={t('governance.announcements.receiptsCaption', {
        read: receipts.data.read,
        total: receipts.data.total,
      })}
    >
      <TableHead
        columns={[
          t('governance.announcements.person'),
          t('governance.announcements.organisation'),
          t('governance.announcements.readAt'),
        ]}
      />
      <tbody>
        {receipts.data.people.map((p) => (
          <tr key={p.id}>
            <th scope="row">{p.name}</th>
            <td>{p.organisationName}</td>
            <td>{p.readAt ? formatDateTime(p.readAt, locale) : t('governance.announcements.notRead')}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function SentList({ version }: { version: number }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const sent = useApiData<SentAnnouncementList>(`/governance/announcements/sent?v=${version}`);
  const [open, setOpen] = useState<string | null>(null);
  if (!sent.data) return sent.error ? <p role="alert">{sent.error.message}</p> : <Loading />;
  if (sent.data.items.length === 0) return <p>{t('governance.announcements.noneSent')}</p>;
  return (
    <ul className="gov-announcements">
      {sent.data.items.map((a) => (
        <li key={a.id} className="gov-card">
          <h3>{locale === 'en-CA' ? a.titleEn : a.titleFr}</h3>
          <p className="gov-muted">
            {t(`governance.announcements.audiences.${a.audience}`)}
            {a.organisationName ? ` — ${a.organisationName}` : ''}
            {a.organisationType ? ` — ${labelOf(t, 'organisationTypes', a.organisationType)}` : ''} ·{' '}
            {a.publishedAt
              ? t('governance.announcements.publishedOn', { date: formatDateTime(a.publishedAt, locale) })
              : t('governance.announcements.scheduledFor', { date: formatDateTime(a.publishAt, locale) })}
          </p>
          <p>{t('governance.announcements.readCount', { read: a.readCount, total: a.recipientCount })}</p>
          <Button
            variant="secondary"
            aria-expanded={open === a.id}
            onClick={() => setOpen(open === a.id ? null : a.id)}
          >
            {open === a.id
              ? t('governance.announcements.hideReceipts')
              : t('governance.announcements.showReceipts')}
          </Button>
          {open === a.id ? <ReceiptList id={a.id} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** Announcements addressed to the person (unread first highlighted); the coordination writes and follows them. */
export function AnnouncementsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const mine = useApiData<MyAnnouncementList>('/governance/announcements');
  const { run, pending } = useAction();
  const [version, setVersion] = useState(0);
  if (mine.loading && !mine.data) return <LoadingPage />;
  if (!mine.data) return mine.error ? <LoadErrorPage error={mine.error} /> : <LoadingPage />;
  const unread = mine.data.items.filter((a) => !a.read).length;
  return (
    <Page
      title={t('governance.announcements.title')}
      lead={t('governance.announcements.unreadCount', { count: unread })}
    >
      <section className="section">
        <h2 id="gov-mine">{t('governance.announcements.mine')}</h2>
        {mine.data.items.length === 0 ? <p>{t('governance.announcements.none')}</p> : null}
        <ul className="gov-announcements">
          {mine.data.items.map((a) => (
            <li key={a.id} id={`annonce-${a.id}`} className={a.read ? 'gov-card' : 'gov-card gov-unread'}>
              <h3>
                {a.read ? null : <span className="badge gov-new">{t('governance.announcements.new')}</span>}{' '}
                {a.title}
              </h3>
              <p className="gov-muted">
                {formatDateTime(a.publishedAt, locale)}
                {a.author ? ` — ${a.author}` : ''}
              </p>
              <div className="gov-body">{a.body}</div>
              {a.read ? null : (
                <Button
                  variant="secondary"
                  pending={pending}
                  onClick={() =>
                    void run(async () => {
                      await api.post(`/governance/announcements/${encodeURIComponent(a.id)}/read`, {});
                      mine.reload();
                    })
                  }
                >
                  {t('governance.announcements.markRead', { title: a.title })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {can('governance.manage') ? (
        <>
          <section className="section">
            <h2 id="gov-compose">{t('governance.announcements.compose')}</h2>
            <ComposeForm
              onSent={() => {
                setVersion((v) => v + 1);
                mine.reload();
              }}
            />
          </section>
          <section className="section">
            <h2 id="gov-sent">{t('governance.announcements.sent')}</h2>
            <SentList version={version} />
          </section>
        </>
      ) : null}
    </Page>
  );
}
