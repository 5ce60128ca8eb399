import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../app/api';

interface ErrorSummaryProps {
  error: ApiError | undefined;
  /**
   * The id of the input for an API field name, by a rule or a map; fields without one are listed
   * without a link.
   */
  fieldId?: ((field: string) => string | undefined) | Record<string, string>;
}

/**
 * The server's message and its field problems, announced (role="alert") and focused so keyboard
 * and screen reader users land on it; each problem links to its field.
 */
export function ErrorSummary({ error, fieldId }: ErrorSummaryProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);

  return (
    <div ref={ref} className={error ? 'error-summary' : 'error-summary-empty'} role="alert" tabIndex={-1}>
      {error ? (
        <>
          <p className="error-summary-title">{t('common.errorTitle')}</p>
          <p>{error.message}</p>
          {error.details.length > 0 ? (
            <ul>
              {error.details.map((detail) => {
                const target =
                  typeof fieldId === 'function' ? fieldId(detail.field) : fieldId?.[detail.field];
                return (
                  <li key={`${detail.field}-${detail.rule}-${detail.message}`}>
                    {target ? <a href={`#${target}`}>{detail.message}</a> : detail.message}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** A short confirmation of what just happened, read politely by screen readers. */
export function StatusMessage({ children }: { children: string | null | undefined }) {
  return (
    <div className={children ? 'status-message' : 'status-message-empty'} role="status">
      {children ? <p>{children}</p> : null}
    </div>
  );
}
