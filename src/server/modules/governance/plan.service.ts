// The table's action plan: the tree of mandates, means and actions with rolled-up progress, owners,
// history and milestones, and the daily reminders of overdue items.
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { enabledPeopleExist, organisationsExist } from '../accounts/index.js';
import { manageOrThrow } from './governance.policy.js';
import type {
  CreatePlanItemBody,
  MilestoneBody,
  UpdateMilestoneBody,
  UpdatePlanItemBody,
} from './governance.schemas.js';
import type { PlanKind } from './governance.table.js';
import { decisionsForPlanItem } from './meetings.repository.js';
import * as repo from './plan.repository.js';
import { isOverdue, kindFits, localDate, rollUp, wouldCycle } from './plan.rules.js';

export interface PlanItemView {
  row: repo.PlanItemRow;
  progress: number;
  overdue: boolean;
  organisations: repo.OwnerRow[];
  people: repo.OwnerRow[];
}

function today(platform: Platform): string {
  return localDate(platform.now(), platform.config.timeZone);
}

/** The whole plan with rolled-up progress and overdue flags (every member reads it). */
export async function planTree(platform: Platform): Promise<{ today: string; items: PlanItemView[] }> {
  const rows = await repo.listPlanItems(platform.db);
  const owners = await repo.planOwners(platform.db);
  return { today: today(platform), items: views(platform, rows, owners) };
}

function views(
  platform: Platform,
  rows: readonly repo.PlanItemRow[],
  owners: { organisations: repo.OwnerRow[]; people: repo.OwnerRow[] },
  all: readonly repo.PlanItemRow[] = rows,
): PlanItemView[] {
  const rolled = rollUp(
    all.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      weight: r.weight,
      progress: r.progress,
      status: r.status,
    })),
  );
  const date = today(platform);
  return rows.map((row) => ({
    row,
    progress: rolled.get(row.id) ?? row.progress,
    overdue: isOverdue({ dueDate: row.due_date, status: row.status }, date),
    organisations: owners.organisations.filter((o) => o.item_id === row.id),
    people: owners.people.filter((p) => p.item_id === row.id),
  }));
}

export async function getPlanItem(platform: Platform, id: string) {
  const all = await repo.listPlanItems(platform.db);
  const row = all.find((r) => r.id === id);
  if (!row) throw Errors.notFound();
  const owners = await repo.planOwners(platform.db, [id]);
  const [view] = views(platform, [row], owners, all);
  const date = today(platform);
  return {
    view: view!,
    milestones: (await repo.listMilestones(platform.db, id)).map((m) => ({
      ...m,
      overdue: m.done_date === null && m.due_date < date,
    })),
    history: await repo.listHistory(platform.db, id),
    decisions: await decisionsForPlanItem(platform.db, id),
  };
}

async function checkPlanInput(
  trx: Transaction<DB>,
  input: Static<typeof UpdatePlanItemBody>,
  merged: { start: string | null; due: string | null },
): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.titleFr !== undefined && !input.titleFr.trim())
    problems.push({ field: 'titleFr', rule: 'required' });
  if (input.titleEn !== undefined && !input.titleEn.trim())
    problems.push({ field: 'titleEn', rule: 'required' });
  if (input.progress !== undefined && (input.progress < 0 || input.progress > 100)) {
    problems.push({ field: 'progress', rule: 'progress_range', params: { min: 0, max: 100 } });
  }
  if (merged.start && merged.due && merged.due < merged.start) {
    problems.push({ field: 'dueDate', rule: 'due_before_start' });
  }
  if (input.ownerOrganisationIds && !(await organisationsExist(trx, input.ownerOrganisationIds))) {
    problems.push({ field: 'ownerOrganisationIds', rule: 'unknown' });
  }
  if (input.ownerPersonIds && !(await enabledPeopleExist(trx, input.ownerPersonIds))) {
    problems.push({ field: 'ownerPersonIds', rule: 'unknown' });
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

async function checkParent(
  trx: Transaction<DB>,
  kind: PlanKind,
  parentId: string | null,
  itemId: string | null,
): Promise<void> {
  if (itemId !== null && parentId !== null) {
    if (wouldCycle(itemId, parentId, await repo.planParents(trx)))
      throw Errors.field('parentId', 'plan_cycle');
  }
  let parentKind: PlanKind | null = null;
  if (parentId !== null) {
    const parent = await repo.findPlanItem(trx, parentId);
    if (!parent) throw Errors.field('parentId', 'unknown');
    parentKind = parent.kind;
  }
  if (!kindFits(kind, parentKind))
    throw Errors.field('kind', 'plan_kind', { kind, parent: parentKind ?? '-' });
}

export async function createPlanItem(
  platform: Platform,
  actor: Actor,
  input: Static<typeof CreatePlanItemBody>,
): Promise<string> {
  manageOrThrow(actor);
  return platform.db.transaction().execute(async (trx) => {
    await checkPlanInput(trx, input, { start: input.startDate ?? null, due: input.dueDate ?? null });
    await checkParent(trx, input.kind, input.parentId, null);
    const id = await repo.insertPlanItem(trx, {
      parent_id: input.parentId,
      kind: input.kind,
      title_fr: input.titleFr.trim(),
      title_en: input.titleEn.trim(),
      description: input.description?.trim() || null,
      start_date: input.startDate ?? null,
      due_date: input.dueDate ?? null,
      status: input.status ?? 'not_started',
      progress: input.status === 'done' ? 100 : (input.progress ?? 0),
      weight: input.weight ?? 1,
      position: await repo.nextPlanPosition(trx, input.parentId),
    });
    await repo.setPlanOwners(trx, id, {
      organisationIds: input.ownerOrganisationIds,
      personIds: input.ownerPersonIds,
    });
    await repo.insertHistory(
      trx,
      [{ item_id: id, field: 'created', old_value: null, new_value: input.titleFr }],
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.plan_item.create',
      targetType: 'plan_item',
      targetId: id,
      meta: { kind: input.kind, parent: input.parentId },
    });
    return id;
  });
}

function ownerNames(rows: readonly repo.OwnerRow[]): string {
  return rows
    .map((r) => r.name)
    .sort()
    .join(', ');
}

/** Edits a plan item; every changed field goes to its history. Moving checks kinds and cycles. */
export async function updatePlanItem(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof UpdatePlanItemBody>,
): Promise<void> {
  manageOrThrow(actor);
  await platform.db.transaction().execute(async (trx) => {
    const item = await repo.findPlanItem(trx, id, { forUpdate: true });
    if (!item) throw Errors.notFound();
    const start = input.startDate !== undefined ? input.startDate : item.start_date;
    const due = input.dueDate !== undefined ? input.dueDate : item.due_date;
    await checkPlanInput(trx, input, { start, due });
    if (input.parentId !== undefined && input.parentId !== item.parent_id) {
      await checkParent(trx, item.kind, input.parentId, id);
    }
    const values: Partial<repo.PlanValues> = {};
    const history: Array<{
      item_id: string;
      field: string;
      old_value: string | null;
      new_value: string | null;
    }> = [];
    const change = <K extends keyof repo.PlanValues>(
      field: K,
      value: repo.PlanValues[K] | undefined,
      label: string,
    ) => {
      if (value === undefined || value === item[field as keyof repo.PlanItemRow]) return;
      values[field] = value;
      const old = item[field as keyof repo.PlanItemRow];
      history.push({
        item_id: id,
        field: label,
        old_value: old === null ? null : String(old),
        new_value: value === null ? null : String(value),
      });
    };
    change('title_fr', input.titleFr?.trim(), 'titleFr');
    change('title_en', input.titleEn?.trim(), 'titleEn');
    change(
      'description',
      input.description === undefined ? undefined : input.description?.trim() || null,
      'description',
    );
    change('start_date', input.startDate, 'startDate');
    change('due_date', input.dueDate, 'dueDate');
    change('status', input.status, 'status');
    change(
      'progress',
      input.status === 'done' && input.progress === undefined ? 100 : input.progress,
      'progress',
    );
    change('weight', input.weight, 'weight');
    if (input.parentId !== undefined && input.parentId !== item.parent_id) {
      values.parent_id = input.parentId;
      values.position = await repo.nextPlanPosition(trx, input.parentId);
      history.push({ item_id: id, field: 'parentId', old_value: item.parent_id, new_value: input.parentId });
    }
    if (input.ownerOrganisationIds || input.ownerPersonIds) {
      const before = await repo.planOwners(trx, [id]);
      await repo.setPlanOwners(trx, id, {
        organisationIds: input.ownerOrganisationIds,
        personIds: input.ownerPersonIds,
      });
      const after = await repo.planOwners(trx, [id]);
      for (const [field, kind] of [
        ['ownerOrganisations', 'organisations'],
        ['ownerPeople', 'people'],
      ] as const) {
        const old = ownerNames(before[kind]);
        const now = ownerNames(after[kind]);
        if (old !== now) history.push({ item_id: id, field, old_value: old || null, new_value: now || null });
      }
    }
    if (history.length === 0) return;
    const now = platform.now();
    await repo.updatePlanItem(trx, id, values, now);
    await repo.insertHistory(trx, history, actor.personId, now);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.plan_item.update',
      targetType: 'plan_item',
      targetId: id,
      meta: { fields: history.map((h) => h.field) },
    });
  });
}

export async function addMilestone(
  platform: Platform,
  actor: Actor,
  itemId: string,
  input: Static<typeof MilestoneBody>,
): Promise<string> {
  manageOrThrow(actor);
  if (!input.title.trim()) throw Errors.field('title', 'required');
  return platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findPlanItem(trx, itemId, { forUpdate: true }))) throw Errors.notFound();
    const id = await repo.insertMilestone(trx, {
      item_id: itemId,
      title: input.title.trim(),
      due_date: input.dueDate,
      done_date: input.doneDate ?? null,
    });
    await repo.insertHistory(
      trx,
      [
        {
          item_id: itemId,
          field: 'milestone',
          old_value: null,
          new_value: `${input.title.trim()} (${input.dueDate})`,
        },
      ],
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.milestone.create',
      targetType: 'plan_item',
      targetId: itemId,
      meta: { milestone: id },
    });
    return id;
  });
}

export async function updateMilestone(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof UpdateMilestoneBody>,
): Promise<string> {
  manageOrThrow(actor);
  if (input.title !== undefined && !input.title.trim()) throw Errors.field('title', 'required');
  return platform.db.transaction().execute(async (trx) => {
    const milestone = await repo.findMilestone(trx, id);
    if (!milestone) throw Errors.notFound();
    await repo.updateMilestone(trx, id, {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
      ...(input.doneDate !== undefined ? { done_date: input.doneDate } : {}),
    });
    const describe = (m: { title: string; due_date: string; done_date: string | null }) =>
      `${m.title} (${m.due_date}${m.done_date ? ` → ${m.done_date}` : ''})`;
    const after = { ...milestone, ...(await repo.findMilestone(trx, id))! };
    await repo.insertHistory(
      trx,
      [
        {
          item_id: milestone.item_id,
          field: 'milestone',
          old_value: describe(milestone),
          new_value: describe(after),
        },
      ],
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.milestone.update',
      targetType: 'plan_item',
      targetId: milestone.item_id,
      meta: { milestone: id },
    });
    return milestone.item_id;
  });
}

/**
 * Daily: reminds the owners of every overdue item (in the app and by e-mail), at most once a week per
 * item and person. Each item's reminders are decided under its row lock, so two runs at once remind
 * each owner once. Returns how many reminders went out.
 */
export async function remindOverdue(platform: Platform): Promise<number> {
  const now = platform.now();
  const date = today(platform);
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const items = (await repo.listPlanItems(platform.db)).filter((item) =>
    isOverdue({ dueDate: item.due_date, status: item.status }, date),
  );
  let sent = 0;
  for (const item of items) {
    sent += await platform.db.transaction().execute(async (trx) => {
      if (!(await repo.findPlanItem(trx, item.id, { forUpdate: true }))) return 0;
      let count = 0;
      for (const owner of await repo.overdueOwners(trx, item.id)) {
        const last = await repo.lastReminder(trx, item.id, owner.id);
        if (last && last > weekAgo) continue;
        const locale = owner.locale as Locale;
        const title = locale === 'en-CA' ? item.title_en : item.title_fr;
        await platform.notifier.notify(trx, owner.id, {
          kind: 'governance.plan_overdue',
          params: { title, dueDate: item.due_date ?? '' },
          link: `/table/plan?item=${item.id}`,
        });
        await platform.notifier.queueEmail(trx, {
          to: owner.email,
          locale,
          template: 'governance_plan_overdue',
          params: {
            name: owner.given_name,
            title,
            dueDate: item.due_date ?? '',
            link: `${platform.config.publicUrl}/table/plan?item=${item.id}`,
          },
        });
        await repo.recordReminder(trx, item.id, owner.id, now);
        count += 1;
      }
      if (count > 0) {
        await platform.audit.append(trx, {
          actor: null,
          action: 'governance.plan_item.remind_overdue',
          targetType: 'plan_item',
          targetId: item.id,
          meta: { reminded: count },
        });
      }
      return count;
    });
  }
  return sent;
}
