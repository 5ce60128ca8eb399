import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CourseList, SessionList, SessionSummary } from '../../../shared/contracts/training';
import { formatDateTime } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { SessionPlace } from './parts';

/** Seats left, or the length of the wait list when the session is full. */
export function SeatsText({ session }: { session: SessionSummary }) {
  const { t } = useTranslation();
  if (session.status !== 'planned') return <>{t(`training.sessionStatus.${session.status}`)}</>;
  if (session.seatsLeft > 0) return <>{t('training.sessions.seatsLeft', { count: session.seatsLeft })}</>;
  return <>{t('training.sessions.full', { count: session.waitlisted })}</>;
}

/** The catalogue and the upcoming sessions; editors find the link to add a course. */
export function CataloguePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const courses = useApiData<CourseList>('/training/courses');
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const sessions = useApiData<SessionList>(`/training/sessions?from=${encodeURIComponent(from)}`);
  if (!courses.data || !sessions.data) {
    const error = courses.error ?? sessions.error;
    return error ? <LoadErrorPage error={error} /> : <LoadingPage />;
  }
  const titles = new Map(courses.data.items.map((c) => [c.id, c.title]));
  return (
    <Page title={t('training.catalogue.title')} lead={t('training.catalogue.lead')}>
      {/* My training, the planner and the records are in the section's navigation above. */}
      {can('training.editCatalogue') ? (
        <p className="button-row">
          <Link to="/formation/cours/nouveau">{t('training.catalogue.newCourse')}</Link>
        </p>
      ) : null}
      <section className="section">
        <h2 id="training-upcoming">{t('training.catalogue.upcoming')}</h2>
        <DataTable
          caption={t('training.catalogue.upcoming')}
          captionHidden
          columns={[
            t('training.fields.course'),
            t('training.fields.startsAt'),
            t('training.fields.place'),
            t('training.fields.seats'),
          ]}
          rows={sessions.data.items}
          empty={t('training.catalogue.noSession')}
        >
          {(s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link to={`/formation/sessions/${encodeURIComponent(s.id)}`}>{s.courseTitle}</Link>
              </th>
              <td>{formatDateTime(s.startsAt, locale)}</td>
              <td>
                <SessionPlace session={s} />
              </td>
              <td>
                <SeatsText session={s} />
              </td>
            </tr>
          )}
        </DataTable>
      </section>
      <section className="section">
        <h2 id="training-courses">{t('training.catalogue.courses')}</h2>
        <DataTable
          caption={t('training.catalogue.courses')}
          captionHidden
          columns={[
            t('training.fields.title'),
            t('training.fields.kind'),
            t('training.fields.durationDays'),
            t('training.fields.prerequisites'),
          ]}
          rows={courses.data.items}
        >
          {(c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link to={`/formation/cours/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                {c.active ? null : <span className="badge"> {t('training.catalogue.inactive')}</span>}
              </th>
              <td>{t(`training.kind.${c.kind}`)}</td>
              <td>{t('training.catalogue.days', { count: c.durationDays })}</td>
              <td>
                {c.prerequisiteIds.length === 0
                  ? t('training.catalogue.noPrerequisite')
                  : c.prerequisiteIds.map((id) => titles.get(id) ?? '—').join(' · ')}
              </td>
            </tr>
          )}
        </DataTable>
      </section>
    </Page>
  );
}
