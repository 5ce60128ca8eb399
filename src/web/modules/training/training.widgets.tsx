import type { TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  id: string;
  label: string;
  error?: string | undefined;
}

/** A labelled multi-line input; its error is tied to it with aria-describedby. */
export function TextArea({ id, label, error, ...rest }: TextAreaProps) {
  const { t } = useTranslation();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">{t('common.errorPrefix')} </span>
          {error}
        </p>
      ) : null}
      <textarea
        id={id}
        className="input"
        rows={4}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
    </div>
  );
}
