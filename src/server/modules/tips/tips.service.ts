import { randomUUID } from 'node:crypto';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { KeyringError } from '../../platform/crypto/keyring.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import type { AcceptedType } from '../../platform/files/file-store.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/accounts.service.js';
import * as lineRepo from './tips.line.repository.js';
import * as line from './tips.line.service.js';
import { renderTipPdf } from './tips.pdf.js';
import {
  canAskTipster,
  canManageRetention,
  canManageUnits,
  canReadIdentity,
  canReadTip,
  canTriageTip,
  canWriteNote,
  type TipSubject,
} from './tips.policy.js';
import { ANSWER_MAX, isQuestionOf } from './tips.questions.js';
import * as repo from './tips.repository.js';
import { hashReceipt, newReceipt, normaliseReceipt, roundToHour } from './tips.secrets.js';
import { CHANNELS, type Channel, type Disposition, type Priority, type TipStatus } from './tips.table.js';

/**
 * How long each channel's tips are kept, in days, from their receipt, until the police service sets
 * its own period (table tip_retention_periods).
 */
export const RETENTION_DAYS: Record<Channel, number> = {
  solicitation: 730,
  place: 730,
  online: 730,
  pimp_network: 1095,
  youth_at_risk: 730,
  other: 365,
};

/** A tipster's receipt stops working after this many days without use, whatever the retention. */
export const TIPSTER_ACCESS_DAYS = 90;
/** A tip not actioned yet (new, triaged or assigned) after this many days is flagged in the queue. */
export const ACTION_DELAY_DAYS = 7;
/** How long a follow-up page stays usable after the receipt was entered. */
export const FOLLOW_UP_SESSION_MS = 20 * 60_000;

const DAY_MS = 86_400_000;
const NOT_ACTIONED: readonly TipStatus[] = ['new', 'triaged', 'assigned'];

/** The account of a tip: the facts (required) and the what/who/where/when/how answers. */
export interface TipContent {
  facts: string;
  who?: string | undefined;
  where?: string | undefined;
  when?: string | undefined;
  how?: string | undefined;
  /** Online channels: links, platforms, user names and dates (never images). */
  online?: string | undefined;
  /** Answers to the channel's own questions (tips.questions.ts), by question key. */
  answers?: Record<string, string> | undefined;
}

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

function receiptSecret(platform: Platform): Buffer {
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
      (await repo.retentionPeriod(trx, options.serviceId, input.channel)) ?? RETENTION_DAYS[input.channel];
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
      action: 'tips.receive',
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

function subject(tip: repo.TipRow): TipSubject {
  return { serviceId: tip.service_id, unitId: tip.unit_id, copiedUnitIds: tip.copied_unit_ids };
}

async function loadReadable(platform: Platform, actor: Actor, id: string) {
  const tip = await repo.findTip(platform.db, id);
  const units = await repo.unitsOf(platform.db, actor.personId);
  authorize(Boolean(tip) && canReadTip(actor, subject(tip!), units));
  return { tip: tip!, units };
}

export interface QueueItem extends repo.TipSummaryRow {
  overdue: boolean;
}

/** The queue, scoped so forbidden rows are never loaded. No content. */
export async function listQueue(
  platform: Platform,
  actor: Actor,
  filter: { status?: TipStatus | undefined; channel?: Channel | undefined },
): Promise<QueueItem[]> {
  const rows = hasRole(actor, 'police_analyst')
    ? await repo.listTips(platform.db, { serviceId: actor.organisationId }, filter)
    : await repo.listTips(platform.db, { unitIds: await repo.unitsOf(platform.db, actor.personId) }, filter);
  const limit = platform.now().getTime() - ACTION_DELAY_DAYS * DAY_MS;
  return rows.map((row) => ({
    ...row,
    overdue: NOT_ACTIONED.includes(row.status) && row.received_at.getTime() < limit,
  }));
}

export interface TipNote {
  id: string;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

export interface TipDetail {
  tip: repo.TipRow;
  attachments: Array<{ id: string; mimeType: string; sizeBytes: number }>;
  content: TipContent;
  messages: Array<{ id: string; author: 'police' | 'tipster'; body: string; createdAt: Date }>;
  notes: TipNote[];
  dispositionNote: string | null;
  canTriage: boolean;
}

function open(platform: Platform, value: string, context: string): string {
  try {
    return platform.keyring.decrypt(value, context);
  } catch (error) {
    if (error instanceof KeyringError) throw new AppError('internal', 500, { cause: error });
    throw error;
  }
}

/** The full content of a readable tip, decrypted (no audit: callers audit with their purpose). */
async function readContent(platform: Platform, actor: Actor, tip: repo.TipRow): Promise<TipDetail> {
  const id = tip.id;
  const messages = await repo.listMessages(platform.db, id);
  const attachments = await repo.listAttachments(platform.db, id);
  const notes = await repo.listNotes(platform.db, id);
  const names = new Map<string, string | null>();
  for (const authorId of new Set(notes.map((n) => n.author_person_id).filter((a) => a !== null))) {
    const person = await accounts.getPerson(platform, authorId).catch(() => null);
    names.set(authorId, person ? `${person.given_name} ${person.family_name}` : null);
  }
  return {
    tip,
    attachments: attachments.map((a) => ({ id: a.id, mimeType: a.mime_type, sizeBytes: a.size_bytes })),
    content: JSON.parse(open(platform, tip.content, `tips.content:${id}`)) as TipContent,
    messages: messages.map((m) => ({
      id: m.id,
      author: m.author,
      body: open(platform, m.body, `tips.message:${m.id}`),
      createdAt: m.created_at,
    })),
    notes: notes.map((n) => ({
      id: n.id,
      authorName: n.author_person_id ? (names.get(n.author_person_id) ?? null) : null,
      body: open(platform, n.body, `tips.note:${n.id}`),
      createdAt: n.created_at,
    })),
    dispositionNote: tip.disposition_note
      ? open(platform, tip.disposition_note, `tips.disposition_note:${id}`)
      : null,
    canTriage: canTriageTip(actor, { serviceId: tip.service_id }),
  };
}

/** Opens a tip's content, dialogue and notes. Every read is audited with its purpose. */
export async function openTip(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<TipDetail> {
  const { tip } = await loadReadable(platform, actor, id);
  const detail = await readContent(platform, actor, tip);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.read',
      targetType: 'tip',
      targetId: id,
      purpose,
    });
  });
  return detail;
}

/** The tip's triage facts without content (after a change). */
export async function getTipFacts(platform: Platform, actor: Actor, id: string): Promise<repo.TipRow> {
  return (await loadReadable(platform, actor, id)).tip;
}

export interface TriageInput {
  /** The status the analyst decided from; when the tip has another one now, the triage is refused. */
  fromStatus?: TipStatus | undefined;
  status?: TipStatus | undefined;
  priority?: Priority | undefined;
  category?: Channel | undefined;
  unitId?: string | null | undefined;
  copiedUnitIds?: string[] | undefined;
  /** Required when the tip is closed or marked unfounded. */
  disposition?: Disposition | undefined;
  /** Free text of the disposition; required for the disposition `other`. */
  dispositionNote?: string | undefined;
}

const ENDED: readonly TipStatus[] = ['closed', 'unfounded'];

/**
 * The disposition part of a triage: required when the tip ends (closed, unfounded) — unless it already
 * ended with one and only other fields change —, refused otherwise, cleared when a tip is reopened.
 */
export function dispositionChange(
  current: { status: TipStatus; disposition: Disposition | null },
  nextStatus: TipStatus,
  input: { disposition?: Disposition | undefined; dispositionNote?: string | undefined },
): { problems: FieldProblem[]; set: { disposition: Disposition | null; note: string | null } | null } {
  const problems: FieldProblem[] = [];
  const note = input.dispositionNote?.trim() || null;
  if (!ENDED.includes(nextStatus)) {
    if (input.disposition || note) problems.push({ field: 'disposition', rule: 'tips_disposition_open' });
    return { problems, set: current.disposition ? { disposition: null, note: null } : null };
  }
  const disposition = input.disposition ?? (ENDED.includes(current.status) ? current.disposition : null);
  if (!disposition) problems.push({ field: 'disposition', rule: 'tips_disposition_required' });
  if (input.disposition === 'other' && !note) {
    problems.push({ field: 'dispositionNote', rule: 'tips_disposition_note_required' });
  }
  if (problems.length > 0 || !input.disposition) return { problems, set: null };
  return { problems, set: { disposition: input.disposition, note } };
}

/**
 * Triage: status, priority, category, responsible unit and units copied for information. Decided on
 * the tip's locked row, so two analysts at once are ordered, never interleaved: with `fromStatus`, a
 * tip whose status changed meanwhile is refused (conflict, field `fromStatus`) and nothing is written;
 * a triage that changes nothing (the same one sent twice) writes nothing and no audit entry. Throws
 * not_found, forbidden, validation_failed, conflict.
 */
export async function triageTip(
  platform: Platform,
  actor: Actor,
  id: string,
  input: TriageInput,
): Promise<void> {
  const { tip: seen } = await loadReadable(platform, actor, id);
  authorize(canTriageTip(actor, { serviceId: seen.service_id }), { hide: false });
  const wanted = [...(input.unitId ? [input.unitId] : []), ...(input.copiedUnitIds ?? [])];
  const found = await repo.unitsByIds(platform.db, [...new Set(wanted)]);
  const foreign = (unit: string) => !found.some((f) => f.id === unit && f.service_id === seen.service_id);
  await platform.db.transaction().execute(async (trx) => {
    const tip = await repo.lockTip(trx, id);
    if (!tip) throw Errors.notFound();
    if (input.fromStatus !== undefined && input.fromStatus !== tip.status) {
      throw new AppError('conflict', 409, {
        details: [{ field: 'fromStatus', rule: 'tips_status_changed' }],
      });
    }
    const problems: FieldProblem[] = [];
    if (input.unitId && foreign(input.unitId)) problems.push({ field: 'unitId', rule: 'unknown' });
    const nextStatus = input.status ?? tip.status;
    const closing = dispositionChange(tip, nextStatus, input);
    problems.push(...closing.problems);
    const badCopy = (input.copiedUnitIds ?? []).findIndex(foreign);
    if (badCopy >= 0) problems.push({ field: `copiedUnitIds.${badCopy}`, rule: 'unknown' });
    if (problems.length > 0) throw Errors.invalid(problems);
    let status = input.status;
    if (!status && input.unitId && tip.status === 'new') status = 'assigned';
    const copies = input.copiedUnitIds ? [...new Set(input.copiedUnitIds)] : undefined;
    const noteNow = tip.disposition_note
      ? open(platform, tip.disposition_note, `tips.disposition_note:${id}`)
      : null;
    const changed =
      (status !== undefined && status !== tip.status) ||
      (input.priority !== undefined && input.priority !== tip.priority) ||
      (input.category !== undefined && input.category !== tip.category) ||
      (input.unitId !== undefined && input.unitId !== tip.unit_id) ||
      (closing.set !== null &&
        (closing.set.disposition !== tip.disposition || closing.set.note !== noteNow)) ||
      (copies !== undefined &&
        (copies.length !== tip.copied_unit_ids.length ||
          copies.some((c) => !tip.copied_unit_ids.includes(c))));
    // The same triage again (a second click, or a request that lost a race to an identical one).
    if (!changed) return;
    await repo.updateTriage(trx, id, {
      ...(status ? { status } : {}),
      ...(input.priority ? { priority: input.priority } : {}),
      ...(input.category ? { category: input.category } : {}),
      ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
      ...(closing.set
        ? {
            disposition: closing.set.disposition,
            disposition_note: closing.set.note
              ? platform.keyring.encrypt(closing.set.note, `tips.disposition_note:${id}`)
              : null,
          }
        : {}),
    });
    if (copies) await repo.replaceCopies(trx, id, copies);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.triage',
      targetType: 'tip',
      targetId: id,
      meta: {
        fields: Object.keys(input).filter(
          (k) => k !== 'fromStatus' && input[k as keyof TriageInput] !== undefined,
        ),
        ...(status ? { status } : {}),
        ...(closing.set?.disposition ? { disposition: closing.set.disposition } : {}),
      },
    });
  });
}

/** A question to the tipster, who reads it with their receipt. */
export async function askTipster(platform: Platform, actor: Actor, id: string, body: string): Promise<void> {
  const { tip, units } = await loadReadable(platform, actor, id);
  authorize(canAskTipster(actor, subject(tip), units), { hide: false });
  const messageId = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertMessage(trx, {
      id: messageId,
      tip_id: id,
      author: 'police',
      author_person_id: actor.personId,
      body: platform.keyring.encrypt(body.trim(), `tips.message:${messageId}`),
      created_at: roundToHour(platform.now()),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.ask',
      targetType: 'tip',
      targetId: id,
    });
  });
}

/** Links two related tips of the same service. */
export async function linkTips(platform: Platform, actor: Actor, id: string, otherId: string): Promise<void> {
  const { tip } = await loadReadable(platform, actor, id);
  authorize(canTriageTip(actor, { serviceId: tip.service_id }), { hide: false });
  if (otherId === id) throw Errors.field('otherId', 'tips_link_self');
  const other = await repo.findTip(platform.db, otherId);
  if (!other || other.service_id !== tip.service_id) throw Errors.field('otherId', 'unknown');
  await platform.db.transaction().execute(async (trx) => {
    await repo.linkTips(trx, id, otherId);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.link',
      targetType: 'tip',
      targetId: id,
      meta: { other: otherId },
    });
  });
}

/** Opens the identity vault of a tip: analysts of the service, with a purpose; audited. */
export async function readIdentity(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<string | null> {
  const { tip } = await loadReadable(platform, actor, id);
  authorize(canReadIdentity(actor, { serviceId: tip.service_id }), { hide: false });
  const sealed = await repo.findIdentity(platform.db, id);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.identity_read',
      targetType: 'tip',
      targetId: id,
      purpose,
      meta: { present: sealed !== null },
    });
  });
  return sealed === null ? null : open(platform, sealed, `tips.identity:${id}`);
}

export async function listUnits(platform: Platform, actor: Actor): Promise<repo.UnitRow[]> {
  return repo.listUnits(platform.db, actor.organisationId);
}

/** The same unit name given by someone else at this very moment: the unique index keeps one. */
function takenName(error: unknown): never {
  if ((error as { code?: unknown } | null)?.code === '23505') throw Errors.field('name', 'taken');
  throw error;
}

/**
 * Creates a unit of the analyst's service with its members (people of that service). Throws
 * forbidden, validation_failed (name empty or taken, also by a creation at the same moment).
 */
export async function createUnit(
  platform: Platform,
  actor: Actor,
  input: { name: string; memberIds: string[] },
): Promise<string> {
  authorize(hasRole(actor, 'police_analyst'), { hide: false });
  const name = input.name.trim();
  if (!name) throw Errors.field('name', 'required');
  const memberIds = [...new Set(input.memberIds)];
  await checkMembers(platform, actor, memberIds);
  return platform.db.transaction().execute(async (trx) => {
    if (await repo.unitNameTaken(trx, actor.organisationId, name)) throw Errors.field('name', 'taken');
    const id = await repo
      .insertUnit(trx, { service_id: actor.organisationId, name, memberIds })
      .catch(takenName);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.unit_create',
      targetType: 'tip_unit',
      targetId: id,
      meta: { members: memberIds.length },
    });
    return id;
  });
}

/** One attachment of a tip, for a reader of the tip; each download is audited with its purpose. */
export async function readAttachment(
  platform: Platform,
  actor: Actor,
  id: string,
  fileId: string,
  purpose: string,
): Promise<{ filename: string; mimeType: string; content: Buffer }> {
  await loadReadable(platform, actor, id);
  authorize(await repo.isAttachmentOf(platform.db, id, fileId));
  const file = await platform.files.read(platform.db, fileId);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.attachment_read',
      targetType: 'tip',
      targetId: id,
      purpose,
      meta: { file: fileId },
    });
  });
  return { filename: file.filename, mimeType: file.mimeType, content: file.content };
}

// ——— The tipster's follow-up ———

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
  const questions = await repo.listMessages(platform.db, tipId, 'police');
  return {
    session: sealSession(platform, tipId),
    questions: questions.map((q) => ({
      body: open(platform, q.body, `tips.message:${q.id}`),
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
  const found = receipt ? await repo.findTipIdByReceiptHash(platform.db, hash) : undefined;
  const now = platform.now();
  if (!found || found.tipster_access_until.getTime() < now.getTime()) {
    throw Errors.field('receipt', 'tips_receipt_unknown');
  }
  await platform.db.transaction().execute(async (trx) => {
    await repo.touchTipsterAccess(trx, found.id, new Date(now.getTime() + TIPSTER_ACCESS_DAYS * DAY_MS));
    await platform.audit.append(trx, {
      actor: null,
      action: 'tips.follow_up',
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
    await repo.insertMessage(trx, {
      id: messageId,
      tip_id: tipId,
      author: 'tipster',
      author_person_id: null,
      body: platform.keyring.encrypt(text, `tips.message:${messageId}`),
      created_at: roundToHour(platform.now()),
    });
    await platform.audit.append(trx, {
      actor: null,
      action: 'tips.tipster_message',
      targetType: 'tip',
      targetId: null,
    });
  });
  return followUpView(platform, tipId);
}

// ——— Retention ———

/**
 * Destroys every tip past its retention date, with its dialogue, identity vault, links and copies
 * (cascades), keeping only de-identified counts (month, channel, outcome). Audited per batch.
 */
export async function destroyExpiredTips(platform: Platform): Promise<number> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: platform.config.timeZone }).format(
    platform.now(),
  );
  let total = 0;
  for (;;) {
    const destroyed = await platform.db.transaction().execute(async (trx) => {
      const rows = await repo.expiredTips(trx, today, 200);
      if (rows.length === 0) return 0;
      const counts = new Map<string, { month: string; channel: string; outcome: string; count: number }>();
      for (const row of rows) {
        const month = `${new Intl.DateTimeFormat('en-CA', { timeZone: platform.config.timeZone, year: 'numeric', month: '2-digit' }).format(row.received_at).slice(0, 7)}-01`;
        const key = `${month}|${row.channel}|${row.status}`;
        const entry = counts.get(key) ?? { month, channel: row.channel, outcome: row.status, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
      await repo.addCounts(trx, [...counts.values()]);
      const ids = rows.map((r) => r.id);
      const files = await repo.attachmentFileIds(trx, ids);
      await repo.deleteTips(trx, ids);
      for (const fileId of files) await platform.files.remove(trx, fileId);
      await platform.audit.append(trx, {
        actor: null,
        action: 'tips.destroy_expired',
        targetType: 'tip',
        targetId: null,
        meta: { count: rows.length, files: files.length, ids },
      });
      return rows.length;
    });
    total += destroyed;
    if (destroyed < 200) return total;
  }
}

/** De-identified yearly counts for the annual report. */
export function yearCounts(platform: Platform, year: number) {
  return repo.yearCounts(platform.db, year, platform.config.timeZone);
}

/** The follow-up view of a still-valid session (after a problem in the tipster's message). */
export async function refreshFollowUp(platform: Platform, session: string): Promise<FollowUpView> {
  const tipId = openSession(platform, session);
  const tip = tipId ? await repo.findTip(platform.db, tipId) : undefined;
  if (!tipId || !tip) throw Errors.field('receipt', 'tips_session_expired');
  return followUpView(platform, tipId);
}

// ——— Internal notes ———

/** An internal note of the police on a tip (never shown to the tipster); encrypted and audited. */
export async function addNote(platform: Platform, actor: Actor, id: string, body: string): Promise<void> {
  const { tip, units } = await loadReadable(platform, actor, id);
  authorize(canWriteNote(actor, subject(tip), units), { hide: false });
  const text = body.trim();
  if (!text) throw Errors.field('body', 'required');
  const noteId = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertNote(trx, {
      id: noteId,
      tip_id: id,
      author_person_id: actor.personId,
      body: platform.keyring.encrypt(text, `tips.note:${noteId}`),
      created_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.note',
      targetType: 'tip',
      targetId: id,
    });
  });
}

// ——— Retention periods ———

export interface RetentionPeriod {
  channel: Channel;
  days: number;
  defaultDays: number;
  updatedAt: Date | null;
}

/** The retention period of each channel for the actor's police service (its own or the default). */
export async function listRetention(platform: Platform, actor: Actor): Promise<RetentionPeriod[]> {
  authorize(canManageRetention(actor, actor.organisationId), { hide: false });
  const set = await repo.retentionPeriods(platform.db, actor.organisationId);
  return CHANNELS.map((channel) => {
    const row = set.find((r) => r.channel === channel);
    return {
      channel,
      days: row?.days ?? RETENTION_DAYS[channel],
      defaultDays: RETENTION_DAYS[channel],
      updatedAt: row?.updated_at ?? null,
    };
  });
}

/**
 * Sets a channel's retention period for the actor's service. New tips take it at once; existing tips
 * take it only when `applyToExisting` is true (their expiry dates are recomputed from their receipt,
 * so a shortened period makes the next retention run destroy those already past it). Audited.
 */
export async function setRetention(
  platform: Platform,
  actor: Actor,
  channel: Channel,
  input: { days: number; applyToExisting: boolean },
): Promise<{ period: RetentionPeriod; updatedTips: number }> {
  authorize(canManageRetention(actor, actor.organisationId), { hide: false });
  const serviceId = actor.organisationId;
  const now = platform.now();
  const updatedTips = await platform.db.transaction().execute(async (trx) => {
    const previous = (await repo.retentionPeriod(trx, serviceId, channel)) ?? RETENTION_DAYS[channel];
    await repo.upsertRetentionPeriod(trx, {
      service_id: serviceId,
      channel,
      days: input.days,
      updated_at: now,
      updated_by: actor.personId,
    });
    const updated = input.applyToExisting
      ? await repo.reapplyRetention(trx, serviceId, channel, input.days)
      : 0;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.retention_set',
      targetType: 'organisation',
      targetId: serviceId,
      meta: {
        channel,
        days: input.days,
        previous,
        applyToExisting: input.applyToExisting,
        updatedTips: updated,
      },
    });
    return updated;
  });
  return {
    period: { channel, days: input.days, defaultDays: RETENTION_DAYS[channel], updatedAt: now },
    updatedTips,
  };
}

// ——— "New items" digest ———

/** Name of the digest job and its fixed schedule (every 15 minutes). */
export const DIGEST_JOB = 'tips.digest';
export const DIGEST_CRON = '*/15 * * * *';

/**
 * The batched "new items in the queue" notice. On its fixed schedule, for each police service with
 * tips received since the last digest, every active analyst of the service gets one in-app
 * notification and one e-mail that say only that there are new items — no count, channel, time or
 * content — so neither the timing nor the text of a notice points at a tip. Nothing is sent when
 * nothing is new. Returns how many people were told.
 */
export async function sendTipDigests(platform: Platform): Promise<number> {
  const services = await repo.servicesWithUnannounced(platform.db);
  let told = 0;
  for (const serviceId of services) {
    // Recipients are read before the transaction: on PGlite a service using platform.db inside it
    // would wait for the only connection forever.
    const analysts = (
      await accounts.searchPeople(platform, {
        organisationId: serviceId,
        role: 'police_analyst',
        status: 'active',
        page: 1,
        pageSize: 500,
      })
    ).rows;
    told += await platform.db.transaction().execute(async (trx) => {
      const count = await repo.takeUnannounced(trx, serviceId);
      if (count === 0) return 0;
      for (const analyst of analysts) {
        await platform.notifier.notify(trx, analyst.id, { kind: 'tips.new_items', link: '/signalements' });
        await platform.notifier.queueEmail(trx, {
          to: analyst.email,
          locale: analyst.locale === 'en-CA' ? 'en-CA' : 'fr-CA',
          template: 'tips_digest',
          params: { name: analyst.given_name, link: `${platform.config.publicUrl}/signalements` },
        });
      }
      await platform.audit.append(trx, {
        actor: null,
        action: 'tips.digest',
        targetType: 'organisation',
        targetId: serviceId,
        meta: { recipients: analysts.length },
      });
      return analysts.length;
    });
  }
  return told;
}

// ——— Units ———

/** People of the actor's police service who can be unit members (active accounts). */
export async function listServicePeople(
  platform: Platform,
  actor: Actor,
): Promise<Array<{ id: string; name: string; roles: string[] }>> {
  authorize(canManageUnits(actor, { serviceId: actor.organisationId }), { hide: false });
  const { rows } = await accounts.searchPeople(platform, {
    organisationId: actor.organisationId,
    status: 'active',
    page: 1,
    pageSize: 500,
  });
  return rows.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`, roles: p.roles }));
}

async function checkMembers(platform: Platform, actor: Actor, memberIds: string[]): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const [index, memberId] of memberIds.entries()) {
    const person = await accounts.getPerson(platform, memberId).catch(() => null);
    if (person?.organisation_id !== actor.organisationId) {
      problems.push({ field: `memberIds.${index}`, rule: 'unknown' });
    }
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

/**
 * Renames a unit of the analyst's service and/or replaces its members, under the unit's row lock (two
 * replacements at once are applied one after the other). Audited. Throws not_found, validation_failed.
 */
export async function updateUnit(
  platform: Platform,
  actor: Actor,
  unitId: string,
  input: { name?: string | undefined; memberIds?: string[] | undefined },
): Promise<void> {
  const unit = await repo.findUnit(platform.db, unitId);
  authorize(Boolean(unit) && canManageUnits(actor, { serviceId: unit!.service_id }));
  const name = input.name?.trim();
  if (input.name !== undefined && !name) throw Errors.field('name', 'required');
  const memberIds = input.memberIds ? [...new Set(input.memberIds)] : undefined;
  if (memberIds) await checkMembers(platform, actor, memberIds);
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findUnit(trx, unitId, { forUpdate: true }))) throw Errors.notFound();
    if (name && (await repo.unitNameTakenByOther(trx, unit!.service_id, name, unitId))) {
      throw Errors.field('name', 'taken');
    }
    if (name) await repo.renameUnit(trx, unitId, name).catch(takenName);
    if (memberIds) await repo.replaceMembers(trx, unitId, memberIds);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.unit_update',
      targetType: 'tip_unit',
      targetId: unitId,
      meta: { renamed: Boolean(name), ...(memberIds ? { members: memberIds.length } : {}) },
    });
  });
}

// ——— PDF export ———

/**
 * A tip as a PDF for an investigation file: facts, triage, answers, dialogue, notes and the list of
 * attachments. The identity vault is added only when asked for by someone allowed to open it; the
 * export is audited with its purpose (and whether the vault was included) in any case.
 */
export async function exportTipPdf(
  platform: Platform,
  actor: Actor,
  id: string,
  options: { purpose: string; includeIdentity: boolean; locale: Locale },
): Promise<Uint8Array> {
  const { tip } = await loadReadable(platform, actor, id);
  if (options.includeIdentity) {
    authorize(canReadIdentity(actor, { serviceId: tip.service_id }), { hide: false });
  }
  const detail = await readContent(platform, actor, tip);
  const units = await repo.listUnits(platform.db, tip.service_id);
  let identity: string | null | undefined;
  if (options.includeIdentity) {
    const sealed = await repo.findIdentity(platform.db, id);
    identity = sealed === null ? null : open(platform, sealed, `tips.identity:${id}`);
  }
  const generatedAt = platform.now();
  const bytes = await renderTipPdf({
    detail,
    unitNames: Object.fromEntries(units.map((u) => [u.id, u.name])),
    identity,
    locale: options.locale,
    timeZone: platform.config.timeZone,
    generatedAt,
  });
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.export_pdf',
      targetType: 'tip',
      targetId: id,
      purpose: options.purpose,
      meta: { identity: options.includeIdentity },
    });
  });
  return bytes;
}
