import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

interface ConfirmButtonProps {
  label: string;
  title: string;
  message: string;
  confirmLabel: string;
  pending?: boolean;
  /** `danger` by default; an action that ends something without destroying it may be `primary`. */
  variant?: 'danger' | 'primary';
  onConfirm: () => void;
}

/** A destructive action behind a modal confirmation (native <dialog>: focus is trapped, Escape cancels). */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  pending,
  variant = 'danger',
  onConfirm,
}: ConfirmButtonProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const messageId = useId();

  const close = () => {
    dialog.current?.close();
    trigger.current?.focus();
  };

  return (
    <>
      <Button ref={trigger} variant={variant} pending={pending} onClick={() => dialog.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby={titleId}
        aria-describedby={messageId}
        onClose={() => trigger.current?.focus()}
      >
        <p id={titleId} className="dialog-title">
          {title}
        </p>
        <p id={messageId}>{message}</p>
        <div className="button-row">
          <Button
            variant={variant}
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
          <Button variant="secondary" onClick={close}>
            {t('common.cancel')}
          </Button>
        </div>
      </dialog>
    </>
  );
}
