import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyTraining } from '../../../shared/contracts/training';
import { formatDateTime } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { CertificateCell } from './parts';
import { formatDay } from './training.types';

/** The person's registrations (with the wait-list rank and offers) and certificates. */
export function MyTrainingPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const mine = useApiData<MyTraining>('/training/me');
  if (!mine.data) return mine.error ? <LoadErrorPage error={mine.error} /> : <LoadingPage />;
  const { registrations, completions } = mine.data;
  return (
    <Page title={t('training.mine.title')} lead={t('training.mine.lead')}>
      <p>
        <Link to="/formation">{t('training.mine.browse')}</Link>
      </p>
      <section className="section">
        <h2 id="training-my-registrations">{t('training.mine.registrations')}</h2>
        <DataTable
          caption={t('training.mine.registrations')}
          captionHidden
          columns={[
            t('training.fields.course'),
            t('training.fields.startsAt'),
            t('training.fields.status'),
            t('training.mine.calendar'),
          ]}
          rows={registrations}
          empty={t('training.mine.noRegistration')}
        >
          {(r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/formation/sessions/${encodeURIComponent(r.sessionId)}`}>{r.courseTitle}</Link>
              </th>
              <td>{formatDateTime(r.startsAt, locale)}</td>
              <td>
                {t(`training.status.${r.status}`)}
                {r.status === 'waitlisted' && r.position
                  ? ` — ${t('training.mine.rank', { position: r.position })}`
                  : ''}
                {r.status === 'offered' && r.offerExpiresAt
                  ? ` — ${t('training.session.offerUntil', { date: formatDateTime(r.offerExpiresAt, locale) })}`
                  : ''}
              </td>
              <td>
                <a href={`/api/training/sessions/${encodeURIComponent(r.sessionId)}/session.ics`} download>
                  {t('training.mine.ics', { course: r.courseTitle })}
                </a>
              </td>
            </tr>
          )}
        </DataTable>
      </section>
      <section className="section">
        <h2 id="training-my-certificates">{t('training.mine.certificates')}</h2>
        <DataTable
          caption={t('training.mine.certificates')}
          captionHidden
          columns={[
            t('training.fields.course'),
            t('training.fields.completedOn'),
            t('training.fields.expiresOn'),
            t('training.fields.certificate'),
          ]}
          rows={completions}
          empty={t('training.mine.noCertificate')}
        >
          {(c) => (
            <tr key={c.id}>
              <th scope="row">{c.courseTitle}</th>
              <td>{formatDay(c.completedOn, locale)}</td>
              <td>{c.expiresOn ? formatDay(c.expiresOn, locale) : t('training.course.noExpiry')}</td>
              <CertificateCell
                completion={c}
                label={t('training.mine.download', { course: c.courseTitle })}
              />
            </tr>
          )}
        </DataTable>
      </section>
    </Page>
  );
}
