import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** An e-mail and phone, as links, when the policy let the server send them. */
export function ContactLine({ email, phone }: { email: string | null; phone: string | null }) {
  const { t } = useTranslation();
  if (!email && !phone) return null;
  return (
    <span className="network-contact">
      {email ? (
        <a href={`mailto:${email}`} aria-label={t('network.contacts.emailTo', { email })}>
          {email}
        </a>
      ) : null}
      {phone ? <a href={`tel:${phone.replace(/[^0-9+]/g, '')}`}>{phone}</a> : null}
    </span>
  );
}

/** Reads a chosen file as base64 (without the data: prefix) for a JSON upload. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = String(reader.result ?? '');
      resolve(result.slice(result.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** A folded panel for one change on a network page (set a target, name a pivot, add a contact). */
export function ActionPanel({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  return (
    <details className="network-actions">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
