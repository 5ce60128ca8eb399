import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/authz/actor.js';
import { hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { KeyringError } from '../../platform/crypto/keyring.js';
import { AppError, Errors } from '../../platform/errors.js';
import { type AcceptedType, sniffType } from '../../platform/files/file-store.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/accounts.service.js';
import { MetadataError, stripMetadata } from './tips.metadata.js';
import { canAskTipster, canReadIdentity, canReadTip, canTriageTip, type TipSubject } from './tips.policy.js';
import * as repo from './tips.repository.js';
import { hashReceipt, newReceipt, normaliseReceipt, roundToHour } from './tips.secrets.js';
import type { Channel, Priority, TipStatus } from './tips.table.js';

/** How long each channel's tips are kept, in days, from their receipt. */
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
/** A tip still new or triaged after this many days is flagged in the queue. */
export const ACTION_DELAY_DAYS = 7;
/** How long a follow-up page stays usable after the receipt was entered. */
export const FOLLOW_UP_SESSION_MS = 20 * 60_000;

const DAY_MS = 86_400_000;

/** The account of a tip: the facts (required) and the what/who/where/when/how answers. */
export interface TipContent {
  facts: string;
  who?: string | undefined;
  where?: string | undefined;
  when?: string | undefined;
  how?: string | undefined;
  /** Online channels: links, platforms, user names and dates (never images). */
  online?: string | undefined;
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

/** Checks each attachment's type by its content and strips its metadata; field problems otherwise. */
function prepareAttachments(files: Buffer[]): Array<{ content: Buffer; type: AcceptedType }> {
  if (files.length > ATTACHMENT_LIMITS.count) {
    throw Errors.field('attachments', 'too_many', { max: ATTACHMENT_LIMITS.count });
  }
  return files.map((file, index) => {
    const field = `attachments.${index}`;
    if (file.length > ATTACHMENT_LIMITS.maxBytes) {
      throw Errors.field(field, 'file_too_large', {
        max: Math.floor(ATTACHMENT_LIMITS.maxBytes / 1024 / 1024),
      });
    }
    const type = sniffType(file);
    if (!type || !ATTACHMENT_LIMITS.accept.includes(type)) throw Errors.field(field, 'file_type');
    try {
      return { content: stripMetadata(type, file), type };
    } catch (error) {
      if (error instanceof MetadataError) throw Errors.field(field, 'file_type');
      throw error;
    }
  });
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
  return out;
}

/** Checks the account; throws field problems (nothing stored). */
export function validateTipInput(input: TipInput): void {
  const problems = [];
  if (!input.facts || input.facts.trim() === '') problems.push({ field: 'facts', rule: 'required' });
  if (input.channel !== 'online' && input.online?.trim()) {
    problems.push({ field: 'online', rule: 'tips_online_only' });
  }
  if (input.channel === 'online' && (input.attachments?.length ?? 0) > 0) {
    problems.push({ field: 'attachments', rule: 'tips_no_files_online' });
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

const receivingCache = new WeakMap<Platform, { id: string; until: number }>();

/**
 * The police service that receives the public line: the region's police service (the first active
 * organisation of type police, in name order). Cached for a minute: intake must stay cheap.
 */
async function receivingService(platform: Platform): Promise<string> {
  const cached = receivingCache.get(platform);
  if (cached && cached.until > Date.now()) return cached.id;
  const services = await accounts.listOrganisations(platform, { type: 'police' });
  const service = services.find((s) => s.active) ?? services[0];
  if (!service) throw new AppError('unavailable', 503);
  receivingCache.set(platform, { id: service.id, until: Date.now() + 60_000 });
  return service.id;
}

async function storeTip(
  platform: Platform,
  input: TipInput,
  options: { serviceId: string; source: 'web' | 'phone'; actor: Actor | null },
): Promise<{ id: string; receipt: string }> {
  validateTipInput(input);
  const attachments = prepareAttachments(input.attachments ?? []);
  const id = randomUUID();
  const receipt = newReceipt();
  const receiptHash = await hashReceipt(receiptSecret(platform), receipt);
  const now = platform.now();
  const receivedAt = roundToHour(now);
  const content = platform.keyring.encrypt(JSON.stringify(clean(input)), `tips.content:${id}`);
  const contact = input.contact?.trim();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertTip(trx, {
      id,
      service_id: options.serviceId,
      channel: input.channel,
      source: options.source,
      receipt_hash: receiptHash,
      content,
      received_at: receivedAt,
      tipster_access_until: new Date(now.getTime() + TIPSTER_ACCESS_DAYS * DAY_MS),
      expires_at: isoDate(new Date(receivedAt.getTime() + RETENTION_DAYS[input.channel] * DAY_MS)),
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

/** A tip from the public form. Returns the receipt, which is never stored. */
export async function submitPublicTip(platform: Platform, input: TipInput): Promise<{ receipt: string }> {
  validateTipInput(input);
  const serviceId = await receivingService(platform);
  const { receipt } = await storeTip(platform, input, { serviceId, source: 'web', actor: null });
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
    overdue: (row.status === 'new' || row.status === 'triaged') && row.received_at.getTime() < limit,
  }));
}

export interface TipDetail {
  tip: repo.TipRow;
  attachments: Array<{ id: string; mimeType: string; sizeBytes: number }>;
  content: TipContent;
  messages: Array<{ id: string; author: 'police' | 'tipster'; body: string; createdAt: Date }>;
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

/** Opens a tip's content and dialogue. Every read is audited with its purpose. */
export async function openTip(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<TipDetail> {
  const { tip } = await loadReadable(platform, actor, id);
  const messages = await repo.listMessages(platform.db, id);
  const attachments = await repo.listAttachments(platform.db, id);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.read',
      targetType: 'tip',
      targetId: id,
      purpose,
    });
  });
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
    canTriage: canTriageTip(actor, { serviceId: tip.service_id }),
  };
}

/** The tip's triage facts without content (after a change). */
export async function getTipFacts(platform: Platform, actor: Actor, id: string): Promise<repo.TipRow> {
  return (await loadReadable(platform, actor, id)).tip;
}

export interface TriageInput {
  status?: TipStatus | undefined;
  priority?: Priority | undefined;
  category?: Channel | undefined;
  unitId?: string | null | undefined;
  copiedUnitIds?: string[] | undefined;
}

/** Triage: status, priority, category, responsible unit and units copied for information. */
export async function triageTip(
  platform: Platform,
  actor: Actor,
  id: string,
  input: TriageInput,
): Promise<void> {
  const { tip } = await loadReadable(platform, actor, id);
  authorize(canTriageTip(actor, { serviceId: tip.service_id }), { hide: false });
  const wanted = [...(input.unitId ? [input.unitId] : []), ...(input.copiedUnitIds ?? [])];
  const found = await repo.unitsByIds(platform.db, [...new Set(wanted)]);
  const foreign = (unit: string) => !found.some((f) => f.id === unit && f.service_id === tip.service_id);
  const problems = [];
  if (input.unitId && foreign(input.unitId)) problems.push({ field: 'unitId', rule: 'unknown' });
  const badCopy = (input.copiedUnitIds ?? []).findIndex(foreign);
  if (badCopy >= 0) problems.push({ field: `copiedUnitIds.${badCopy}`, rule: 'unknown' });
  if (problems.length > 0) throw Errors.invalid(problems);
  let status = input.status;
  if (!status && input.unitId && tip.status === 'new') status = 'assigned';
  const changes = {
    ...(status ? { status } : {}),
    ...(input.priority ? { priority: input.priority } : {}),
    ...(input.category ? { category: input.category } : {}),
    ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
  };
  await platform.db.transaction().execute(async (trx) => {
    await repo.updateTriage(trx, id, changes);
    if (input.copiedUnitIds) await repo.replaceCopies(trx, id, [...new Set(input.copiedUnitIds)]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.triage',
      targetType: 'tip',
      targetId: id,
      meta: {
        fields: Object.keys(input).filter((k) => input[k as keyof TriageInput] !== undefined),
        ...(status ? { status } : {}),
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

/** Creates a unit of the analyst's service with its members (people of that service). */
export async function createUnit(
  platform: Platform,
  actor: Actor,
  input: { name: string; memberIds: string[] },
): Promise<string> {
  authorize(hasRole(actor, 'police_analyst'), { hide: false });
  const name = input.name.trim();
  if (!name) throw Errors.field('name', 'required');
  const memberIds = [...new Set(input.memberIds)];
  const problems = [];
  for (const [index, memberId] of memberIds.entries()) {
    const person = await accounts.getPerson(platform, memberId).catch(() => null);
    if (person?.organisation_id !== actor.organisationId) {
      problems.push({ field: `memberIds.${index}`, rule: 'unknown' });
    }
  }
  if (problems.length > 0) throw Errors.invalid(problems);
  return platform.db.transaction().execute(async (trx) => {
    if (await repo.unitNameTaken(trx, actor.organisationId, name)) throw Errors.field('name', 'taken');
    const id = await repo.insertUnit(trx, { service_id: actor.organisationId, name, memberIds });
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
