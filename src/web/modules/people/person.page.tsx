import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { PersonDetail } from '../../../shared/contracts/accounts';
import { fullName, labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
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
          <div>
            <dt>{t('people.fields.organisation')}</dt>
            <dd>
              <Link to={`/organisations/${encodeURIComponent(data.organisation.id)}`}>
                {data.organisation.name}
              </Link>
            </dd>
          </div>
          <div>
            <dt>{t('people.fields.jobTitle')}</dt>
            <dd>{data.jobTitle || '—'}</dd>
          </div>
          <div>
            <dt>{t('people.fields.status')}</dt>
            <dd>{labelOf(t, 'statuses', data.status)}</dd>
          </div>
          <div>
            <dt>{t('people.fields.roles')}</dt>
            <dd>{data.roles.map((role) => labelOf(t, 'roles', role)).join(', ') || '—'}</dd>
          </div>
          {data.pendingRoles.length > 0 ? (
            <div>
              <dt>{t('access.person.pending')}</dt>
              <dd>
                <PendingRoles person={data} onDone={() => changed('rolesSaved')} />
              </dd>
            </div>
          ) : null}
          {data.email !== undefined ? (
            <div>
              <dt>{t('auth.fields.email')}</dt>
              <dd>
                <a href={`mailto:${data.email}`}>{data.email}</a>
              </dd>
            </div>
          ) : null}
          {data.phone !== undefined ? (
            <div>
              <dt>{t('people.fields.phone')}</dt>
              <dd>{data.phone ? <a href={`tel:${data.phone}`}>{data.phone}</a> : '—'}</dd>
            </div>
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
