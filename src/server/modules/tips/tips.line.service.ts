import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as lineRepo from './tips.line.repository.js';
import { canSeeTipLine, canSetTipLine } from './tips.policy.js';
import { newReceiptTicket, openReceipt, receiptTicketId, sealReceipt } from './tips.secrets.js';

/**
 * The public line as one service whichever process answers: its receiving police service (a setting of
 * the table), the page that shows a receipt after a tip, and the spending of form tokens. Everything
 * here lives in PostgreSQL; nothing is kept in a process between requests.
 */

/** How long the page after a tip shows its receipt (again on a reload), then never. */
export const RECEIPT_SHOWN_MS = 10 * 60_000;

/** Organisation types that may receive the public line. */
export const RECEIVING_TYPES = ['police', 'provincial_police'] as const;

/** Thrown when a tip reaches a line that has no receiving police service: nothing is stored. */
export function lineClosed(): AppError {
  return new AppError('conflict', 409, { details: [{ field: 'line', rule: 'tips_line_closed' }] });
}

/** Thrown when a form token was already spent (by any process): nothing is stored a second time. */
export function formTokenSpent(): AppError {
  return new AppError('conflict', 409, { details: [{ field: 'token', rule: 'tips_form_spent' }] });
}

export function isLineClosed(error: unknown): boolean {
  return error instanceof AppError && error.details?.[0]?.rule === 'tips_line_closed';
}

export function isFormTokenSpent(error: unknown): boolean {
  return error instanceof AppError && error.details?.[0]?.rule === 'tips_form_spent';
}

/** The police service that receives the public line, or null while none is set (the line is closed). */
export function receivingServiceId(platform: Platform): Promise<string | null> {
  return lineRepo.receivingServiceId(platform.db);
}

/** Whether the public form takes tips: a receiving police service is set. */
export async function isLineOpen(platform: Platform): Promise<boolean> {
  return (await receivingServiceId(platform)) !== null;
}

export interface TipLineView {
  receivingService: { id: string; name: string; active: boolean } | null;
  updatedAt: Date | null;
  canEdit: boolean;
  /** Active police organisations the line may be given to (only for those who may set it). */
  candidates: Array<{ id: string; name: string }>;
}

/** The tip line's receiving service as the triage desk and the table coordination see it. Throws forbidden. */
export async function getTipLine(platform: Platform, actor: Actor): Promise<TipLineView> {
  authorize(canSeeTipLine(actor), { hide: false });
  const settings = await lineRepo.lineSettings(platform.db);
  const serviceId = settings?.receiving_service_id ?? null;
  const service = serviceId ? await accounts.getOrganisation(platform, serviceId) : null;
  const canEdit = canSetTipLine(actor);
  const candidates = canEdit
    ? (await Promise.all(RECEIVING_TYPES.map((type) => accounts.listOrganisations(platform, { type }))))
        .flat()
        .filter((o) => o.active)
        .map((o) => ({ id: o.id, name: o.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'fr-CA'))
    : [];
  return {
    receivingService: service ? { id: service.id, name: service.name, active: service.active } : null,
    updatedAt: settings?.updated_at ?? null,
    canEdit,
    candidates,
  };
}

/**
 * Names the police service that receives the public line (table coordination, administration). It must
 * be an active organisation of type police or provincial police. Audited with the previous service.
 * Throws forbidden, validation_failed (`receivingServiceId`).
 */
export async function setReceivingService(
  platform: Platform,
  actor: Actor,
  input: { receivingServiceId: string },
): Promise<void> {
  authorize(canSetTipLine(actor), { hide: false });
  const service = await accounts
    .getOrganisation(platform, input.receivingServiceId)
    .catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    });
  if (!service?.active || !(RECEIVING_TYPES as readonly string[]).includes(service.type)) {
    throw Errors.field('receivingServiceId', 'tips_receiving_service');
  }
  await platform.db.transaction().execute(async (trx) => {
    const previous = await lineRepo.receivingServiceId(trx);
    await lineRepo.setReceivingService(trx, service.id, actor.personId, platform.now());
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.receiving_service.set',
      targetType: 'organisation',
      targetId: service.id,
      meta: { previous },
    });
  });
}

/**
 * Opens the page that shows a receipt for `RECEIPT_SHOWN_MS`: returns the ticket for its address. The
 * row holds the ticket's hash and the receipt sealed by the ticket, so it is readable only through the
 * address, and only within the window.
 */
export async function openReceiptPage(platform: Platform, receipt: string): Promise<string> {
  const ticket = newReceiptTicket();
  await lineRepo.insertReceiptTicket(platform.db, {
    id: receiptTicketId(ticket),
    receipt: sealReceipt(ticketSecret(platform), ticket, receipt),
    expires_at: new Date(platform.now().getTime() + RECEIPT_SHOWN_MS),
  });
  return ticket;
}

/** The receipt behind a ticket while its window lasts; null afterwards or for any other value. */
export async function showReceipt(platform: Platform, ticket: string): Promise<string | null> {
  if (!/^[\w-]{20,64}$/.test(ticket)) return null;
  const sealed = await lineRepo.findReceiptTicket(platform.db, receiptTicketId(ticket), platform.now());
  return sealed ? openReceipt(ticketSecret(platform), ticket, sealed) : null;
}

/** The tipster has noted the receipt: the page stops showing it at once. */
export async function closeReceiptPage(platform: Platform, ticket: string): Promise<void> {
  if (!/^[\w-]{20,64}$/.test(ticket)) return;
  await lineRepo.deleteReceiptTicket(platform.db, receiptTicketId(ticket));
}

/**
 * Spends a form token that carried nothing to store (the honeypot): a replay is refused exactly as for
 * a real tip. Throws conflict (`tips_form_spent`).
 */
export async function spendFormToken(platform: Platform, token: { nonce: string; until: Date }) {
  if (!(await lineRepo.spendFormToken(platform.db, token.nonce, token.until))) throw formTokenSpent();
}

/** Deletes receipt pages past their window and spent tokens past their expiry (a job, every few minutes). */
export async function destroyExpiredHandoffs(platform: Platform) {
  return lineRepo.deleteExpiredHandoffs(platform.db, platform.now());
}

function ticketSecret(platform: Platform): Buffer {
  return platform.keyring.derive('tip-receipt-ticket');
}
