import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../app/api';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { Table } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { type Completion, formatDay } from './training.types';

/** Training records: the table sees all, an organisation's coordinators their people, trainers their sessions. */
export function RecordsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const records = useApiData<{ items: Completion[] }>(withQuery('/training/records', { q }));
  if (!records.data) return records.error ? <LoadErrorPage error={records.error} /> : <LoadingPage />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };
  return (
    <Page title={t('training.records.title')} lead={t('training.records.lead')}>
      <form className="narrow" onSubmit={submit}>
        <Field
          id="training-records-q"
          label={t('training.records.search')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit">{t('training.records.submit')}</Button>
      </form>
      {records.data.items.length === 0 ? (
        <p>{t('training.records.none')}</p>
      ) : (
        <Table caption={t('training.records.caption', { count: records.data.items.length })}>
          <thead>
            <tr>
              <th scope="col">{t('training.fields.participant')}</th>
              <th scope="col">{t('training.fields.organisation')}</th>
              <th scope="col">{t('training.fields.course')}</th>
              <th scope="col">{t('training.fields.completedOn')}</th>
              <th scope="col">{t('training.fields.expiresOn')}</th>
            </tr>
          </thead>
          <tbody>
            {records.data.items.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td>{c.organisationName ?? '—'}</td>
                <td>{c.courseTitle}</td>
                <td>{formatDay(c.completedOn, locale)}</td>
                <td>{c.expiresOn ? formatDay(c.expiresOn, locale) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Page>
  );
}
