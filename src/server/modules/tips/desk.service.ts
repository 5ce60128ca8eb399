import type { Static } from '@sinclair/typebox';
import type { Locale } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as followUpRepo from './follow-up.repository.js';
import { type TipContent, unseal } from './tips.content.js';
import { renderTipPdf } from './tips.pdf.js';
import { canReadIdentity, canReadTip, canTriageTip, type TipSubject } from './tips.policy.js';
import * as repo from './tips.repository.js';
import type { QueueQuery } from './tips.schemas.js';
import type { TipStatus } from './tips.table.js';
import * as unitRepo from './units.repository.js';

/**
 * The police desk's reading of tips: the queue, a tip opened with a purpose (content, dialogue, notes),
 * its identity vault, its attachments and its PDF export. Every reading is audited with its purpose.
 */

/** A tip not actioned yet (new, triaged or assigned) after this many days is flagged in the queue. */
export const ACTION_DELAY_DAYS = 7;

const DAY_MS = 86_400_000;
const NOT_ACTIONED: readonly TipStatus[] = ['new', 'triaged', 'assigned'];

/** A tip as the policies see it. */
export function subject(tip: repo.TipRow): TipSubject {
  return { serviceId: tip.service_id, unitId: tip.unit_id, copiedUnitIds: tip.copied_unit_ids };
}

/** A tip the actor may read, with the units they belong to. Absent and forbidden are both not_found. */
export async function loadReadable(platform: Platform, actor: Actor, id: string) {
  const tip = await repo.findTip(platform.db, id);
  const units = await unitRepo.unitsOf(platform.db, actor.personId);
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
  filter: Static<typeof QueueQuery>,
): Promise<QueueItem[]> {
  const rows = hasRole(actor, 'police_analyst')
    ? await repo.listTips(platform.db, { serviceId: actor.organisationId }, filter)
    : await repo.listTips(
        platform.db,
        { unitIds: await unitRepo.unitsOf(platform.db, actor.personId) },
        filter,
      );
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

/** The full content of a readable tip, decrypted (no audit: callers audit with their purpose). */
async function readContent(platform: Platform, actor: Actor, tip: repo.TipRow): Promise<TipDetail> {
  const id = tip.id;
  const messages = await followUpRepo.listMessages(platform.db, id);
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
    content: JSON.parse(unseal(platform, tip.content, `tips.content:${id}`)) as TipContent,
    messages: messages.map((m) => ({
      id: m.id,
      author: m.author,
      body: unseal(platform, m.body, `tips.message:${m.id}`),
      createdAt: m.created_at,
    })),
    notes: notes.map((n) => ({
      id: n.id,
      authorName: n.author_person_id ? (names.get(n.author_person_id) ?? null) : null,
      body: unseal(platform, n.body, `tips.note:${n.id}`),
      createdAt: n.created_at,
    })),
    dispositionNote: tip.disposition_note
      ? unseal(platform, tip.disposition_note, `tips.disposition_note:${id}`)
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
      action: 'tips.tip.read',
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
      action: 'tips.identity.read',
      targetType: 'tip',
      targetId: id,
      purpose,
      meta: { present: sealed !== null },
    });
  });
  return sealed === null ? null : unseal(platform, sealed, `tips.identity:${id}`);
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
      action: 'tips.attachment.read',
      targetType: 'tip',
      targetId: id,
      purpose,
      meta: { file: fileId },
    });
  });
  return { filename: file.filename, mimeType: file.mimeType, content: file.content };
}

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
  const units = await unitRepo.listUnits(platform.db, tip.service_id);
  let identity: string | null | undefined;
  if (options.includeIdentity) {
    const sealed = await repo.findIdentity(platform.db, id);
    identity = sealed === null ? null : unseal(platform, sealed, `tips.identity:${id}`);
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
      action: 'tips.tip.export_pdf',
      targetType: 'tip',
      targetId: id,
      purpose: options.purpose,
      meta: { identity: options.includeIdentity },
    });
  });
  return bytes;
}
