import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CourseDetail, SessionList } from '../../../shared/contracts/training';
import { formatDateTime } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Detail } from '../../ui/details';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { SeatsText } from './catalogue.page';
import { SessionPlace } from './parts';

/** One course: what it is for, its prerequisites, its sessions. */
export function CoursePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useSession();
  const locale = currentLocale();
  const course = useApiData<CourseDetail>(`/training/courses/${encodeURIComponent(id)}`);
  const sessions = useApiData<SessionList>(`/training/sessions?courseId=${encodeURIComponent(id)}`);
  if (!course.data) return course.error ? <LoadErrorPage error={course.error} /> : <LoadingPage />;
  const c = course.data;
  return (
    <Page title={c.title} lead={c.description || undefined}>
      {can('training.editCatalogue') ? (
        <p>
          <Link to={`/formation/cours/${encodeURIComponent(c.id)}/modifier`}>
            {t('training.course.edit')}
          </Link>
        </p>
      ) : null}
      <section className="section">
        <h2 id="training-course-details">{t('training.course.details')}</h2>
        <dl className="details">
          <Detail term={t('training.fields.code')}>{c.code}</Detail>
          <Detail term={t('training.fields.kind')}>{t(`training.kind.${c.kind}`)}</Detail>
          <Detail term={t('training.fields.durationDays')}>
            {t('training.catalogue.days', { count: c.durationDays })}
          </Detail>
          <Detail term={t('training.fields.objectives')}>{c.objectives || '—'}</Detail>
          <Detail term={t('training.fields.audiences')}>
            {c.audiences.length ? c.audiences.map((a) => t(`training.audience.${a}`)).join(', ') : '—'}
          </Detail>
          <Detail term={t('training.fields.prerequisites')}>
            {c.prerequisites.length === 0
              ? t('training.catalogue.noPrerequisite')
              : c.prerequisites.map((p, i) => (
                  <span key={p.id}>
                    {i > 0 ? ', ' : ''}
                    <Link to={`/formation/cours/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                  </span>
                ))}
          </Detail>
          <Detail term={t('training.fields.certificateValidityMonths')}>
            {c.certificateValidityMonths
              ? t('training.course.validity', { count: c.certificateValidityMonths })
              : t('training.course.noExpiry')}
          </Detail>
          <Detail term={t('training.fields.openToOutside')}>
            {c.openToOutside ? t('training.yes') : t('training.no')}
          </Detail>
        </dl>
      </section>
      <section className="section">
        <h2 id="training-course-sessions">{t('training.course.sessions')}</h2>
        {!sessions.data || sessions.data.items.length === 0 ? (
          <p>{t('training.catalogue.noSession')}</p>
        ) : (
          <DataTable
            caption={t('training.course.sessions')}
            captionHidden
            columns={[t('training.fields.startsAt'), t('training.fields.place'), t('training.fields.seats')]}
            rows={sessions.data.items}
          >
            {(s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/formation/sessions/${encodeURIComponent(s.id)}`}>
                    {formatDateTime(s.startsAt, locale)}
                  </Link>
                </th>
                <td>
                  <SessionPlace session={s} />
                </td>
                <td>
                  <SeatsText session={s} />
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </section>
    </Page>
  );
}
