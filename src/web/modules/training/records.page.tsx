import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { CourseList, RecordList } from '../../../shared/contracts/training';
import { withQuery } from '../../app/api';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ChoiceField, Field } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { formatDay, participantPath } from './training.types';

/**
 * Training records: the table sees all, an organisation's coordinators their people, trainers their
 * sessions; an outside professional's name links to their record for those who correct it. Filtered by name and course; the filters live in the address (`?q=…&cours=…`), so a
 * filtered list can be bookmarked, shared and reached again with the back button.
 */
export function RecordsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const courseId = params.get('cours') ?? '';
  const [draft, setDraft] = useState({ q, courseId });
  // Back and forward change the address: the form follows it.
  useEffect(() => setDraft({ q, courseId }), [q, courseId]);
  const courses = useApiData<CourseList>('/training/courses');
  const records = useApiData<RecordList>(withQuery('/training/records', { q, courseId }));
  if (!records.data || !courses.data) {
    const error = records.error ?? courses.error;
    return error ? <LoadErrorPage error={error} /> : <LoadingPage />;
  }
  // Retired courses are listed to editors only; a course named by the address stays choosable.
  const choices = courses.data.items.map((c) => ({ id: c.id, title: c.title }));
  const named = records.data.items.find((c) => c.courseId === courseId);
  if (named && !choices.some((c) => c.id === courseId))
    choices.push({ id: named.courseId, title: named.courseTitle });
  choices.sort((a, b) => a.title.localeCompare(b.title, locale));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set('q', draft.q.trim());
    if (draft.courseId) next.set('cours', draft.courseId);
    setParams(next);
  };
  const items = records.data.items;
  return (
    <Page title={t('training.records.title')} lead={t('training.records.lead')}>
      <search aria-label={t('training.records.filters')}>
        <form className="filters" onSubmit={submit}>
          <Field
            id="training-records-q"
            type="search"
            label={t('training.records.search')}
            value={draft.q}
            maxLength={100}
            onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
          />
          <ChoiceField
            id="training-records-course"
            label={t('training.fields.course')}
            value={draft.courseId}
            onChange={(e) => setDraft((d) => ({ ...d, courseId: e.target.value }))}
            placeholder={t('training.records.allCourses')}
            options={choices.map((c) => ({ value: c.id, label: c.title }))}
          />
          <Button type="submit">{t('training.records.submit')}</Button>
        </form>
      </search>
      <DataTable
        caption={t('training.records.caption', { count: items.length })}
        columns={[
          t('training.fields.participant'),
          t('training.fields.organisation'),
          t('training.fields.course'),
          t('training.fields.completedOn'),
          t('training.fields.expiresOn'),
        ]}
        rows={items}
        empty={t('training.records.none')}
      >
        {(c) => (
          <tr key={c.id}>
            <th scope="row">
              {/* The outside professionals listed here are the table's or the trainer's own sessions':
                      those who correct outside records may correct each of them. */}
              {c.outside && can('training.correctParticipants') ? (
                <>
                  <Link to={participantPath(c.participantId)}>{c.name}</Link>{' '}
                  <span className="tag">{t('training.participant.outsideTag')}</span>
                </>
              ) : (
                c.name
              )}
            </th>
            <td>{c.organisationName ?? '—'}</td>
            <td>{c.courseTitle}</td>
            <td>{formatDay(c.completedOn, locale)}</td>
            <td>{c.expiresOn ? formatDay(c.expiresOn, locale) : '—'}</td>
          </tr>
        )}
      </DataTable>
    </Page>
  );
}
