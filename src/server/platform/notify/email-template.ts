/**
 * An e-mail's subject and body from the server catalogue (`email.<template>.subject` and `.body`),
 * rendered when the message is queued so the outbox holds exactly what will be sent.
 */
import type { Locale } from '../../../shared/roles.js';
import { hasKey, t } from '../i18n/i18n.js';

/** The subject (always one line) and body of a template in a locale; throws on an unknown template. */
export function renderEmailTemplate(
  locale: Locale,
  template: string,
  params: Record<string, string | number>,
): { subject: string; body: string } {
  const subjectKey = `email.${template}.subject`;
  const bodyKey = `email.${template}.body`;
  if (
    !(hasKey(locale, subjectKey) || hasKey('fr-CA', subjectKey)) ||
    !(hasKey(locale, bodyKey) || hasKey('fr-CA', bodyKey))
  ) {
    throw new Error(`unknown e-mail template ${template}`);
  }
  // A header cannot span lines: whatever a parameter holds, the subject stays on one.
  const subject = t(locale, subjectKey, params).replace(/\s+/g, ' ').trim();
  return { subject, body: t(locale, bodyKey, params) };
}
