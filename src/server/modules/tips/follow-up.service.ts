import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { loadReadable, subject } from './desk.service.js';
import * as followUpRepo from './follow-up.repository.js';
import { receiptSecret, TIPSTER_ACCESS_DAYS } from './intake.service.js';
import { unseal } from './tips.content.js';
import { canAskTipster } from './tips.policy.js';
import * as repo from './tips.repository.js';
import { hashReceipt, normaliseReceipt, roundToHour } from './tips.secrets.js';

/**
 * The conversation with the tipster: the police ask a question; the tipster, with nothing but their
 * receipt, opens a short follow-up session, reads the questions and answers them.
 */

const DAY_MS = 86_400_000;
/** How long a follow-up page stays usable after the receipt was entered. */
export const FOLLOW_UP_SESSION_MS = 20 * 60_000;

/** A question to the tipster, who reads it with their receipt. */
export async function askTipster(platform: Platform, actor: Actor, id: string, body: string): Promise<void> {
  const { tip, units } = await loadReadable(platform, actor, id);
  authorize(canAskTipster(actor, subject(tip), units), { hide: false });
  const messageId = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await followUpRepo.insertMessage(trx, {
      id: messageId,
      tip_id: id,
      author: 'police',
      author_person_id: actor.personId,
      body: platform.keyring.encrypt(body.trim(), `tips.message:${messageId}`),
      created_at: roundToHour(platform.now()),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.question.ask',
      targetType: 'tip',
      targetId: id,
    });
  });
}

/** A follow-up session: a sealed, short-lived token naming the tip, carried by the follow-up form. */
function sealSession(platform: Platform, tipId: string): string {
  const until = platform.now().getTime() + FOLLOW_UP_SESSION_MS;
  return platform.keyring.encrypt(`${tipId}|${until}`, 'tips.follow-up-session');
}

function openSession(platform: Platform, token: string): string | null {
  try {
    const [tipId, until] = platform.keyring.decrypt(token, 'tips.follow-up-session').split('|');
    if (!tipId || !until || Number(until) < platform.now().getTime()) return null;
    return tipId;
  } catch {
    return null;
  }
}

export interface FollowUpView {
  session: string;
  /** The police questions; the tipster never sees their original tip again. */
  questions: Array<{ body: string; askedAt: Date }>;
}

async function followUpView(platform: Platform, tipId: string): Promise<FollowUpView> {
  const questions = await followUpRepo.listMessages(platform.db, tipId, 'police');
  return {
    session: sealSession(platform, tipId),
    questions: questions.map((q) => ({
      body: unseal(platform, q.body, `tips.message:${q.id}`),
      askedAt: q.created_at,
    })),
  };
}

/**
 * Opens the follow-up with a receipt. A receipt that is malformed, unknown or expired for lack of use
 * gets the same answer (field `receipt`, rule `tips_receipt_unknown`). Each use extends access.
 */
export async function openFollowUp(platform: Platform, receiptInput: string): Promise<FollowUpView> {
  const receipt = normaliseReceipt(receiptInput);
  // The hash is computed even for a malformed receipt, so the answer takes as long either way.
  const hash = await hashReceipt(receiptSecret(platform), receipt ?? '0000000000000000');
  const found = receipt ? await followUpRepo.findTipIdByReceiptHash(platform.db, hash) : undefined;
  const now = platform.now();
  if (!found || found.tipster_access_until.getTime() < now.getTime()) {
    throw Errors.field('receipt', 'tips_receipt_unknown');
  }
  await platform.db.transaction().execute(async (trx) => {
    await followUpRepo.touchTipsterAccess(
      trx,
      found.id,
      new Date(now.getTime() + TIPSTER_ACCESS_DAYS * DAY_MS),
    );
    await platform.audit.append(trx, {
      actor: null,
      action: 'tips.follow_up.open',
      targetType: 'tip',
      targetId: null,
    });
  });
  return followUpView(platform, found.id);
}

/** The tipster's answer or new information, within a follow-up session. */
export async function addTipsterMessage(
  platform: Platform,
  session: string,
  body: string,
): Promise<FollowUpView> {
  const tipId = openSession(platform, session);
  if (!tipId) throw Errors.field('receipt', 'tips_session_expired');
  const text = body.trim();
  if (!text) throw Errors.field('message', 'required');
  const tip = await repo.findTip(platform.db, tipId);
  if (!tip) throw Errors.field('receipt', 'tips_session_expired');
  const messageId = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await followUpRepo.insertMessage(trx, {
      id: messageId,
      tip_id: tipId,
      author: 'tipster',
      author_person_id: null,
      body: platform.keyring.encrypt(text, `tips.message:${messageId}`),
      created_at: roundToHour(platform.now()),
    });
    await platform.audit.append(trx, {
      actor: null,
      action: 'tips.tipster_message.add',
      targetType: 'tip',
      targetId: null,
    });
  });
  return followUpView(platform, tipId);
}

/** The follow-up view of a still-valid session (after a problem in the tipster's message). */
export async function refreshFollowUp(platform: Platform, session: string): Promise<FollowUpView> {
  const tipId = openSession(platform, session);
  const tip = tipId ? await repo.findTip(platform.db, tipId) : undefined;
  if (!tipId || !tip) throw Errors.field('receipt', 'tips_session_expired');
  return followUpView(platform, tipId);
}
