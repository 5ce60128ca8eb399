import type { Executor } from '../../platform/db/database.js';

/**
 * SQL of the public line's shared state: its receiving police service, the receipt hand-off and the
 * spent form tokens. Every process reads and writes the same rows, so the line behaves as one.
 */

export async function receivingServiceId(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('tip_line_settings')
    .select('receiving_service_id')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.receiving_service_id ?? null;
}

export async function lineSettings(db: Executor) {
  return db
    .selectFrom('tip_line_settings')
    .select(['receiving_service_id', 'updated_at', 'updated_by'])
    .where('id', '=', 1)
    .executeTakeFirst();
}

export async function setReceivingService(db: Executor, serviceId: string, by: string | null, at: Date) {
  await db
    .insertInto('tip_line_settings')
    .values({ id: 1, receiving_service_id: serviceId, updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ receiving_service_id: serviceId, updated_by: by, updated_at: at }),
    )
    .execute();
}

/** Marks a form token's nonce spent; false when it already was (by any process). */
export async function spendFormToken(db: Executor, nonce: string, expiresAt: Date): Promise<boolean> {
  const row = await db
    .insertInto('tip_form_tokens_spent')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReceiptTicket(
  db: Executor,
  ticket: { id: string; receipt: string; expires_at: Date },
): Promise<void> {
  await db.insertInto('tip_receipt_tickets').values(ticket).execute();
}

/** The sealed receipt of a ticket still within its window. */
export async function findReceiptTicket(db: Executor, id: string, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('tip_receipt_tickets')
    .select('receipt')
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.receipt ?? null;
}

export async function deleteReceiptTicket(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('tip_receipt_tickets').where('id', '=', id).execute();
}

/** Deletes receipt tickets past their window and spent tokens past their expiry. */
export async function deleteExpiredHandoffs(
  db: Executor,
  now: Date,
): Promise<{ tickets: number; tokens: number }> {
  const tickets = await db
    .deleteFrom('tip_receipt_tickets')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  const tokens = await db
    .deleteFrom('tip_form_tokens_spent')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return { tickets: Number(tickets.numDeletedRows), tokens: Number(tokens.numDeletedRows) };
}
