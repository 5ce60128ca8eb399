import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../shared/contracts/auth';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../../shared/roles';
import { api, fieldMessage } from '../../app/api';
import { useAction } from '../../app/hooks';
import { isLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field, SelectField } from '../../ui/field';

const fieldId = (field: string) => `profile-${field}`;

/** What a person may change about themselves: phone, job title, language. */
export function ProfileForm({ account, onSaved }: { account: Account; onSaved: (account: Account) => void }) {
  const { t } = useTranslation();
  const { chooseLocale } = useSession();
  const [phone, setPhone] = useState(account.phone ?? '');
  const [jobTitle, setJobTitle] = useState(account.jobTitle ?? '');
  const [locale, setLocale] = useState<Locale>(isLocale(account.locale) ? account.locale : DEFAULT_LOCALE);
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useAction();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.patch('/account', { phone: phone.trim(), jobTitle: jobTitle.trim(), locale });
      if (locale !== account.locale) await chooseLocale(locale);
      onSaved({ ...account, phone: phone.trim(), jobTitle: jobTitle.trim(), locale });
      setSaved(true);
    });
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
      <StatusMessage>{saved ? t('account.profile.saved') : null}</StatusMessage>
      <ErrorSummary error={error} fieldId={fieldId} />
      <Field
        id={fieldId('phone')}
        label={t('people.fields.phoneOptional')}
        type="tel"
        autoComplete="tel"
        value={phone}
        onChange={(event) => setPhone(event.target.value)}
        error={fieldMessage(error, 'phone')}
      />
      <Field
        id={fieldId('jobTitle')}
        label={t('people.fields.jobTitleOptional')}
        autoComplete="organization-title"
        value={jobTitle}
        onChange={(event) => setJobTitle(event.target.value)}
        error={fieldMessage(error, 'jobTitle')}
      />
      <SelectField
        id={fieldId('locale')}
        label={t('account.profile.locale')}
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
        {t('common.save')}
      </Button>
    </form>
  );
}
