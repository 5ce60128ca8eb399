import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldMessage } from '../../app/api';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { confirmationProblem, NewPasswordFields } from '../auth/password-fields';

const fieldId = (field: string) => `account-password-${field}`;

export function PasswordForm() {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [changed, setChanged] = useState(false);
  const { run, pending, error, setError } = useAction();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setChanged(false);
    const mismatch = confirmationProblem(newPassword, confirmation);
    if (mismatch) {
      setError(mismatch);
      return;
    }
    void run(async () => {
      await api.post('/account/password', { currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      setChanged(true);
    });
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
      <StatusMessage>{changed ? t('account.password.changed') : null}</StatusMessage>
      <ErrorSummary error={error} fieldId={fieldId} />
      <Field
        id={fieldId('currentPassword')}
        label={t('password.current')}
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(event) => setCurrentPassword(event.target.value)}
        error={fieldMessage(error, 'currentPassword')}
      />
      <NewPasswordFields
        idPrefix="account-password"
        field="newPassword"
        password={newPassword}
        confirmation={confirmation}
        onPassword={setNewPassword}
        onConfirmation={setConfirmation}
        error={error}
      />
      <Button type="submit" pending={pending}>
        {t('account.password.submit')}
      </Button>
    </form>
  );
}
