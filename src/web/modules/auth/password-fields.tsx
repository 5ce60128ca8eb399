import { useTranslation } from 'react-i18next';
import { ApiError, fieldMessage } from '../../app/api';
import { i18n } from '../../app/i18n';
import { Field } from '../../ui/field';

interface PasswordFieldsProps {
  idPrefix: string;
  /** The API field name of the new password (`password` or `newPassword`). */
  field: string;
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  error: ApiError | undefined;
}

/** A new password and its confirmation, with the rule stated up front. */
export function NewPasswordFields(props: PasswordFieldsProps) {
  const { t } = useTranslation();
  const { idPrefix, field, password, confirmation, onPassword, onConfirmation, error } = props;
  return (
    <>
      <Field
        id={`${idPrefix}-${field}`}
        label={t('password.new')}
        hint={t('password.rule')}
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(event) => onPassword(event.target.value)}
        error={fieldMessage(error, field)}
      />
      <Field
        id={`${idPrefix}-confirmation`}
        label={t('password.confirm')}
        type="password"
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={(event) => onConfirmation(event.target.value)}
        error={fieldMessage(error, 'confirmation')}
      />
    </>
  );
}

/** Checked here, not by the server: the server sees one password. */
export function confirmationProblem(password: string, confirmation: string): ApiError | null {
  if (password === confirmation) return null;
  const message = i18n.t('password.mismatch');
  return new ApiError(0, 'validation_failed', i18n.t('errors.checkFields'), [
    { field: 'confirmation', rule: 'mismatch', message },
  ]);
}
