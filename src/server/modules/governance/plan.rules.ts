import type { PlanKind, PlanStatus } from './governance.table.js';

/** The kind a child of each kind must be: a means under a mandate, an action under a means. */
export const CHILD_KIND: Record<PlanKind, PlanKind | null> = {
  mandate: 'means',
  means: 'action',
  action: null,
};

/** Whether an item of `kind` may sit under a parent of `parentKind` (null: at the root). */
export function kindFits(kind: PlanKind, parentKind: PlanKind | null): boolean {
  if (parentKind === null) return kind === 'mandate';
  return CHILD_KIND[parentKind] === kind;
}

/**
 * Whether putting `itemId` under `newParentId` would make a cycle, given each item's current parent.
 * Walks up from the new parent: meeting the item itself means the item would become its own ancestor.
 */
export function wouldCycle(
  itemId: string,
  newParentId: string | null,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  const seen = new Set<string>();
  let current = newParentId;
  while (current !== null) {
    if (current === itemId) return true;
    if (seen.has(current)) return true; // already a cycle above: refuse rather than loop
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return false;
}

export interface RollupNode {
  id: string;
  parentId: string | null;
  weight: number;
  progress: number;
  status: PlanStatus;
}

/**
 * Progress of every item: a leaf keeps its own; a parent's is the weighted mean of its children's
 * (abandoned children do not count). Rounded to whole percents. Computed from the stored leaves on
 * every read, so it is never stale.
 */
export function rollUp(nodes: readonly RollupNode[]): Map<string, number> {
  const children = new Map<string, RollupNode[]>();
  for (const node of nodes) {
    if (node.parentId === null) continue;
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
  }
  const exact = new Map<string, number>();
  const visiting = new Set<string>();
  const compute = (node: RollupNode): number => {
    const known = exact.get(node.id);
    if (known !== undefined) return known;
    if (visiting.has(node.id)) return node.progress;
    visiting.add(node.id);
    const counted = (children.get(node.id) ?? []).filter((child) => child.status !== 'abandoned');
    let value: number;
    if (counted.length === 0) {
      value = node.status === 'done' ? 100 : node.progress;
    } else {
      let sum = 0;
      let weights = 0;
      for (const child of counted) {
        sum += compute(child) * child.weight;
        weights += child.weight;
      }
      value = sum / weights;
    }
    visiting.delete(node.id);
    exact.set(node.id, value);
    return value;
  };
  const result = new Map<string, number>();
  for (const node of nodes) result.set(node.id, Math.round(compute(node)));
  return result;
}

/** Overdue: a due date in the past (in the region's calendar) and not done nor abandoned. */
export function isOverdue(item: { dueDate: string | null; status: PlanStatus }, today: string): boolean {
  if (!item.dueDate) return false;
  if (item.status === 'done' || item.status === 'abandoned') return false;
  return item.dueDate < today;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
