import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../shared/contracts/auth';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/roles';
import { api, fieldMessage } from '../../app/api';
import { useForm } from '../../app/form';
import { isLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { LocaleField } from '../../ui/locale-field';

/** What a person may change about themselves: phone, job title, language. */
export function ProfileForm({ account, onSaved }: { account: Account; onSaved: (account: Account) => void }) {
  const { t } = useTranslation();
  const { chooseLocale } = useSession();
  const form = useForm(
    {
      phone: account.phone ?? '',
      jobTitle: account.jobTitle ?? '',
      locale: (isLocale(account.locale) ? account.locale : DEFAULT_LOCALE) as Locale,
    },
    (field) => `profile-${field}`,
  );
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setSaved(false);
    form.onSubmit(async () => {
      const changes = {
        phone: form.values.phone.trim(),
        jobTitle: form.values.jobTitle.trim(),
        locale: form.values.locale,
      };
      await api.patch('/account', changes);
      if (changes.locale !== account.locale) await chooseLocale(changes.locale);
      onSaved({ ...account, ...changes });
      setSaved(true);
    })(event);
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={form.pending}>
      <StatusMessage>{saved ? t('account.profile.saved') : null}</StatusMessage>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <Field
        label={t('people.fields.phoneOptional')}
        type="tel"
        autoComplete="tel"
        {...form.field('phone')}
      />
      <Field
        label={t('people.fields.jobTitleOptional')}
        autoComplete="organization-title"
        {...form.field('jobTitle')}
      />
      <LocaleField
        id="profile-locale"
        label={t('account.profile.locale')}
        value={form.values.locale}
        onChange={(locale) => form.set('locale', locale)}
        error={fieldMessage(form.error, 'locale')}
      />
      <Button type="submit" pending={form.pending}>
        {t('common.save')}
      </Button>
    </form>
  );
}
