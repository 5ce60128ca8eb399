import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import { LOCALES, type Locale, ROLES } from '../../../shared/roles';
import { api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale, isLocale } from '../../app/i18n';
import { useSession, useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { CheckboxGroup, ChoiceField, Field, SelectField } from '../../ui/field';
import { Page } from '../../ui/page';

const fieldId = (field: string) => (field.startsWith('roles') ? 'invite-roles' : `invite-${field}`);

/** Invites a person: they receive an e-mail to choose a password and enrol their second factor. */
export function InvitePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSignedIn();
  const { can } = useSession();
  const organisations = useApiData<OrganisationList>(can('organisations.manage') ? '/organisations' : null);
  const [email, setEmail] = useState('');
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [organisationId, setOrganisationId] = useState(session.person.organisation.id);
  const [roles, setRoles] = useState<string[]>(['worker']);
  const [locale, setLocale] = useState<Locale>(currentLocale());
  const { run, pending, error } = useAction();

  // Coordination and administration invite anywhere (the same people who manage organisations);
  // an organisation's coordinator only into their own organisation.
  const anywhere = can('organisations.manage');
  const choices = anywhere
    ? (organisations.data?.items.filter((organisation) => organisation.active) ?? [])
    : [];
  if (!choices.some((organisation) => organisation.id === session.person.organisation.id)) {
    choices.unshift({
      ...session.person.organisation,
      shortName: null,
      type: 'other',
      region: '',
      active: true,
      peopleCount: 0,
    });
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const created = await api.post<{ id: string }>('/people/invitations', {
        email: email.trim(),
        givenName: givenName.trim(),
        familyName: familyName.trim(),
        organisationId,
        roles,
        locale,
      });
      navigate(`/personnes/${encodeURIComponent(created.id)}`, { state: { flash: 'invited' } });
    });
  };

  return (
    <Page title={t('people.inviteForm.title')} lead={t('people.inviteForm.lead')}>
      <div className="narrow">
        <ErrorSummary error={error} fieldId={fieldId} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
          <Field
            id="invite-email"
            label={t('auth.fields.email')}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldMessage(error, 'email')}
          />
          <Field
            id="invite-givenName"
            label={t('people.fields.givenName')}
            autoComplete="off"
            required
            value={givenName}
            onChange={(event) => setGivenName(event.target.value)}
            error={fieldMessage(error, 'givenName')}
          />
          <Field
            id="invite-familyName"
            label={t('people.fields.familyName')}
            autoComplete="off"
            required
            value={familyName}
            onChange={(event) => setFamilyName(event.target.value)}
            error={fieldMessage(error, 'familyName')}
          />
          <ChoiceField
            id="invite-organisationId"
            label={t('people.fields.organisation')}
            required
            value={organisationId}
            onChange={(event) => setOrganisationId(event.target.value)}
            error={fieldMessage(error, 'organisationId')}
            options={choices.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
          />
          <CheckboxGroup
            id="invite-roles"
            legend={t('people.fields.roles')}
            options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            value={roles}
            onChange={setRoles}
            error={error?.details.find((detail) => detail.field.startsWith('roles'))?.message}
          />
          <SelectField
            id="invite-locale"
            label={t('people.inviteForm.locale')}
            value={locale}
            onChange={(event) => {
              if (isLocale(event.target.value)) setLocale(event.target.value);
            }}
            error={fieldMessage(error, 'locale')}
          >
            {LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`locales.${code}`)}
              </option>
            ))}
          </SelectField>
          <Button type="submit" pending={pending}>
            {t('people.inviteForm.submit')}
          </Button>
        </form>
      </div>
    </Page>
  );
}
