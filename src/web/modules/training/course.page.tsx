import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CourseDetail, SessionList } from '../../../shared/contracts/training';
import { formatDateTime } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
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
          <div>
            <dt>{t('training.fields.code')}</dt>
            <dd>{c.code}</dd>
          </div>
          <div>
            <dt>{t('training.fields.kind')}</dt>
            <dd>{t(`training.kind.${c.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('training.fields.durationDays')}</dt>
            <dd>{t('training.catalogue.days', { count: c.durationDays })}</dd>
          </div>
          <div>
            <dt>{t('training.fields.objectives')}</dt>
            <dd>{c.objectives || '—'}</dd>
          </div>
          <div>
            <dt>{t('training.fields.audiences')}</dt>
            <dd>
              {c.audiences.length ? c.audiences.map((a) => t(`training.audience.${a}`)).join(', ') : '—'}
            </dd>
          </div>
          <div>
            <dt>{t('training.fields.prerequisites')}</dt>
            <dd>
              {c.prerequisites.length === 0
                ? t('training.catalogue.noPrerequisite')
                : c.prerequisites.map((p, i) => (
                    <span key={p.id}>
                      {i > 0 ? ', ' : ''}
                      <Link to={`/formation/cours/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                    </span>
                  ))}
            </dd>
          </div>
          <div>
            <dt>{t('training.fields.certificateValidityMonths')}</dt>
            <dd>
              {c.certificateValidityMonths
                ? t('training.course.validity', { count: c.certificateValidityMonths })
                : t('training.course.noExpiry')}
            </dd>
          </div>
          <div>
            <dt>{t('training.fields.openToOutside')}</dt>
            <dd>{c.openToOutside ? t('training.yes') : t('training.no')}</dd>
          </div>
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
