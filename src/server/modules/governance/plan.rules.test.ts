import { describe, expect, it } from 'vitest';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { isOverdue, kindFits, localDate, type RollupNode, rollUp, wouldCycle } from './plan.rules.js';

describe('plan kinds', () => {
  it('puts mandates at the root, means under mandates, actions under means', () => {
    expect(kindFits('mandate', null)).toBe(true);
    expect(kindFits('means', null)).toBe(false);
    expect(kindFits('means', 'mandate')).toBe(true);
    expect(kindFits('action', 'means')).toBe(true);
    expect(kindFits('action', 'mandate')).toBe(false);
    expect(kindFits('mandate', 'means')).toBe(false);
    expect(kindFits('means', 'action')).toBe(false);
  });
});

describe('cycle detection', () => {
  const parents = new Map<string, string | null>([
    ['m', null],
    ['a', 'm'],
    ['b', 'a'],
    ['c', 'b'],
    ['x', null],
  ]);
  it('refuses to move an item under itself or one of its descendants', () => {
    expect(wouldCycle('a', 'a', parents)).toBe(true);
    expect(wouldCycle('a', 'c', parents)).toBe(true);
    expect(wouldCycle('m', 'b', parents)).toBe(true);
  });
  it('accepts a move elsewhere, or to the root', () => {
    expect(wouldCycle('b', 'x', parents)).toBe(false);
    expect(wouldCycle('c', 'm', parents)).toBe(false);
    expect(wouldCycle('a', null, parents)).toBe(false);
  });
  it('stops on an existing loop rather than spinning', () => {
    const loop = new Map<string, string | null>([
      ['p', 'q'],
      ['q', 'p'],
    ]);
    expect(wouldCycle('z', 'p', loop)).toBe(true);
  });
});

describe('weighted roll-up', () => {
  const node = (id: string, parentId: string | null, progress: number, weight = 1, status = 'in_progress') =>
    ({ id, parentId, progress, weight, status }) as RollupNode;

  it('gives a parent the weighted mean of its children, up the tree', () => {
    const result = rollUp([
      node('mandate', null, 0),
      node('means1', 'mandate', 0, 3),
      node('means2', 'mandate', 0, 1),
      node('a1', 'means1', 100, 1),
      node('a2', 'means1', 0, 1),
      node('a3', 'means2', 20, 1),
    ]);
    expect(result.get('means1')).toBe(50);
    expect(result.get('means2')).toBe(20);
    // (50 × 3 + 20 × 1) / 4 = 42.5
    expect(result.get('mandate')).toBe(43);
    expect(result.get('a1')).toBe(100);
  });

  it('ignores abandoned children and counts done leaves as complete', () => {
    const result = rollUp([
      node('p', null, 0),
      node('c1', 'p', 30, 1, 'done'),
      node('c2', 'p', 10, 5, 'abandoned'),
    ]);
    expect(result.get('p')).toBe(100);
  });

  it('keeps a childless parent at its own progress', () => {
    expect(rollUp([node('p', null, 35)]).get('p')).toBe(35);
  });
});

describe('overdue', () => {
  it('flags a past due date unless done or abandoned', () => {
    expect(isOverdue({ dueDate: '2026-01-01', status: 'in_progress' }, '2026-01-02')).toBe(true);
    expect(isOverdue({ dueDate: '2026-01-02', status: 'in_progress' }, '2026-01-02')).toBe(false);
    expect(isOverdue({ dueDate: '2026-01-01', status: 'done' }, '2026-03-01')).toBe(false);
    expect(isOverdue({ dueDate: '2026-01-01', status: 'abandoned' }, '2026-03-01')).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'blocked' }, '2026-03-01')).toBe(false);
  });
  it('reads today in the region’s time zone', () => {
    expect(localDate(new Date('2026-01-02T03:00:00Z'), REGION_TIME_ZONE)).toBe('2026-01-01');
  });
});
