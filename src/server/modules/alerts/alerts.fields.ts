import { registerEncryptedField } from '../../platform/crypto/rotate.js';

/**
 * The encrypted columns of the alerts module, registered for key rotation (a column left out would keep
 * naming a retired key, which rotation then deletes). The contexts match alerts.content.ts.
 */
const FIELDS = [
  {
    table: 'alert_profiles',
    idColumn: 'id',
    column: 'content',
    context: (id: string) => `alert_profiles.content:${id}`,
  },
  {
    table: 'alert_profiles',
    idColumn: 'id',
    column: 'archive_note',
    context: (id: string) => `alert_profiles.archive_note:${id}`,
  },
  { table: 'alerts', idColumn: 'id', column: 'content', context: (id: string) => `alerts.content:${id}` },
  {
    table: 'alert_events',
    idColumn: 'id',
    column: 'body',
    context: (id: string) => `alert_events.body:${id}`,
  },
  {
    table: 'alert_return_interviews',
    idColumn: 'alert_id',
    column: 'outcome',
    context: (id: string) => `alert_return_interviews.outcome:${id}`,
  },
  {
    table: 'alert_disclosures',
    idColumn: 'id',
    column: 'justification',
    context: (id: string) => `alert_disclosures.justification:${id}`,
  },
];

for (const field of FIELDS) registerEncryptedField(field);
