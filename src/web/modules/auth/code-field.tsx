import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, fieldMessage } from '../../app/api';
import { Field } from '../../ui/field';

/** The six digits of an authenticator app, typed on a numeric keypad and offered by the phone's autofill. */
export function CodeField(props: Omit<ComponentProps<typeof Field>, 'label'>) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('auth.fields.code')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      required
      className="input-code"
      {...props}
    />
  );
}

/** What to say under the code field: its own problem, or a refused code. */
export function codeProblem(error: ApiError | undefined): string | undefined {
  return fieldMessage(error, 'code') ?? (error?.code === 'invalid_code' ? error.message : undefined);
}
