import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import type { BoundField, Form } from '../../app/form';
import { i18n } from '../../app/i18n';
import { Field } from '../../ui/field';

interface PasswordFieldsProps {
  password: BoundField;
  confirmation: BoundField;
}

/** A new password and its confirmation, with the rule stated up front. */
export function NewPasswordFields({ password, confirmation }: PasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={t('password.new')}
        hint={t('password.rule')}
        type="password"
        autoComplete="new-password"
        required
        {...password}
      />
      <Field
        label={t('password.confirm')}
        type="password"
        autoComplete="new-password"
        required
        {...confirmation}
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

/** Submits a form that sets a new password, once its confirmation matches; else says it does not. */
export function onNewPassword(
  form: Pick<Form<{ password: string; confirmation: string }>, 'values' | 'setError' | 'onSubmit'>,
  task: () => Promise<void>,
): (event: FormEvent) => void {
  return (event) => {
    event.preventDefault();
    const mismatch = confirmationProblem(form.values.password, form.values.confirmation);
    if (mismatch) form.setError(mismatch);
    else form.onSubmit(task)(event);
  };
}
