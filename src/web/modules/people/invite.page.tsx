import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import { ROLES } from '../../../shared/roles';
import { api, fieldMessage } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession, useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { CheckboxGroup, ChoiceField, choices, Field } from '../../ui/field';
import { LocaleField } from '../../ui/locale-field';
import { Page } from '../../ui/page';
import { NameFields } from './parts';

/** Invites a person: they receive an e-mail to choose a password and enrol their second factor. */
export function InvitePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSignedIn();
  const { can } = useSession();
  const organisationList = useApiData<OrganisationList>(
    can('organisations.manage') ? '/organisations' : null,
  );
  const form = useForm(
    {
      email: '',
      givenName: '',
      familyName: '',
      organisationId: session.person.organisation.id,
      roles: ['worker'],
      locale: currentLocale(),
    },
    (field) => (field.startsWith('roles') ? 'invite-roles' : `invite-${field}`),
  );
  const { values, error } = form;

  // Coordination and administration invite anywhere (the same people who manage organisations);
  // an organisation's coordinator only into their own organisation.
  const anywhere = can('organisations.manage');
  const organisations = anywhere
    ? (organisationList.data?.items.filter((organisation) => organisation.active) ?? [])
    : [];
  if (!organisations.some((organisation) => organisation.id === session.person.organisation.id)) {
    organisations.unshift({
      ...session.person.organisation,
      shortName: null,
      type: 'other',
      region: '',
      active: true,
      peopleCount: 0,
    });
  }

  const onSubmit = form.onSubmit(async () => {
    const created = await api.post<{ id: string }>('/people/invitations', {
      ...values,
      email: values.email.trim(),
      givenName: values.givenName.trim(),
      familyName: values.familyName.trim(),
    });
    navigate(`/personnes/${encodeURIComponent(created.id)}`, { state: { flash: 'invited' } });
  });

  return (
    <Page title={t('people.inviteForm.title')} lead={t('people.inviteForm.lead')}>
      <div className="narrow">
        <ErrorSummary error={error} fieldId={form.fieldId} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={form.pending}>
          <Field
            label={t('auth.fields.email')}
            type="email"
            autoComplete="off"
            required
            {...form.field('email')}
          />
          <NameFields field={form.field} />
          <ChoiceField
            label={t('people.fields.organisation')}
            required
            options={organisations.map((organisation) => ({
              value: organisation.id,
              label: organisation.name,
            }))}
            {...form.field('organisationId')}
          />
          <CheckboxGroup
            id="invite-roles"
            legend={t('people.fields.roles')}
            options={choices(ROLES, (role) => t(`roles.${role}`))}
            value={values.roles}
            onChange={(roles) => form.set('roles', roles)}
            error={error?.details.find((detail) => detail.field.startsWith('roles'))?.message}
          />
          <LocaleField
            id="invite-locale"
            label={t('people.inviteForm.locale')}
            value={values.locale}
            onChange={(locale) => form.set('locale', locale)}
            error={fieldMessage(error, 'locale')}
          />
          <Button type="submit" pending={form.pending}>
            {t('people.inviteForm.submit')}
          </Button>
        </form>
      </div>
    </Page>
  );
}
