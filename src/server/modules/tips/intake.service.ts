import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { AcceptedType } from '../../platform/files/file-store.js';
import type { Platform } from '../../platform/platform.js';
import * as retentionRepo from './retention.repository.js';
import { RETENTION_DAYS } from './retention.service.js';
import type { TipContent } from './tips.content.js';
import * as lineRepo from './tips.line.repository.js';
import * as line from './tips.line.service.js';
import { canTriageTip } from './tips.policy.js';
import { ANSWER_MAX, isQuestionOf } from './tips.questions.js';
import * as repo from './tips.repository.js';
import { hashReceipt, newReceipt, roundToHour } from './tips.secrets.js';
import type { Channel } from './tips.table.js';

/**
 * Tips coming in: from the public form (for the police service named to receive the line) or taken
 * by phone at the service. The account is checked, attachments are cleaned, and the tip is stored
 * sealed with its receipt's hash, its identity vault and its expiry date, in one transaction.
 */

/** A tipster's receipt stops working after this many days without use, whatever the retention. */
export const TIPSTER_ACCESS_DAYS = 90;

const DAY_MS = 86_400_000;

export interface TipInput extends TipContent {
  channel: Channel;
  /** Optional contact details, kept in the separate identity vault. */
  contact?: string | undefined;
  /** Documents and pictures (never for the online channels). */
  attachments?: Buffer[] | undefined;
}

/** Attachments: at most this many, each at most this size, of these types (by content). */
export const ATTACHMENT_LIMITS = {
  count: 3,
  maxBytes: 5 * 1024 * 1024,
  accept: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as readonly AcceptedType[],
};
const EXTENSIONS: Record<AcceptedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/**
 * Checks each attachment's type by its content and removes its metadata (platform file cleaning);
 * field problems (`attachments.N`) otherwise, before anything is stored.
 */
async function prepareAttachments(
  platform: Platform,
  files: Buffer[],
): Promise<Array<{ content: Buffer; type: AcceptedType }>> {
  if (files.length > ATTACHMENT_LIMITS.count) {
    throw Errors.field('attachments', 'too_many', { max: ATTACHMENT_LIMITS.count });
  }
  const prepared: Array<{ content: Buffer; type: AcceptedType }> = [];
  // One at a time: each re-encoding already keeps a core busy.
  for (const [index, file] of files.entries()) {
    prepared.push(
      await platform.files.prepare(file, {
        accept: ATTACHMENT_LIMITS.accept,
        maxBytes: ATTACHMENT_LIMITS.maxBytes,
        field: `attachments.${index}`,
      }),
    );
  }
  return prepared;
}

/** The key of the receipts' hash (derived from the master key: the database alone cannot test receipts). */
export function receiptSecret(platform: Platform): Buffer {
  return platform.keyring.derive('tip-receipt');
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function clean(content: TipContent): TipContent {
  const out: TipContent = { facts: content.facts.trim() };
  for (const key of ['who', 'where', 'when', 'how', 'online'] as const) {
    const value = content[key]?.trim();
    if (value) out[key] = value;
  }
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(content.answers ?? {})) {
    const trimmed = value.trim();
    if (trimmed) answers[key] = trimmed;
  }
  if (Object.keys(answers).length > 0) out.answers = answers;
  return out;
}

/** Checks the account; throws field problems (nothing stored). */
export function validateTipInput(input: TipInput): void {
  const problems: FieldProblem[] = [];
  if (!input.facts || input.facts.trim() === '') problems.push({ field: 'facts', rule: 'required' });
  if (input.channel !== 'online' && input.online?.trim()) {
    problems.push({ field: 'online', rule: 'tips_online_only' });
  }
  if (input.channel === 'online' && (input.attachments?.length ?? 0) > 0) {
    problems.push({ field: 'attachments', rule: 'tips_no_files_online' });
  }
  for (const [key, value] of Object.entries(input.answers ?? {})) {
    if (!isQuestionOf(input.channel, key)) {
      problems.push({ field: `answers.${key}`, rule: 'tips_question_other_channel' });
    } else if (value.length > ANSWER_MAX) {
      problems.push({ field: `answers.${key}`, rule: 'too_long', params: { max: ANSWER_MAX } });
    }
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

async function storeTip(
  platform: Platform,
  input: TipInput,
  options: {
    serviceId: string;
    source: 'web' | 'phone';
    actor: Actor | null;
    /** The public form's token, spent in the same transaction as the tip (a failed write leaves it usable). */
    formToken?: { nonce: string; until: Date } | undefined;
  },
): Promise<{ id: string; receipt: string }> {
  validateTipInput(input);
  const attachments = await prepareAttachments(platform, input.attachments ?? []);
  const id = randomUUID();
  const receipt = newReceipt();
  const receiptHash = await hashReceipt(receiptSecret(platform), receipt);
  const now = platform.now();
  const receivedAt = roundToHour(now);
  const content = platform.keyring.encrypt(JSON.stringify(clean(input)), `tips.content:${id}`);
  const contact = input.contact?.trim();
  await platform.db.transaction().execute(async (trx) => {
    if (
      options.formToken &&
      !(await lineRepo.spendFormToken(trx, options.formToken.nonce, options.formToken.until))
    ) {
      throw line.formTokenSpent();
    }
    const days =
      (await retentionRepo.retentionPeriod(trx, options.serviceId, input.channel)) ??
      RETENTION_DAYS[input.channel];
    await repo.insertTip(trx, {
      id,
      service_id: options.serviceId,
      channel: input.channel,
      source: options.source,
      receipt_hash: receiptHash,
      content,
      received_at: receivedAt,
      tipster_access_until: new Date(now.getTime() + TIPSTER_ACCESS_DAYS * DAY_MS),
      expires_at: isoDate(new Date(receivedAt.getTime() + days * DAY_MS)),
      has_identity: Boolean(contact),
      entered_by: options.actor?.personId ?? null,
    });
    if (contact) {
      await repo.insertIdentity(trx, id, platform.keyring.encrypt(contact, `tips.identity:${id}`));
    }
    for (const [index, attachment] of attachments.entries()) {
      // A neutral name: the original file name may name someone.
      const stored = await platform.files.save(trx, {
        filename: `piece-${index + 1}.${EXTENSIONS[attachment.type]}`,
        content: attachment.content,
        accept: ATTACHMENT_LIMITS.accept,
        maxBytes: ATTACHMENT_LIMITS.maxBytes,
        restricted: true,
        createdBy: null,
        createdAt: receivedAt,
        field: `attachments.${index}`,
      });
      await repo.insertAttachment(trx, id, stored.id);
    }
    // A public submission is audited without its id: the exact time of the audit entry must not
    // point at one tip (tips keep only an hour-rounded time).
    await platform.audit.append(trx, {
      actor: options.actor?.personId ?? null,
      action: 'tips.tip.receive',
      targetType: 'tip',
      targetId: options.source === 'phone' ? id : null,
      meta: { source: options.source, attachments: attachments.length },
    });
  });
  return { id, receipt };
}

/**
 * A tip from the public form, for the police service the table named to receive the line. The form's
 * token, when given, is spent in the transaction that stores the tip: the tip and the spending commit
 * together or not at all, whichever process the tipster reached. Returns the receipt, which is never
 * stored. Throws validation_failed, conflict (`tips_line_closed`: no receiving service, nothing stored;
 * `tips_form_spent`: the token was already used).
 */
export async function submitPublicTip(
  platform: Platform,
  input: TipInput,
  options: { formToken?: { nonce: string; until: Date } } = {},
): Promise<{ receipt: string }> {
  validateTipInput(input);
  const serviceId = await line.receivingServiceId(platform);
  if (!serviceId) throw line.lineClosed();
  const { receipt } = await storeTip(platform, input, {
    serviceId,
    source: 'web',
    actor: null,
    formToken: options.formToken,
  });
  return { receipt };
}

/** A tip taken by phone by a call-taker of the service: same queue, a receipt to read to the caller. */
export async function enterPhoneTip(
  platform: Platform,
  actor: Actor,
  input: TipInput,
): Promise<{ id: string; receipt: string }> {
  authorize(canTriageTip(actor, { serviceId: actor.organisationId }), { hide: false });
  return storeTip(platform, input, { serviceId: actor.organisationId, source: 'phone', actor });
}
