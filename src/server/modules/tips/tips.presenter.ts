import type { QueueItem, TipDetail } from './desk.service.js';
import type { RetentionPeriod } from './retention.service.js';
import type { TipLineView } from './tips.line.service.js';
import type { TipRow } from './tips.repository.js';
import type { UnitRow } from './units.repository.js';

export function presentFacts(
  tip: Pick<
    TipRow,
    | 'id'
    | 'channel'
    | 'source'
    | 'status'
    | 'priority'
    | 'category'
    | 'unit_id'
    | 'received_at'
    | 'expires_at'
  >,
) {
  return {
    id: tip.id,
    channel: tip.channel,
    source: tip.source,
    status: tip.status,
    priority: tip.priority,
    category: tip.category,
    unitId: tip.unit_id,
    receivedAt: tip.received_at.toISOString(),
    expiresOn: tip.expires_at,
  };
}

export function presentQueueItem(item: QueueItem) {
  return { ...presentFacts(item), overdue: item.overdue, unreadAnswers: item.unread_answers };
}

export function presentDetail(detail: TipDetail) {
  return {
    ...presentFacts(detail.tip),
    hasIdentity: detail.tip.has_identity,
    attachments: detail.attachments,
    copiedUnitIds: detail.tip.copied_unit_ids,
    linkedTipIds: detail.tip.linked_tip_ids,
    content: detail.content,
    messages: detail.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    notes: detail.notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
    disposition: detail.tip.disposition,
    dispositionNote: detail.dispositionNote,
    canTriage: detail.canTriage,
  };
}

export function presentUnit(unit: UnitRow) {
  return { id: unit.id, name: unit.name, memberIds: unit.member_ids };
}

export function presentTipLine(view: TipLineView) {
  return { ...view, updatedAt: view.updatedAt?.toISOString() ?? null };
}

export function presentRetention(period: RetentionPeriod) {
  return { ...period, updatedAt: period.updatedAt?.toISOString() ?? null };
}
