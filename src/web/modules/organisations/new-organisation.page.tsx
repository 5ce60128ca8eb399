import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Organisation } from '../../../shared/contracts/accounts';
import { api } from '../../app/api';
import { useAction } from '../../app/hooks';
import { Page } from '../../ui/page';
import { OrganisationForm, organisationBody, valuesOf } from './organisation-form';

export function NewOrganisationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { run, pending, error } = useAction();

  return (
    <Page title={t('organisations.newTitle')}>
      <div className="narrow">
        <OrganisationForm
          idPrefix="organisation-new"
          initial={valuesOf(null)}
          withActive={false}
          submitLabel={t('organisations.create')}
          pending={pending}
          error={error}
          onSubmit={(values) => {
            void run(async () => {
              const created = await api.post<Organisation>('/organisations', organisationBody(values, false));
              navigate(`/organisations/${encodeURIComponent(created.id)}`, { state: { flash: 'created' } });
            });
          }}
        />
      </div>
    </Page>
  );
}
