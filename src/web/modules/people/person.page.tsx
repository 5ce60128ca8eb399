import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { PersonDetail } from '../../../shared/contracts/accounts';
import { fullName, labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { Detail } from '../../ui/details';
import { StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { PendingRoles } from './pending-roles';
import { hasPersonActions, type PersonActionDone, PersonActions } from './person-actions';
import { PersonEditForm } from './person-edit-form';
import { RolesEditor } from './roles-editor';

type Done = PersonActionDone | 'saved' | 'rolesSaved' | 'invited';

/** One person: details, then what the viewer may change — profile, roles, account actions. */
export function PersonPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const person = useApiData<PersonDetail>(`/people/${encodeURIComponent(id)}`);
  const invited = (location.state as { flash?: unknown } | null)?.flash === 'invited';
  const [done, setDone] = useState<Done | null>(invited ? 'invited' : null);
  // Remounts the forms with fresh values after each change.
  const [version, setVersion] = useState(0);

  if (person.loading && !person.data) return <LoadingPage />;
  if (!person.data) return person.error ? <LoadErrorPage error={person.error} /> : <LoadingPage />;
  const data = person.data;

  const changed = (what: Done) => {
    setDone(what);
    setVersion((value) => value + 1);
    person.reload();
  };

  return (
    <Page title={fullName(data)}>
      <p>
        <Link to="/personnes">{t('people.back')}</Link>
      </p>
      <StatusMessage>{done ? t(`people.done.${done}`) : null}</StatusMessage>
      <section className="section">
        <h2>{t('people.details')}</h2>
        <dl className="details">
          <Detail term={t('people.fields.organisation')}>
            <Link to={`/organisations/${encodeURIComponent(data.organisation.id)}`}>
              {data.organisation.name}
            </Link>
          </Detail>
          <Detail term={t('people.fields.jobTitle')}>{data.jobTitle || '—'}</Detail>
          <Detail term={t('people.fields.status')}>{labelOf(t, 'statuses', data.status)}</Detail>
          <Detail term={t('people.fields.roles')}>
            {data.roles.map((role) => labelOf(t, 'roles', role)).join(', ') || '—'}
          </Detail>
          {data.pendingRoles.length > 0 ? (
            <Detail term={t('access.person.pending')}>
              <PendingRoles person={data} onDone={() => changed('rolesSaved')} />
            </Detail>
          ) : null}
          {data.email !== undefined ? (
            <Detail term={t('auth.fields.email')}>
              <a href={`mailto:${data.email}`}>{data.email}</a>
            </Detail>
          ) : null}
          {data.phone !== undefined ? (
            <Detail term={t('people.fields.phone')}>
              {data.phone ? <a href={`tel:${data.phone}`}>{data.phone}</a> : '—'}
            </Detail>
          ) : null}
        </dl>
      </section>
      {data.permissions.update ? (
        <section className="section">
          <h2>{t('people.edit')}</h2>
          <div className="narrow">
            <PersonEditForm key={`edit-${version}`} person={data} onSaved={() => changed('saved')} />
          </div>
        </section>
      ) : null}
      {data.permissions.assignRoles && data.grantableRoles.length > 0 ? (
        <section className="section">
          <h2>{t('people.roles.title')}</h2>
          <RolesEditor key={`roles-${version}`} person={data} onSaved={() => changed('rolesSaved')} />
        </section>
      ) : null}
      {hasPersonActions(data) ? (
        <section className="section">
          <h2>{t('people.actions.title')}</h2>
          <PersonActions person={data} onDone={changed} />
        </section>
      ) : null}
    </Page>
  );
}
