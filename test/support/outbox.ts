import type { TestApp } from './app.js';

/** An e-mail as queued in the outbox: its template, subject and decrypted body. */
export interface QueuedMail {
  kind: string;
  subject: string;
  text: string;
}

/** The e-mails queued to an address (of one template if given), oldest first, bodies decrypted. */
export async function mailsTo(app: TestApp, to: string, kind?: string): Promise<QueuedMail[]> {
  let query = app.platform.db
    .selectFrom('email_outbox')
    .select(['id', 'kind', 'subject', 'body'])
    .where('to_address', '=', to);
  if (kind) query = query.where('kind', '=', kind);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    kind: r.kind,
    subject: r.subject,
    text: r.body === null ? '' : app.platform.keyring.decrypt(r.body, `email_outbox.body:${r.id}`),
  }));
}
