import { registerEncryptedField } from '../../platform/crypto/rotate.js';

/**
 * The encrypted columns of the tip line, registered for key rotation: a column left out would keep
 * naming a retired key, which rotation then deletes, and its tips could no longer be read. Imported
 * by the module and by the command line (`filet keys rotate`). The contexts match those the services
 * seal with (intake, triage, follow-up).
 */
const FIELDS = [
  { table: 'tips', idColumn: 'id', column: 'content', context: (id: string) => `tips.content:${id}` },
  {
    table: 'tips',
    idColumn: 'id',
    column: 'disposition_note',
    context: (id: string) => `tips.disposition_note:${id}`,
  },
  {
    table: 'tip_identities',
    idColumn: 'tip_id',
    column: 'contact',
    context: (id: string) => `tips.identity:${id}`,
  },
  { table: 'tip_messages', idColumn: 'id', column: 'body', context: (id: string) => `tips.message:${id}` },
  { table: 'tip_notes', idColumn: 'id', column: 'body', context: (id: string) => `tips.note:${id}` },
];

for (const field of FIELDS) registerEncryptedField(field);
