import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { NewPasswordFields, onNewPassword } from '../auth/password-fields';

const empty = { currentPassword: '', password: '', confirmation: '' };

export function PasswordForm() {
  const { t } = useTranslation();
  const form = useForm(empty, (field) => `account-password-${field}`);
  const [changed, setChanged] = useState(false);
  const submit = onNewPassword(form, async () => {
    const { currentPassword, password } = form.values;
    await api.post('/account/password', { currentPassword, newPassword: password });
    form.setValues(empty);
    setChanged(true);
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setChanged(false);
    submit(event);
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={form.pending}>
      <StatusMessage>{changed ? t('account.password.changed') : null}</StatusMessage>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <Field
        label={t('password.current')}
        type="password"
        autoComplete="current-password"
        required
        {...form.field('currentPassword')}
      />
      <NewPasswordFields
        password={form.field('password', 'newPassword')}
        confirmation={form.field('confirmation')}
      />
      <Button type="submit" pending={form.pending}>
        {t('account.password.submit')}
      </Button>
    </form>
  );
}
